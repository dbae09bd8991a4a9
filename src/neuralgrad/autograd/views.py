"""In-place changes of views: the base takes the change into its history, as in PyTorch.

A view (a tensor made by a view op: slicing, ``view``, ``reshape``, ``transpose``...) shares the
memory of its ``_base``. When an op changes a view in place with autograd involved, the base's
history becomes ``CopySlices``: its old values outside the view's positions, the op's result
inside them. The view's history becomes ``AsStridedBackward`` over the base's: its elements
picked at their positions in the base. Every other live view registered with the base gets the
same, so that a later use of any of them sees the change. (PyTorch regenerates a view's history
when it is next read; here it is done at the change, which a later read cannot tell apart.)

Positions come from the arrays' memory layout (address, shape, strides), so any strided view,
however it was made, maps onto its base without replaying the ops that made it.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .._backend import array_ops
from .._tensor import Tensor, live_views
from .node import Node, retained

__all__ = ["CopySlices", "AsStridedBackward", "positions", "rebase", "refresh_views"]


class CopySlices(Node):
    """The history of a base changed in place through a view: input 0 is the base before the
    change (its gradient is zero at the view's positions), input 1 the values written there."""

    params = ("index",)
    fresh_grads = False  # flat[index] and the reshape may be views of g

    def vjp(self, g, xp):
        flat = xp.reshape(g, (math.prod(self.shape),))
        g_old = None
        if self.next[0] is not None:
            keep = self.xp.ones(flat.shape, dtype=bool)
            keep[self.index] = False
            g_old = xp.reshape(xp.where(keep, flat, xp.zeros_like(flat)), self.shape)
        return g_old, (flat[self.index] if self.next[1] is not None else None)


class AsStridedBackward(Node):
    """A view's history after its base got a new one: the view's elements are the base's at
    ``index`` (flat positions, repeated for an expanded view)."""

    params = ("index", "base_shape")

    def vjp(self, g, xp):
        n = math.prod(self.base_shape)
        return (xp.reshape(xp.scatter_add((n,), self.index, g), self.base_shape),)


def _extent(address: int, shape: tuple, strides: tuple, itemsize: int) -> tuple[int, int]:
    """The first and one-past-last byte an array of this layout touches."""
    lo = hi = address
    for n, s in zip(shape, strides):
        if n > 1:
            if s < 0:
                lo += s * (n - 1)
            else:
                hi += s * (n - 1)
    return lo, hi + itemsize


def positions(view: Any, base: Any) -> np.ndarray | None:
    """For each element of the array ``view``, its flat (C-order) position in the array
    ``base``; None when ``view``'s memory is not inside ``base``'s."""
    if view.size == 0:
        return np.zeros(view.shape, np.int64)
    size = base.itemsize
    address = array_ops(base).address
    if view.itemsize != size or any(s % size for s in (*view.strides, *base.strides)):
        return None
    lo, hi = _extent(address(base), base.shape, base.strides, size)
    vlo, vhi = _extent(address(view), view.shape, view.strides, size)
    if base.size == 0 or vlo < lo or vhi > hi:
        return None
    # number the base's elements in a buffer laid out like its memory, then read the numbers
    # through the view's layout
    slots = np.full((hi - lo) // size, -1, np.int64)
    step = slots.itemsize

    def laid_out(a: Any) -> np.ndarray:
        start = slots[(address(a) - lo) // size :]
        strides = tuple(s // size * step for s in a.strides)
        return np.lib.stride_tricks.as_strided(start, a.shape, strides)

    laid_out(base)[...] = np.arange(base.size).reshape(base.shape)
    found = laid_out(view).copy()
    return None if (found < 0).any() else found


def _index_for(view: Tensor, base: Tensor) -> Any:
    """``positions`` of the tensors' arrays, on the base's device."""
    found = positions(view._data, base._data)
    if found is None:
        return None
    return found if isinstance(base._data, np.ndarray) else array_ops(base._data).asarray(found)


def _as_view_of(view: Tensor, base: Tensor, index: Any) -> None:
    """Give ``view`` the history ``AsStridedBackward`` over ``base``'s current one."""
    out = AsStridedBackward.record(view._data, (base,), index=index, base_shape=base.shape)
    _take_history(view, out)


def _take_history(t: Tensor, source: Tensor) -> None:
    """``t`` takes ``source``'s history; ``retain_grad`` follows the tensor, as PyTorch's."""
    old = t.grad_fn
    t.grad_fn, t.requires_grad = source.grad_fn, source.requires_grad
    if old is not None and old in retained and t.grad_fn is not None:
        retained[t.grad_fn] = retained.pop(old)


def rebase(t: Tensor, result: Tensor) -> None:
    """After ``t``'s values were overwritten in place with ``result``'s (an op's result on
    ``t``'s old values), give ``t`` its new history: ``result``'s for a tensor that is not a
    view; for a view, a ``CopySlices`` history to its base and ``AsStridedBackward`` to it."""
    base = t._base
    if base is None:
        _take_history(t, result)
        refresh_views(t, skip=None)
        return
    index = _index_for(t, base)
    if index is None:
        raise RuntimeError(
            "an in-place change of a view whose memory is no longer its base's (was the base's "
            ".data replaced?); .clone() the view first"
        )
    _take_history(base, CopySlices.record(base._data, (base, result), index=index))
    _as_view_of(t, base, index)
    refresh_views(base, skip=t)


def refresh_views(base: Tensor, skip: Tensor | None) -> None:
    """Every live registered view of ``base`` (but ``skip``) takes ``AsStridedBackward`` over
    ``base``'s new history."""
    counter = base._version_counter
    if counter is None or len(counter) == 2:
        return
    for view in live_views(counter):
        if view is skip or view._base is not base:
            continue
        index = _index_for(view, base)
        if index is not None:
            _as_view_of(view, base, index)
