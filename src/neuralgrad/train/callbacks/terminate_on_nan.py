"""``TerminateOnNaN``: stop training at the first NaN or infinity, and say where it appeared:
which layer's output, made by which op."""

from __future__ import annotations

import math
from typing import Any

from ..._backend import array_ops
from .base import Callback, StopTraining

__all__ = ["TerminateOnNaN", "all_finite"]


def all_finite(out: Any) -> bool:
    """Whether a module's output (a tensor or a tuple of them) holds only finite numbers: one
    fast reduction per tensor, confirmed element-wise only when the sum is not finite (a sum
    can overflow although every element is finite)."""
    for t in out if isinstance(out, (tuple, list)) else (out,):
        d = getattr(t, "_data", None)
        if d is None or d.dtype.kind != "f":
            continue
        xp = array_ops(d)  # the output's own library: a GPU output is checked on the GPU
        if xp.isfinite(d.sum()):
            continue
        if not xp.isfinite(d).all():
            return False
    return True


def _op(out: Any) -> str:
    """The name of the op that made the first non-finite tensor of ``out`` (its grad_fn)."""
    for t in out if isinstance(out, (tuple, list)) else (out,):
        if not all_finite(t):
            fn = getattr(t, "grad_fn", None)
            return type(fn).__name__ if fn is not None else "an op recorded without grad"
    return "?"


class TerminateOnNaN(Callback):
    """Stop at the first non-finite value in training (``keras.callbacks.TerminateOnNaN``),
    naming the culprit (ours).

    Forward hooks on every module (and on the loss when it is a module) note the first output
    that holds a NaN or infinity: its layer's dotted name and class and the op that made it
    (the output's ``grad_fn``, e.g. ``LogBackward``); hooks fire innermost first, so that is
    the first layer that went bad. When the model's output is not finite, training stops at
    once, before the loss, the backward and the update, so the weights stay finite; a loss
    that alone turns non-finite stops training after its batch. The diagnosis is printed and
    kept in ``self.message`` and ``history.stop_reason``.
    """

    def __init__(self, verbose: int = 1) -> None:
        self.verbose = verbose
        self.message: str | None = None
        self._handles: list = []
        self._first: tuple[str, str, str] | None = None

    def _record(self, name: str) -> Any:
        def hook(module: Any, args: Any, out: Any) -> None:
            if self._first is None and not all_finite(out):
                self._first = (name, type(module).__name__, _op(out))

        return hook

    def _guard(self, module: Any, args: Any, out: Any) -> None:
        """After the whole model: a non-finite output in training ends the step here."""
        if module.training and self._first is not None and not all_finite(out):
            raise StopTraining(self._report("the model's output is not finite"))

    def on_train_begin(self, logs: dict | None = None) -> None:
        self.message = None
        modules = list(self.model.named_modules())
        loss = getattr(self.trainer, "loss", None)
        if hasattr(loss, "register_forward_hook"):
            modules.append(("<loss>", loss))
        self._handles = [m.register_forward_hook(self._record(n)) for n, m in modules]
        self._handles.append(self.model.register_forward_hook(self._guard))

    def on_train_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        self._first = None
        self._batch = batch

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        value = (logs or {}).get("loss", 0.0)
        if not math.isfinite(value):
            self.trainer.history.stop_reason = self._report(f"the loss is {value}")
            self.trainer.stop_training = True

    def _report(self, what: str) -> str:
        where = f"epoch {getattr(self.trainer, 'epoch', 0) + 1}, batch {self._batch + 1}"
        if self._first is None:
            culprit = (
                "every layer's output was finite, so the loss function made the first "
                "non-finite value (check the targets and the loss's inputs)"
            )
        else:
            name, cls, op = self._first
            layer = {"<loss>": "the loss", "": "the model"}.get(name, f"layer {name!r}")
            culprit = f"the first non-finite value came out of {layer} ({cls}), made by op {op}"
        self.message = f"TerminateOnNaN: {where}: {what}; {culprit}"
        if self.verbose:
            print(self.message)
        return self.message

    def on_train_end(self, logs: dict | None = None) -> None:
        for h in self._handles:
            h.remove()
        self._handles = []
