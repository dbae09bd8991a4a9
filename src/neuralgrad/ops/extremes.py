"""Maxima and minima: amax, amin, max/min (all elements, values and indices along a dim, or
elementwise against another tensor), and the indices alone, argmax/argmin.

NOTE: ``amax``/``amin`` and the full ``max()``/``min()`` share the gradient evenly among tied
maxima; ``max(dim)``/``min(dim)`` route it to the returned index only (PyTorch's choices).
"""

from __future__ import annotations

from typing import Any

from .. import return_types
from .._backend import array_ops
from .._tensor import Tensor, wrap
from ..autograd.node import CONST, OUT, Node
from .reduce import expand_reduced, normalize_dims

__all__ = ["amax", "amin", "max", "min", "argmax", "argmin"]


class AmaxBackward(Node):
    saved = {"x": 0, "out": OUT}
    params = ("axes", "keepdim", "in_shape")

    def vjp(self, g, xp):
        axes, keepdim, out = self.axes, self.keepdim, self.out
        o = out if keepdim or axes is None else xp.expand_dims(out, axes)
        hit = self.x == o
        count = xp.sum(hit, axis=axes, keepdims=True)
        return (expand_reduced(g, xp, axes, keepdim, self.in_shape) * hit / count,)


class AminBackward(AmaxBackward):
    pass


def _extreme(x: Tensor, dim: Any, keepdim: bool, which: str) -> Tensor:
    d = x._data
    if d.size == 0:
        raise IndexError(f"{which}(): expected a non-empty tensor")
    xp = array_ops(d)
    axes = normalize_dims(dim, d.ndim)
    out = (d.max if which == "amax" else d.min)(axis=axes, keepdims=keepdim)
    node_cls = AmaxBackward if which == "amax" else AminBackward
    return node_cls.record(
        out, (x,), xp=xp, x=d, out=out, axes=axes, keepdim=keepdim, in_shape=d.shape
    )


def amax(x: Tensor, dim: Any = (), keepdim: bool = False) -> Tensor:
    """Maximum over ``dim`` (all when empty); ties share the gradient."""
    return _extreme(x, dim, keepdim, "amax")


def amin(x: Tensor, dim: Any = (), keepdim: bool = False) -> Tensor:
    """Minimum over ``dim`` (all when empty); ties share the gradient."""
    return _extreme(x, dim, keepdim, "amin")


class MaxBackward(Node):
    saved = {"index": CONST}
    params = ("dim", "keepdim", "in_shape")

    def vjp(self, g, xp):
        index = self.index
        if not self.keepdim:
            g = xp.expand_dims(g, self.dim)
            index = xp.expand_dims(index, self.dim)
        return (xp.gather_backward(self.in_shape, self.dim, index, g),)


class MinBackward(MaxBackward):
    pass


class CopyBackward(Node):
    fresh_grads = False  # g itself

    def vjp(self, g, xp):
        return (g,)


def _extreme_dim(x: Tensor, dim: Any, keepdim: bool, which: str) -> Any:
    if dim is None:
        return _extreme(x, None, False, "amax" if which == "max" else "amin")
    if isinstance(dim, Tensor):
        from .arith import maximum, minimum

        return (maximum if which == "max" else minimum)(x, dim)
    d = x._data
    xp = array_ops(d)
    (axis,) = normalize_dims(dim, d.ndim) or (None,)
    if axis is None:  # a 0-d tensor
        values = CopyBackward.record(d.copy(), (x,), xp=xp)
        return getattr(return_types, which)(values, wrap(xp.asarray(0)))
    if d.shape[axis] == 0:
        raise IndexError(f"{which}(): cannot reduce over a zero-size dimension {dim}")
    idx = (xp.argmax if which == "max" else xp.argmin)(d, axis=axis, keepdims=True)
    vals = xp.take_along_axis(d, idx, axis=axis)
    if not keepdim:
        vals = vals.squeeze(axis)
        idx = idx.squeeze(axis)
    node_cls = MaxBackward if which == "max" else MinBackward
    t = node_cls.record(vals, (x,), xp=xp, index=idx, dim=axis, keepdim=keepdim, in_shape=d.shape)
    return getattr(return_types, which)(t, wrap(idx.astype("int64", copy=False)))


def max(x: Tensor, dim: Any = None, keepdim: bool = False) -> Any:  # noqa: A001
    """``max()`` of all elements, ``max(dim)`` -> (values, indices), ``max(other)`` elementwise."""
    return _extreme_dim(x, dim, keepdim, "max")


def min(x: Tensor, dim: Any = None, keepdim: bool = False) -> Any:  # noqa: A001
    """``min()`` of all elements, ``min(dim)`` -> (values, indices), ``min(other)`` elementwise."""
    return _extreme_dim(x, dim, keepdim, "min")


def _arg(x: Tensor, dim: Any, keepdim: bool, fn: str) -> Tensor:
    d = x._data
    xp = array_ops(d)
    if dim is None:
        out = getattr(xp, fn)(d)
        return wrap(xp.asarray(out, dtype="int64").reshape((1,) * d.ndim if keepdim else ()))
    (axis,) = normalize_dims(dim, d.ndim) or (None,)
    return wrap(getattr(xp, fn)(d, axis=axis, keepdims=keepdim).astype("int64", copy=False))


def argmax(x: Tensor, dim: int | None = None, keepdim: bool = False) -> Tensor:
    """Index of the (first) maximum, over all elements or along ``dim`` (not differentiable)."""
    return _arg(x, dim, keepdim, "argmax")


def argmin(x: Tensor, dim: int | None = None, keepdim: bool = False) -> Tensor:
    """Index of the (first) minimum, over all elements or along ``dim`` (not differentiable)."""
    return _arg(x, dim, keepdim, "argmin")
