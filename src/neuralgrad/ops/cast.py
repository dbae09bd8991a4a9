"""Dtype conversion and copies: ``to(dtype)``, ``float()``/``double()``/``long()``, ``clone``."""

from __future__ import annotations

from typing import Any

from .. import _dtype
from .._backend import array_ops
from .._tensor import Tensor, wrap
from ..autograd.node import Node

__all__ = ["to_dtype", "clone"]


class ToCopyBackward(Node):
    params = ("in_dtype",)
    fresh_grads = False  # g itself when it already has the input's dtype

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
    return ToCopyBackward.record(out, (x,), xp=xp, in_dtype=d.dtype)


class CloneBackward(Node):
    fresh_grads = False  # g itself

    def vjp(self, g, xp):
        return (g,)


def clone(x: Tensor) -> Tensor:
    """A copy with its own memory that stays in the graph."""
    d = x._data
    return CloneBackward.record(d.copy(), (x,), xp=array_ops(d))
