"""Indexing: ``x[index]`` (ints, slices, None, Ellipsis, integer and boolean index tensors),
``gather``, and the scatter-adds their VJPs need, which are differentiable ops themselves so
higher-order gradients pass through indexing.

Repeated integer indices add their gradients up (``np.add.at``), as PyTorch's index_put does.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._backend import array_ops, is_basic_index
from .._tensor import Tensor, wrap
from ..autograd.node import CONST, Node

__all__ = ["getitem", "gather", "index_scatter", "gather_scatter", "normalize_index", "nonzero"]


def normalize_index(index: Any) -> Any:
    """Tensor and list indices as arrays (int64 or bool); everything else as given."""
    if isinstance(index, tuple):
        return tuple(_one(i) for i in index)
    return _one(index)


def _one(i: Any) -> Any:
    if isinstance(i, Tensor):
        d = i._data
        if d.dtype.kind == "f":
            raise IndexError(f"tensors used as indices must be long or bool, got {i.dtype}")
        return d
    if isinstance(i, (list, np.ndarray)):
        a = np.asarray(i)
        if a.dtype.kind == "f":
            raise IndexError("index lists must hold integers or bools")
        return a
    return i


class IndexBackward(Node):
    params = ("index", "in_shape")

    def vjp(self, g, xp):
        return (xp.scatter_add(self.in_shape, self.index, g),)


class SliceBackward(IndexBackward):
    is_view = True


def getitem(x: Tensor, index: Any) -> Tensor:
    """``x[index]``: a view for basic indices, a copy for integer/bool index arrays."""
    d = x._data
    if type(index) is int or type(index) is slice:
        idx, basic = index, True
    else:
        idx = normalize_index(index)
        basic = is_basic_index(idx)
    try:
        out = d[idx]
    except IndexError as e:
        raise IndexError(f"{e} (indexing a tensor of shape {tuple(d.shape)})") from None
    if basic:
        if isinstance(out, np.generic):  # a NumPy scalar copies: a 0-d view shares memory
            out = d[(*idx, ...) if isinstance(idx, tuple) else (idx, ...)]
        return SliceBackward.record(out, (x,), view_of=x, index=idx, in_shape=d.shape)
    return IndexBackward.record(out, (x,), index=idx, in_shape=d.shape)


class IndexScatterBackward(Node):
    params = ("index",)
    fresh_grads = False  # g[index] may be a view of g

    def vjp(self, g, xp):
        return (g[self.index],)


def index_scatter(shape: tuple, index: Any, src: Tensor) -> Tensor:
    """Zeros of ``shape`` with ``src`` added at ``index`` (the adjoint of ``getitem``)."""
    xp = array_ops(src._data)
    out = xp.scatter_add(shape, index, src._data)
    return IndexScatterBackward.record(out, (src,), xp=xp, index=index)


class GatherBackward(Node):
    saved = {"index": CONST}
    params = ("dim", "in_shape")

    def vjp(self, g, xp):
        return (xp.gather_backward(self.in_shape, self.dim, self.index, g), None)


def gather(x: Tensor, dim: int, index: Tensor) -> Tensor:
    """``out[i][j] = x[index[i][j]][j]`` for dim 0 (and likewise for other dims)."""
    d = x._data
    idx = index._data if isinstance(index, Tensor) else np.asarray(index)
    if idx.dtype.kind not in "iu":
        raise RuntimeError(f"gather(): expected an int64 index, got {idx.dtype}")
    if idx.ndim != d.ndim:
        raise RuntimeError(f"gather(): index has {idx.ndim} dims but input has {d.ndim}")
    n = max(d.ndim, 1)
    if not -n <= dim < n:
        raise IndexError(f"gather(): dim {dim} is out of range [{-n}, {n - 1}]")
    dim %= n
    if idx.size and (idx.min() < -d.shape[dim] or idx.max() >= d.shape[dim]):
        raise RuntimeError(
            f"gather(): index out of range for dimension {dim} of size {d.shape[dim]}"
        )
    xp = array_ops(d)
    for i in range(d.ndim):
        if i != dim and idx.shape[i] > d.shape[i]:
            raise RuntimeError(
                f"gather(): index {tuple(idx.shape)} is larger than input "
                f"{tuple(d.shape)} in dimension {i}"
            )
    sub = tuple(slice(0, idx.shape[i]) if i != dim else slice(None) for i in range(d.ndim))
    out = xp.take_along_axis(d[sub], idx, axis=dim)
    return GatherBackward.record(out, (x, index), xp=xp, index=idx, dim=dim, in_shape=d.shape)


class GatherScatterBackward(Node):
    saved = {"index": CONST}
    params = ("dim",)

    def vjp(self, g, xp):
        # the index may be smaller than ``g`` outside ``dim`` (as gather allows): crop ``g`` first
        idx = self.index
        sub = tuple(slice(None) if i == self.dim else slice(0, n) for i, n in enumerate(idx.shape))
        return (None, xp.take_along_axis(g[sub], idx, axis=self.dim))


def gather_scatter(shape: tuple, dim: int, index: Tensor, src: Tensor) -> Tensor:
    """Zeros of ``shape`` with ``src`` added along ``dim`` at ``index`` (the adjoint of gather)."""
    xp = array_ops(src._data)
    idx = index._data if isinstance(index, Tensor) else index
    out = xp.gather_backward(shape, dim, idx, src._data)
    return GatherScatterBackward.record(out, (index, src), xp=xp, index=idx, dim=dim)


def nonzero(x: Tensor, *, as_tuple: bool = False) -> Any:
    """Indices of the nonzero elements: an (n, ndim) int64 tensor, or one tensor per dim."""
    d = x._data
    xp = array_ops(d)
    idx = xp.nonzero(xp.atleast_1d(d))
    if as_tuple:
        return tuple(wrap(i.astype("int64", copy=False)) for i in idx)
    return wrap(xp.stack(idx, axis=1).astype("int64", copy=False))
