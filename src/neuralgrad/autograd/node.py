"""Graph nodes: one per recorded op, holding what its vector-Jacobian product needs.

A node keeps the edges to its inputs (``next``: the input's own node, the leaf tensor itself, or
None when that input needs no gradient) and the arrays its VJP reads (``saved``). In-place
changes are caught with version counters: each tensor's ``_vc`` is ``[version, time of last
in-place change]`` (shared with its views), the ``clock`` ticks at every in-place change, and a
node remembers the time it was made. Backward only inspects the saved tensors' counters when the
clock has moved since, so the check costs nothing in the common case.

Each op subclasses ``Node`` next to its forward, writes ``vjp(self, g, xp, *saved)`` once with
NumPy-style calls on ``xp``, and lists in ``saved_as`` what each saved value is: an input's
position, ``OUT`` for the op's result, or ``None`` for a constant (a mask, indices). The engine
calls ``vjp`` with arrays and the array namespace for ordinary backward, or with tensors and the
graph-building namespace for ``create_graph=True``, so one VJP serves first and higher orders.
"""

from __future__ import annotations

import weakref
from typing import Any

__all__ = ["Node", "OUT", "clock", "bump", "retained"]

OUT = -1


class _Clock:
    __slots__ = ("now",)


clock = _Clock()
clock.now = 0

# non-leaf tensors whose .grad is kept (retain_grad), by their grad_fn
retained: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def bump(vc: list) -> None:
    """Record an in-place change of the tensor (and views) owning version counter ``vc``."""
    clock.now += 1
    vc[0] += 1
    vc[1] = clock.now


class Node:
    """Base of all backward nodes; ``type(node).__name__`` is what ``grad_fn`` shows."""

    __slots__ = ("next", "saved", "inputs", "xp", "shape", "_epoch", "_out_vc", "__weakref__")

    saved_as: tuple = ()
    # per saved_as entry, the one input whose gradient alone reads that value (None: any); an
    # in-place change to a value no needed gradient reads is not an error, as in PyTorch
    saved_for: tuple | None = None
    keeps_inputs = False  # derived from saved_as: whether the node holds its input tensors
    is_view = False  # the op's result shares memory with its input (view, reshape, indexing)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.keeps_inputs = any(i is not None and i != OUT for i in cls.saved_as)

    def vjp(self, g: Any, xp: Any, *saved: Any) -> tuple:
        """Each input's gradient given the gradient ``g`` of the result (None: not needed)."""
        raise NotImplementedError(f"{type(self).__name__} has no VJP")  # abstract

    def name(self) -> str:
        return type(self).__name__

    def check_versions(self) -> None:
        """Raise if a tensor this node saved was changed in place after the node was made."""
        only = type(self).saved_for
        for k, i in enumerate(type(self).saved_as):
            if i is None or only is not None and only[k] is not None and self.next[only[k]] is None:
                continue
            x = self if i == OUT else self.inputs[i]
            vc = self._out_vc if i == OUT else getattr(x, "_vc", None)
            if vc is not None and vc[1] > self._epoch:
                what = "its output" if i == OUT else f"its input {i}"
                raise RuntimeError(
                    f"one of the variables needed for gradient computation has been modified by "
                    f"an in-place operation: {what}, saved by {self.name()}, is now at version "
                    f"{vc[0]}. Use an out-of-place op (or .clone() it first) instead."
                )

    @property
    def next_functions(self) -> tuple:
        """PyTorch-style ``((node_or_accumulate, 0), ...)`` for walking or drawing the graph."""
        return tuple((_as_function(e), 0) for e in self.next)

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"


class AccumulateGrad:
    """Stands for a leaf tensor in ``next_functions``, as PyTorch shows it."""

    __slots__ = ("variable",)
    next_functions: tuple = ()  # a leaf ends the walk, as in PyTorch

    def __init__(self, variable: Any) -> None:
        self.variable = variable

    def name(self) -> str:
        return "AccumulateGrad"

    def __repr__(self) -> str:
        return "<AccumulateGrad>"


def _as_function(edge: Any) -> Any:
    if edge is None or isinstance(edge, Node):
        return edge
    return AccumulateGrad(edge)
