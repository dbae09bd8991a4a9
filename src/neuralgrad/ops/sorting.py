"""Ordering along a dimension: sort, argsort, topk.

The order is found on the array (stable: equal values keep their positions; NaN counts as the
largest value, as in PyTorch) and the values are ``gather``-ed through it, so gradients flow
back to the positions the values came from and the indices stay constants.
"""

from __future__ import annotations

from typing import Any

from .. import return_types
from .._backend import array_ops
from .._tensor import Tensor, wrap
from .cast import clone
from .index import gather
from .reduce import normalize_dims

__all__ = ["sort", "argsort", "topk"]


def _order(d: Any, axis: int, descending: bool) -> Any:
    """The int64 indices that sort ``d`` along ``axis``, stably, ascending or descending."""
    xp = array_ops(d)
    if not descending:
        return xp.argsort(d, axis=axis, kind="stable").astype("int64", copy=False)
    # a stable ascending sort of the reversed slice, read backwards, is a stable descending sort
    n = d.shape[axis]
    flipped = xp.argsort(xp.flip(d, axis), axis=axis, kind="stable")
    return xp.flip(n - 1 - flipped, axis).astype("int64", copy=False)


def _axis(x: Tensor, dim: int) -> int | None:
    """``dim`` as a non-negative axis, or None for a 0-d tensor (which is its own order)."""
    (axis,) = normalize_dims(int(dim), x._data.ndim) or (None,)
    return axis


def sort(
    x: Tensor, dim: int = -1, descending: bool = False, stable: bool = False
) -> return_types.sort:
    """``(values, indices)`` sorted along ``dim``; ties keep their order (``stable`` or not)."""
    axis = _axis(x, dim)
    if axis is None:
        return return_types.sort(clone(x), wrap(array_ops(x._data).asarray(0)))
    idx = wrap(_order(x._data, axis, descending))
    return return_types.sort(gather(x, axis, idx), idx)


def argsort(x: Tensor, dim: int = -1, descending: bool = False, stable: bool = False) -> Tensor:
    """The indices that sort ``x`` along ``dim`` (``sort(...).indices``)."""
    axis = _axis(x, dim)
    if axis is None:
        return wrap(array_ops(x._data).asarray(0))
    return wrap(_order(x._data, axis, descending))


def topk(
    x: Tensor, k: int, dim: int = -1, largest: bool = True, sorted: bool = True
) -> return_types.topk:
    """The ``k`` largest (or smallest) values along ``dim`` and their indices, best first."""
    axis = _axis(x, dim)
    n = 1 if axis is None else x._data.shape[axis]
    if not 0 <= k <= n:
        raise RuntimeError(f"selected index k out of range: k={k} for a dimension of size {n}")
    if axis is None:
        return return_types.topk(clone(x), wrap(array_ops(x._data).asarray(0)))
    order = _order(x._data, axis, largest)
    idx = wrap(order[(slice(None),) * axis + (slice(0, k),)])
    return return_types.topk(gather(x, axis, idx), idx)
