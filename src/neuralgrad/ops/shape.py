"""Shape ops: reshape/view, flatten, squeeze, unsqueeze, transpose, permute, expand, cat, stack,
split, chunk. View-like ops share their input's memory and version counter, as in PyTorch."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from .._backend import array_ops
from .._devices import check_devices
from .._tensor import Tensor
from ..autograd.node import Node
from .reduce import normalize_dims

__all__ = [
    "reshape",
    "view",
    "flatten",
    "squeeze",
    "unsqueeze",
    "transpose",
    "permute",
    "expand",
    "cat",
    "stack",
    "split",
    "chunk",
    "t",
    "contiguous",
]


def _sizes(shape: Any) -> tuple:
    if len(shape) == 1 and not isinstance(shape[0], int):
        shape = shape[0]
    return tuple(int(s) for s in shape)


class ReshapeBackward(Node):
    params = ("in_shape",)
    is_view = True
    fresh_grads = False  # a view of g

    def vjp(self, g, xp):
        return (xp.reshape(g, self.in_shape),)


class ViewBackward(ReshapeBackward):
    pass


class SqueezeBackward(ReshapeBackward):
    pass


class UnsqueezeBackward(ReshapeBackward):
    pass


def _target_shape(shape: tuple, numel: int, in_shape: tuple) -> tuple:
    if shape.count(-1) > 1:
        raise RuntimeError("only one dimension can be inferred (-1)")
    known = math.prod(s for s in shape if s != -1)
    if -1 in shape:
        if known == 0 or numel % known:
            raise RuntimeError(
                f"shape {shape} is invalid for input of size {numel} (shape {in_shape})"
            )
        shape = tuple(numel // known if s == -1 else s for s in shape)
    elif known != numel:
        raise RuntimeError(f"shape {shape} is invalid for input of size {numel} (shape {in_shape})")
    return shape


def reshape(x: Tensor, *shape: Any) -> Tensor:
    """The same values in a new shape (a view when memory allows, else a copy)."""
    d = x._data
    try:
        out = d.reshape(shape[0] if len(shape) == 1 else shape)
    except (ValueError, TypeError):
        _target_shape(_sizes(shape), d.size, d.shape)  # raises the error naming both shapes
        raise
    return ReshapeBackward.record(out, (x,), view_of=x, in_shape=d.shape)


def view(x: Tensor, *shape: Any) -> Tensor:
    """Like ``reshape``, but only for shapes that need no copy."""
    d = x._data
    new = _target_shape(_sizes(shape), d.size, d.shape)
    out = array_ops(d).reshape_view(d, new)
    if out is None:
        raise RuntimeError(
            f"view size {new} is not compatible with input tensor's size {d.shape} and stride "
            "(at least one dimension spans across two contiguous subspaces); use .reshape(...)"
        )
    return ViewBackward.record(out, (x,), view_of=x, in_shape=d.shape)


def flatten(x: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    """Merge dims ``start_dim..end_dim`` into one."""
    d = x._data
    if d.ndim == 0:
        return reshape(x, 1)
    s, e = normalize_dims(start_dim, d.ndim)[0], normalize_dims(end_dim, d.ndim)[0]
    if s > e:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    new = d.shape[:s] + (math.prod(d.shape[s : e + 1]),) + d.shape[e + 1 :]
    return ReshapeBackward.record(d.reshape(new), (x,), view_of=x, in_shape=d.shape)


def squeeze(x: Tensor, dim: Any = None) -> Tensor:
    """Drop size-1 dims (all of them, or those in ``dim`` that have size 1)."""
    d = x._data
    axes = normalize_dims(dim, d.ndim) if dim is not None else None
    if axes is None:
        axes = tuple(i for i, n in enumerate(d.shape) if n == 1)
    axes = tuple(a for a in axes if d.shape[a] == 1)
    out = d.squeeze(axes) if axes else d.view()
    return SqueezeBackward.record(out, (x,), view_of=x, in_shape=d.shape)


def unsqueeze(x: Tensor, dim: int) -> Tensor:
    """Insert a size-1 dim at ``dim``."""
    d = x._data
    n = d.ndim + 1
    if not -n <= dim < n:
        raise IndexError(f"unsqueeze: dim {dim} is out of range [{-n}, {n - 1}]")
    out = array_ops(d).expand_dims(d, dim % n)
    return UnsqueezeBackward.record(out, (x,), view_of=x, in_shape=d.shape)


class PermuteBackward(Node):
    params = ("perm",)
    is_view = True
    fresh_grads = False  # a view of g

    def vjp(self, g, xp):
        inv = [0] * len(self.perm)
        for i, p in enumerate(self.perm):
            inv[p] = i
        return (xp.transpose(g, tuple(inv)),)


def permute(x: Tensor, *dims: Any) -> Tensor:
    """Reorder the dims."""
    d = x._data
    perm = _sizes(dims)
    if len(perm) != d.ndim:
        raise RuntimeError(
            f"permute: number of dims {len(perm)} doesn't match the tensor's {d.ndim} dims"
        )
    perm = tuple(normalize_dims(p, d.ndim)[0] for p in perm) if d.ndim else ()
    if sorted(perm) != list(range(d.ndim)):
        raise RuntimeError(f"permute: dims {dims} are not a permutation")
    return _permuted(x, perm)


def _permuted(x: Tensor, perm: tuple) -> Tensor:
    d = x._data
    xp = array_ops(d)
    return PermuteBackward.record(xp.transpose(d, perm), (x,), view_of=x, perm=perm)


class TransposeBackward(Node):
    params = ("dims",)
    is_view = True
    fresh_grads = False  # a view of g

    def vjp(self, g, xp):
        return (xp.swapaxes(g, *self.dims),)


def transpose(x: Tensor, dim0: int, dim1: int) -> Tensor:
    """Swap two dims (a view)."""
    d = x._data
    if d.ndim == 0:
        return _permuted(x, ())
    (a,), (b,) = normalize_dims(dim0, d.ndim), normalize_dims(dim1, d.ndim)
    xp = array_ops(d)
    return TransposeBackward.record(xp.swapaxes(d, a, b), (x,), view_of=x, dims=(a, b))


def t(x: Tensor) -> Tensor:
    """Transpose of a tensor with at most 2 dims."""
    if x.ndim > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but got {x.ndim}")
    return transpose(x, 0, 1) if x.ndim == 2 else x


class ExpandBackward(Node):
    is_view = True
    fresh_grads = False  # g itself

    def vjp(self, g, xp):
        return (g,)  # the engine sums it back to the input's shape


def expand(x: Tensor, *sizes: Any) -> Tensor:
    """Broadcast to ``sizes`` without copying (-1 keeps a dim)."""
    d = x._data
    sizes = _sizes(sizes)
    lead = len(sizes) - d.ndim
    if lead < 0:
        raise RuntimeError(
            f"expand: the number of sizes provided ({len(sizes)}) must be at "
            f"least the number of dimensions of the tensor ({d.ndim})"
        )
    shape = tuple(d.shape[i - lead] if s == -1 and i >= lead else s for i, s in enumerate(sizes))
    xp = array_ops(d)
    try:  # the library's own, a read-only view (ArrayOps.broadcast_to makes a copy for VJPs)
        out = xp.module.broadcast_to(d, shape)
    except ValueError:
        raise RuntimeError(
            f"expand: the expanded size {shape} must match the existing size "
            f"{d.shape} at each non-singleton dimension"
        ) from None
    return ExpandBackward.record(out, (x,), view_of=x)


def contiguous(x: Tensor) -> Tensor:
    """``x`` itself when C-contiguous, else a contiguous copy."""
    d = x._data
    if getattr(d, "flags", None) is None or d.flags.c_contiguous:
        return x
    from .cast import clone

    return clone(x)


class CatBackward(Node):
    params = ("dim", "sizes")
    fresh_grads = False  # views of g

    def vjp(self, g, xp):
        out, start = [], 0
        lead = (slice(None),) * self.dim
        for n in self.sizes:
            out.append(g[lead + (slice(start, start + n),)])
            start += n
        return tuple(out)


def cat(tensors: Sequence[Tensor], dim: int = 0) -> Tensor:
    """Join tensors along an existing dim (shapes must match elsewhere)."""
    tensors = list(tensors)
    if not tensors:
        raise RuntimeError("cat(): expected a non-empty list of tensors")
    datas = _same_dtype([x._data for x in tensors])
    nd = datas[0].ndim
    if nd == 0:
        raise RuntimeError("cat(): zero-dimensional tensor cannot be concatenated")
    (axis,) = normalize_dims(dim, nd)
    for i, a in enumerate(datas):
        if (
            a.ndim != nd
            or a.shape[:axis] + a.shape[axis + 1 :]
            != datas[0].shape[:axis] + datas[0].shape[axis + 1 :]
        ):
            raise RuntimeError(
                f"cat(): sizes of tensors must match except in dimension {axis}; tensor 0 has "
                f"shape {datas[0].shape} and tensor {i} has shape {a.shape}"
            )
    xp = array_ops(datas[0])
    try:
        out = xp.concatenate(datas, axis=axis)
    except TypeError:
        check_devices(*datas)
        raise
    return CatBackward.record(
        out,
        tuple(tensors),
        xp=xp,
        dim=axis,
        sizes=[a.shape[axis] for a in datas],
    )


class StackBackward(Node):
    params = ("dim", "count")
    fresh_grads = False  # views of g

    def vjp(self, g, xp):
        lead = (slice(None),) * self.dim
        return tuple(g[lead + (i,)] for i in range(self.count))


def stack(tensors: Sequence[Tensor], dim: int = 0) -> Tensor:
    """Join same-shaped tensors along a new dim."""
    tensors = list(tensors)
    if not tensors:
        raise RuntimeError("stack(): expected a non-empty list of tensors")
    datas = _same_dtype([x._data for x in tensors])
    for i, a in enumerate(datas):
        if a.shape != datas[0].shape:
            raise RuntimeError(
                f"stack(): expects each tensor to be equal size, but got "
                f"{datas[0].shape} at entry 0 and {a.shape} at entry {i}"
            )
    n = datas[0].ndim + 1
    if not -n <= dim < n:
        raise IndexError(f"stack(): dim {dim} is out of range [{-n}, {n - 1}]")
    xp = array_ops(datas[0])
    try:
        out = xp.stack(datas, axis=dim % n)
    except TypeError:
        check_devices(*datas)
        raise
    return StackBackward.record(out, tuple(tensors), xp=xp, dim=dim % n, count=len(datas))


def _same_dtype(datas: list) -> list:
    """Promote a list of arrays to their common dtype, PyTorch-style."""
    first = datas[0].dtype
    if all(a.dtype == first for a in datas):
        return datas
    from .. import _dtype

    target = _dtype.promote(*[_dtype.from_np(a.dtype) for a in datas]).np
    return [a.astype(target) for a in datas]


def split(x: Tensor, split_size_or_sections: Any, dim: int = 0) -> tuple:
    """Views of consecutive pieces along ``dim``: equal ``split_size`` pieces (the last may be
    smaller) or the given list of sizes."""
    from .index import getitem

    (axis,) = normalize_dims(dim, x.ndim)
    n = x.shape[axis]
    if isinstance(split_size_or_sections, int):
        step = split_size_or_sections
        if step <= 0:
            raise RuntimeError(f"split expects split_size be positive, got {step}")
        sizes = [min(step, n - s) for s in range(0, n, step)] or [0]
    else:
        sizes = [int(s) for s in split_size_or_sections]
        if sum(sizes) != n:
            raise RuntimeError(
                f"split_with_sizes expects split_sizes to sum exactly to {n} "
                f"(input tensor's size at dimension {axis}), but got {sizes}"
            )
    out, start, lead = [], 0, (slice(None),) * axis
    for s in sizes:
        out.append(getitem(x, lead + (slice(start, start + s),)))
        start += s
    op = "Split" if isinstance(split_size_or_sections, int) else "SplitWithSizes"
    for k, piece in enumerate(out):
        if getattr(piece, "_view_kind", None) is None:  # not made without grad mode
            # outputs of one function returning several views: PyTorch refuses to change them
            # in place with autograd involved, and so do we (ops/inplace.py)
            piece._view_kind = (op, k)
    return tuple(out)


def chunk(x: Tensor, chunks: int, dim: int = 0) -> tuple:
    """Split into ``chunks`` pieces of size ceil(n / chunks) (fewer when n is small)."""
    if chunks <= 0:
        raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got {chunks}")
    (axis,) = normalize_dims(dim, x.ndim)
    n = x.shape[axis]
    return split(x, max(1, -(-n // chunks)), dim)
