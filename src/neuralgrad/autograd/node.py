"""Graph nodes: one per recorded op, holding what its vector-Jacobian product needs.

A node keeps the edges to its inputs (``next``: the input's own node, the leaf tensor itself, or
None when that input needs no gradient), the arrays its VJP reads (``saved``), and the version
counters of the tensors those arrays belong to, so an in-place change between forward and
backward is caught.

Each op subclasses ``Node`` next to its forward, writes ``vjp(self, g, xp, *saved)`` once with
NumPy-style calls on ``xp``, and lists in ``saved_as`` what each saved value is: an input's
position, ``OUT`` for the op's result, or ``None`` for a constant (a mask, indices). The engine
calls ``vjp`` with arrays and the array namespace for ordinary backward, or with tensors and the
graph-building namespace for ``create_graph=True``, so one VJP serves first and higher orders.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Node", "OUT"]

OUT = -1


class Node:
    """Base of all backward nodes; ``type(node).__name__`` is what ``grad_fn`` shows."""

    __slots__ = ("next", "saved", "_vcs", "xp", "shape", "_retain", "__weakref__")

    saved_as: tuple = ()
    is_view = False  # the op's result shares memory with its input (view, reshape, indexing)

    def vjp(self, g: Any, xp: Any, *saved: Any) -> tuple:
        """The gradients for each input given the gradient ``g`` of the result (None: not needed)."""
        raise NotImplementedError(f"{type(self).__name__} has no VJP")  # abstract

    def name(self) -> str:
        return type(self).__name__

    @property
    def next_functions(self) -> tuple:
        """PyTorch-style ``((node_or_accumulate, 0), ...)`` for walking or drawing the graph."""
        return tuple((_as_function(e), 0) for e in self.next)

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"


class AccumulateGrad:
    """Stands for a leaf tensor in ``next_functions``, as PyTorch shows it."""

    __slots__ = ("variable",)

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
