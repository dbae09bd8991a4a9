"""The graph-building twin of ``ArrayOps``: the same NumPy-style calls, made of differentiable
neuralgrad ops, so that a VJP run with ``create_graph=True`` records its own graph."""

from __future__ import annotations

from typing import Any

from .._tensor import Tensor, wrap
from .node import CONST, OUT, Node

__all__ = ["TENSOR_OPS", "TensorOps", "lift", "graph_vjp"]


def _t(x: Any) -> Any:
    return x if isinstance(x, (Tensor, int, float)) else wrap(x)


class TensorOps:
    """NumPy-named functions over tensors, recording the graph (used by ``create_graph``)."""

    def exp(self, x):
        return _t(x).exp()

    def log(self, x):
        return _t(x).log()

    def log1p(self, x):
        return _t(x).log1p()

    def sqrt(self, x):
        return _t(x).sqrt()

    def sin(self, x):
        return _t(x).sin()

    def cos(self, x):
        return _t(x).cos()

    def tanh(self, x):
        return _t(x).tanh()

    def sign(self, x):
        return _t(x).sign()

    def abs(self, x):
        return _t(x).abs()

    def where(self, cond, a, b):
        from ..ops.arith import where

        return where(_t(cond), a, b)

    def sum(self, x, axis=None, keepdims=False):
        from ..ops.reduce import sum as sum_

        return sum_(_t(x), axis, keepdims)

    def matmul(self, a, b):
        return _t(a) @ _t(b)

    dot = matmul  # only called with 1-D/2-D operands, where the two agree

    def swapaxes(self, x, a, b):
        return _t(x).transpose(a, b)

    def transpose(self, x, axes):
        return _t(x).permute(*axes)

    def reshape(self, x, shape):
        return _t(x).reshape(*shape)

    def expand_dims(self, x, axis):
        axes = (axis,) if isinstance(axis, int) else axis
        x = _t(x)
        for a in sorted(a % (x.ndim + len(axes)) for a in axes):
            x = x.unsqueeze(a)
        return x

    def squeeze(self, x, axis):
        return _t(x).squeeze(axis)

    def broadcast_to(self, x, shape):
        return _t(x).expand(*shape)

    def astype(self, x, np_dtype):
        from .. import _dtype

        return _t(x).to(_dtype.from_np(np_dtype))

    def ones_like(self, x):
        from ..ops.creation import ones_like

        return ones_like(_t(x))

    def zeros_like(self, x):
        from ..ops.creation import zeros_like

        return zeros_like(_t(x))

    def to_device(self, x, dev):
        from ..ops.device import to_device

        return to_device(_t(x), dev)

    def erf(self, x):
        from ..ops.special import erf

        return erf(_t(x))

    def take_along_axis(self, x, idx, axis):
        from ..ops.index import gather

        return gather(_t(x), axis, _t(idx))

    def flip(self, x, axis):
        x = _t(x)
        return x[(slice(None),) * (axis % x.ndim) + (slice(None, None, -1),)]

    def cumsum(self, x, axis):
        from ..ops.cumulative import cumsum

        return cumsum(_t(x), axis)

    def cumprod(self, x, axis):
        from ..ops.cumulative import cumprod

        return cumprod(_t(x), axis)

    def sum_to(self, g, shape):
        lead = g.ndim - len(shape)
        axes = tuple(range(lead)) + tuple(
            i + lead for i, n in enumerate(shape) if n == 1 and g.shape[i + lead] != 1
        )
        if axes:
            g = self.sum(g, axes, True)
        return g.reshape(*shape) if tuple(g.shape) != tuple(shape) else g

    def scatter_add(self, shape, index, g):
        from ..ops.index import index_scatter

        return index_scatter(shape, index, _t(g))

    def gather_backward(self, shape, dim, index, g):
        from ..ops.index import gather_scatter

        return gather_scatter(shape, dim, _t(index), _t(g))


TENSOR_OPS = TensorOps()


def lift(node: Node) -> Node:
    """A copy of ``node`` whose saved arrays are tensors wired into the graph: an input
    reconnects to its own history, the output to this node, a constant to nothing."""
    cls = type(node)
    twin = cls()
    for name in _slots(cls):
        if hasattr(node, name):
            setattr(twin, name, getattr(node, name))
    for name, role in cls.saved.items():
        v = getattr(node, name)
        if v is None or isinstance(v, Tensor) or not hasattr(v, "shape"):
            continue
        edge = None if role == CONST else node if role == OUT else node.next[role]
        if edge is None:
            v = wrap(v)
        elif isinstance(edge, Tensor):
            v = edge
        else:
            v = wrap(v)
            v.grad_fn, v.requires_grad = edge, True
        setattr(twin, name, v)
    return twin


def _slots(cls: type) -> list[str]:
    return [s for k in cls.__mro__ for s in getattr(k, "__slots__", ()) if s != "__weakref__"]


def graph_vjp(node: Node, g: Any) -> tuple:
    """``node.vjp`` run on tensors with the graph-building namespace (``create_graph=True``),
    on a copy of the node whose saved arrays are lifted into the graph."""
    return lift(node).vjp(g, TENSOR_OPS)
