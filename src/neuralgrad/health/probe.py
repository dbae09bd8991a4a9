"""``Probe``: forward hooks that watch one batch go through a model: how many ReLU units never
fire, how many sigmoid/tanh outputs sit at an asymptote, and where the first NaN or infinity
came out (the layer, and the op inside it, found by walking the graph back from that output
through the inputs its ops kept). ``layer_rows`` adds each layer's gradient and update norms."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .._devices import to_numpy
from .._tensor import Tensor
from ..autograd.node import Node
from ..nn.modules.activation import ReLU, Sigmoid, Tanh
from ..train.callbacks.terminate_on_nan import all_finite  # the one "is this output finite" test
from .report import LayerStats

__all__ = ["Probe", "first_bad_op", "layer_rows", "own_params"]


def first_bad_op(out: Any) -> str:
    """The name of the op that first made a non-finite value of ``out``: walk back from it
    (breadth-first, no recursion) through ops whose value is unknown or not finite, stopping at
    values known to be finite, and take the deepest op known to be non-finite. Values are known
    where an op kept them for its backward (its inputs, or its output). When the ops behind that
    one kept nothing but exactly one of them has only finite inputs, that one is named."""
    bad = [t for t in (out if isinstance(out, (tuple, list)) else (out,)) if not all_finite(t)]
    best = getattr(bad[0], "grad_fn", None) if bad else None
    if best is None:
        return "an op recorded without grad"
    seen, queue, head, unknown = {id(best)}, [best], 0, []
    while head < len(queue):
        node = queue[head]
        head += 1
        for i, parent in enumerate(node.next):
            if not isinstance(parent, Node) or id(parent) in seen:
                continue
            seen.add(id(parent))
            value = _known_output(node, i, parent)
            if value is None or not all_finite(value):
                queue.append(parent)
            if value is None:
                unknown.append(parent)
            elif not all_finite(value):
                best, unknown = parent, []
    sources = [n for n in unknown if _inputs_finite(n)]
    return (sources[0] if len(sources) == 1 else best).name()


def _inputs_finite(node: Any) -> bool:
    inputs = getattr(node, "inputs", None)
    return inputs is not None and all(all_finite(x) for x in inputs if isinstance(x, Tensor))


def _known_output(consumer: Any, i: int, node: Any) -> Any:
    """``node``'s output if its consumer kept it as input ``i``, or ``node`` kept it itself."""
    inputs = getattr(consumer, "inputs", None)
    if inputs is not None and isinstance(inputs[i], Tensor):
        return inputs[i]
    out = node.saved_output()
    return None if out is None else Tensor(out)


class Probe:
    """Hooks on every module of ``model`` (and on ``loss`` when it is a module) for one pass.

    ``act`` maps a ReLU/Sigmoid/Tanh module's name to ``(dead, saturated)`` fractions;
    ``first_bad`` is ``(name, class, op)`` of the first non-finite output (hooks fire innermost
    first, so it is the first layer that went bad); ``outputs`` names the activations whose
    output is the model's own (a confident output layer is supposed to saturate).
    """

    def __init__(self, model: Any, loss: Any = None, margin: float = 0.01) -> None:
        self.model, self.margin = model, margin
        self.act: dict[str, tuple[float | None, float | None]] = {}
        self.first_bad: tuple[str, str, str] | None = None
        self.outputs: set[str] = set()
        self._outs: dict[str, Any] = {}
        mods = list(model.named_modules())
        if hasattr(loss, "register_forward_hook"):
            mods.append(("<loss>", loss))
        self._handles = [m.register_forward_hook(self._hook(n)) for n, m in mods]

    def _hook(self, name: str) -> Any:
        def hook(module: Any, args: Any, out: Any) -> None:
            if self.first_bad is None and not all_finite(out):
                self.first_bad = (name, type(module).__name__, first_bad_op(out))
            if module is self.model:
                self.outputs = {k for k, o in self._outs.items() if o is out}
            elif isinstance(module, ReLU):
                alive = (_np(out) > 0).reshape(len(out), -1).any(axis=0)
                self.act[name] = (1.0 - float(alive.mean()), None)
            elif isinstance(module, (Sigmoid, Tanh)):
                self.act[name] = (None, self._saturated(module, _np(out)))
                self._outs[name] = out

        return hook

    def _saturated(self, module: Any, y: np.ndarray) -> float:
        m = self.margin
        near = np.abs(y) > 1 - m if isinstance(module, Tanh) else (y < m) | (y > 1 - m)
        return float(near.mean())

    def remove(self) -> None:
        """Take the hooks off (and drop the outputs held for the output-layer test)."""
        for h in self._handles:
            h.remove()
        self._handles, self._outs = [], {}


def own_params(module: Any) -> list:
    """The parameters a module holds itself (not its children's), that train."""
    return [p for p in module.parameters(recurse=False) if p.requires_grad]


def layer_rows(
    model: Any,
    probe: Probe,
    before: dict | None = None,
    lr: float | None = None,
    grads: bool = True,
) -> list[LayerStats]:
    """One row per layer with parameters or an activation the probe watched, in module order.
    The update ratio is measured against ``before`` (id(param) -> array before the step) when
    given, else estimated as ``lr * ||grad|| / ||w||`` (a plain SGD step) when ``lr`` is given;
    ``grads=False`` leaves gradients out (a step cut short has none of its own)."""
    rows, act = [], probe.act
    for name, mod in model.named_modules():
        params = own_params(mod)
        if not params and name not in act:
            continue
        dead, sat = act.get(name, (None, None))
        row = LayerStats(name, type(mod).__name__, dead, sat, output=name in probe.outputs)
        if params:
            row.weight_norm = _norm(p._data for p in params)
            got = [p.grad._data for p in params if grads and p.grad is not None]
            row.grad_norm = _norm(got) if got else None
            if before is not None and all(id(p) in before for p in params):
                w0 = _norm(before[id(p)] for p in params)
                step = _norm(_np(p) - before[id(p)] for p in params)
                row.update_ratio = step / w0 if w0 else None
            elif lr is not None and row.grad_ratio is not None:
                row.update_ratio = lr * row.grad_ratio
        rows.append(row)
    return rows


def _norm(arrays: Any) -> float:
    total = 0.0
    for a in arrays:
        a = _np(a).astype(np.float64)
        total += float(np.sum(a * a))
    return math.sqrt(total)


def _np(t: Any) -> np.ndarray:
    """A tensor's (or an array's) values on the host: the statistics are computed there."""
    return to_numpy(getattr(t, "_data", t))
