"""Dtype conversion and copies: ``to(dtype)``, ``float()``/``double()``/``long()``, ``clone``."""

from __future__ import annotations

from typing import Any

from .. import _dtype
from .._backend import array_ops
from .._tensor import Tensor, record, wrap
from ..autograd.node import Node

__all__ = ["to_dtype", "clone"]


class ToCopyBackward(Node):
    __slots__ = ("in_dtype",)

    def vjp(self, g, xp):
        return (xp.astype(g, self.in_dtype),)


def to_dtype(x: Tensor, dtype: Any, copy: bool = False) -> Tensor:
    """``x`` as ``dtype``; the gradient flows back (cast to the input's dtype) between floats."""
    target = _dtype.to_np(dtype)
    d = x._data
    if d.dtype == target and not copy:
        return x
    xp = array_ops(d)
    out = d.astype(target)
    if target.kind != "f":
        return wrap(out)
    t = record(ToCopyBackward, out, (x,), (), xp)
    if t.grad_fn is not None:
        t.grad_fn.in_dtype = d.dtype
    return t


class CloneBackward(Node):
    __slots__ = ()

    def vjp(self, g, xp):
        return (g,)


def clone(x: Tensor) -> Tensor:
    """A copy with its own memory that stays in the graph."""
    d = x._data
    return record(CloneBackward, d.copy(), (x,), (), array_ops(d))
