"""``TerminateOnNaN``: stop training at the first NaN or infinity, before the optimizer writes it
into the weights, and say where it appeared: which layer's output and which op in the forward
pass, or which op's derivative in the backward pass."""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np

from ..._backend import array_ops
from ...autograd import detect_anomaly, enable_grad, no_grad
from ...random import Generator, get_rng_state, use_generator
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
    before it reaches the weights, naming the culprit (ours).

    Forward hooks on every module (and on the loss when it is a module) note the first output
    that holds a NaN or infinity: its layer's dotted name and class and the op that made it
    (the output's ``grad_fn``, e.g. ``LogBackward``); hooks fire innermost first, so that is
    the first layer that went bad. When the model's output is not finite, training stops at
    once, before the loss, the backward and the update. Between the backward and the optimizer
    step it checks the gradients (one pass over them, only while this callback is in use): a
    non-finite gradient skips the step and stops training, and when the forward pass was finite
    the batch is run once more with ``autograd.detect_anomaly`` to name the op whose derivative
    made it (``SqrtBackward`` at 0 ...). So the weights stay finite. The diagnosis is printed
    and kept in ``self.message`` and ``history.stop_reason``.
    """

    def __init__(self, verbose: int = 1) -> None:
        self.verbose = verbose
        self.message: str | None = None
        self._handles: list = []
        self._first: tuple[str, str, str] | None = None
        self._batch = 0
        self._rng: dict | None = None

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
        checks = getattr(self.trainer, "gradient_checks", None)
        if checks is not None:
            checks.append(self._check_gradients)

    def on_train_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        self._first = None
        self._batch = batch
        self._rng = get_rng_state()  # to run the batch again, dropout masks and all

    def _check_gradients(self, value: Any, target: Any, inputs: tuple) -> None:
        """Between backward and the optimizer step: a non-finite gradient stops training
        before the step writes it."""
        named = [(n, p) for n, p in self.model.named_parameters() if p.grad is not None]
        bad = [n for n, p in named if not all_finite(p.grad)]
        if not bad:
            return
        loss = float(value.item())
        if not math.isfinite(loss):
            what = f"the loss is {loss}"
        else:
            more = " ..." if len(bad) > 3 else ""
            what = f"the gradient of {', '.join(bad[:3])}{more} is not finite"
        if self._first is None and math.isfinite(loss):
            op = self._backward_culprit(target, inputs)
            raise StopTraining(self._report(what, backward=op))
        raise StopTraining(self._report(what))

    def _backward_culprit(self, target: Any, inputs: tuple) -> str:
        """The batch again, from the random state it started with, under anomaly detection:
        the op whose derivative first gave NaN or infinity (grads and buffers put back)."""
        model = self.model
        grads = [(p, p.grad) for p in model.parameters()]
        buffers = [(b, b.detach().clone()) for b in model.buffers()]
        stream = Generator()
        if self._rng is not None:
            stream.set_state(self._rng)
        try:
            with use_generator(stream), enable_grad(), detect_anomaly(), np.errstate(all="ignore"):
                self.trainer.loss(model(*inputs), target).backward()
        except RuntimeError as e:
            found = re.match(r"Function '(\w+)' returned", str(e))
            if found:
                return found.group(1)
        finally:
            for p, g in grads:
                p.grad = g
            with no_grad():
                for b, saved in buffers:
                    b.copy_(saved)
        return "an op of the backward pass"

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        value = (logs or {}).get("loss", 0.0)
        if not math.isfinite(value):
            self.trainer.history.stop_reason = self._report(f"the loss is {value}")
            self.trainer.stop_training = True

    def _report(self, what: str, backward: str | None = None) -> str:
        where = f"epoch {getattr(self.trainer, 'epoch', 0) + 1}, batch {self._batch + 1}"
        if backward is not None:
            culprit = (
                f"the forward pass was finite; op {backward}'s derivative made the first "
                "non-finite gradient (the optimizer step was skipped: the weights are those "
                "before this batch)"
            )
        elif self._first is None:
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
        checks = getattr(self.trainer, "gradient_checks", None)
        if checks is not None and self._check_gradients in checks:
            checks.remove(self._check_gradients)
