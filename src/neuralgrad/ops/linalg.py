"""Matrix products: ``matmul`` for 1-D, 2-D and batched (broadcast) operands, and the fused
``linear`` (``x @ W.T + b``, one node) that every ``nn.Linear`` runs."""

from __future__ import annotations

import functools

import numpy as np

from .._backend import array_ops
from .._devices import check_devices
from .._tensor import Tensor
from .._threads import POLICY, fit_threads, product_dims
from ..autograd.node import Node
from ._operands import as_tensor_arg

__all__ = ["matmul", "mm", "dot", "linear"]


def _mm2(xp, a, b):
    """``a @ b`` for 2-D ``a`` and ``b``. NumPy's ``dot`` zero-fills its result before BLAS
    writes it (one extra pass); ``matmul`` does not, but has no BLAS path when a dimension is 1
    (8x slower there) and costs more per call, so it takes the larger products only."""
    m, k = a.shape
    n = b.shape[1]
    if POLICY.active:
        fit_threads(m, k, n)
    if m > 1 and k > 1 and n > 1 and m * n >= 4096:
        return xp.matmul(a, b)
    return xp.dot(a, b)


def _product(xp, a, b):
    """``a @ b`` for operands of 2 or more dims: ``_mm2`` for matrices, else ``matmul``."""
    if a.ndim == 2 and b.ndim == 2:
        return _mm2(xp, a, b)
    _fit_threads(a.shape, b.shape)
    return xp.matmul(a, b)


def _fit_threads(a_shape: tuple, b_shape: tuple) -> None:
    """The BLAS thread policy (``_threads``) for a product of any rank: its total work."""
    if POLICY.active:
        fit_threads(*product_dims(a_shape, b_shape))


def _sum_rows(xp, g):
    """``g.sum(axis=0)`` of a 2-D gradient, as ``ones @ g`` (a BLAS gemv) for float arrays: 2.5x
    faster than NumPy's row-by-row sum at 128 rows, and nearer the exact sum (and PyTorch's)."""
    if isinstance(g, Tensor) or g.dtype.char not in "fd":
        return xp.sum(g, axis=0)
    rows = g.shape[0]
    if POLICY.active:
        fit_threads(1, rows, g.shape[1])
    if type(g) is np.ndarray:
        return xp.dot(_ones(rows, g.dtype.char), g)
    return xp.dot(xp.ones(rows, dtype=g.dtype), g)


@functools.lru_cache(maxsize=64)
def _ones(n: int, dtype: str) -> np.ndarray:
    """A read-only vector of ``n`` ones (kept: ``np.ones`` costs 1.5 µs a call)."""
    out = np.ones(n, dtype=dtype)
    out.flags.writeable = False
    return out


def _x_wt(xp, x, w):
    """``x @ w.T`` for 2-D ``x`` (batch, in) and ``w`` (out, in), C-ordered.

    NOTE: measured on OpenBLAS (float32, one thread): for a batch small against the layer, BLAS
    runs ``(w @ x.T).T`` up to 2x faster (784->256 at batch 16: 171 -> 91 us, batch 128: 612 ->
    585 us, copy included) and gives the same bits in float32 (not in float64, so float32 only;
    CPU only). The rule keeps to the shapes where a 110-shape grid showed no loss
    (benchmarks/NOTES.md); elsewhere the direct product is as fast or faster."""
    b, i = x.shape
    o = w.shape[0]
    if (
        2 <= b <= 128
        and 2 * b <= min(i, o)
        and b * i * o >= 1 << 20
        and x.dtype.char == "f"
        and getattr(xp, "device_type", "cpu") == "cpu"
    ):
        if POLICY.active:
            fit_threads(o, i, b)
        return xp.ascontiguousarray(xp.matmul(w, x.T).T)
    return _mm2(xp, x, w.T)


class MatmulBackward(Node):
    saved = {"a": 0, "b": 1}
    saved_for = {"a": 1, "b": 0}

    def vjp(self, g, xp):
        a, b, nxt = self.a, self.b, self.next
        if a.ndim == 1 and b.ndim == 1:
            return (g * b if nxt[0] is not None else None, g * a if nxt[1] is not None else None)
        a1, b1 = a.ndim == 1, b.ndim == 1
        if a1:
            g = xp.expand_dims(g, -2)
            a = xp.reshape(a, (1, a.shape[0]))
        if b1:
            g = xp.expand_dims(g, -1)
            b = xp.reshape(b, (b.shape[0], 1))
        ga = gb = None
        if nxt[0] is not None:
            ga = _product(xp, g, xp.swapaxes(b, -1, -2))
            if a1:
                ga = xp.squeeze(ga, -2)
        if nxt[1] is not None:
            gb = _product(xp, xp.swapaxes(a, -1, -2), g)
            if b1:
                gb = xp.squeeze(gb, -1)
        return ga, gb


def matmul(a: Tensor, b: Tensor) -> Tensor:
    """Matrix product with NumPy's rules: 1-D operands are vectors, leading dims broadcast."""
    a, b = as_tensor_arg(a), as_tensor_arg(b)
    ad, bd = a._data, b._data
    if ad.ndim == 0 or bd.ndim == 0:
        raise RuntimeError(
            f"both arguments to matmul need to be at least 1-D, but they are "
            f"{ad.ndim}-D and {bd.ndim}-D"
        )
    if ad.dtype != bd.dtype:
        raise RuntimeError(
            f"matmul: expected both operands to have the same dtype, but got "
            f"{a.dtype} and {b.dtype}"
        )
    ka = ad.shape[-1]
    kb = bd.shape[-2] if bd.ndim > 1 else bd.shape[0]
    if ka != kb:
        raise RuntimeError(
            f"matmul: shapes {tuple(ad.shape)} and {tuple(bd.shape)} cannot be "
            f"multiplied ({ka} != {kb})"
        )
    xp = array_ops(ad)
    try:
        if ad.ndim == 1 or bd.ndim == 1:
            _fit_threads(ad.shape, bd.shape)
            out = (xp.dot if ad.ndim <= 2 and bd.ndim <= 2 else xp.matmul)(ad, bd)
        else:
            out = _product(xp, ad, bd)
    except ValueError:
        raise RuntimeError(
            f"matmul: batch dims of shapes {tuple(ad.shape)} and {tuple(bd.shape)} do not broadcast"
        ) from None
    except TypeError:
        check_devices(ad, bd)
        raise
    return MatmulBackward.record(out, (a, b), xp=xp, a=ad, b=bd)


def mm(a: Tensor, b: Tensor) -> Tensor:
    """Product of two 2-D tensors."""
    if a.ndim != 2 or b.ndim != 2:
        raise RuntimeError(f"mm: expected 2-D tensors, got {a.ndim}-D and {b.ndim}-D")
    return matmul(a, b)


def dot(a: Tensor, b: Tensor) -> Tensor:
    """Inner product of two 1-D tensors."""
    if a.ndim != 1 or b.ndim != 1:
        raise RuntimeError(f"dot: expected 1-D tensors, got {a.ndim}-D and {b.ndim}-D")
    return matmul(a, b)


class LinearBackward(Node):
    saved = {"x": 0, "w": 1}
    saved_for = {"x": 1, "w": 0}

    def vjp(self, g, xp):
        """``gx = g @ W``, ``gW = g2d.T @ x2d``, ``gb = sum of g over all but the last dim``;
        ``*2d`` flattens the leading dims (a 1-D input is one row)."""
        x, w, nxt = self.x, self.w, self.next
        flat = g.ndim == 2  # the usual (batch, features) case needs no reshapes
        gx = gw = gb = None
        if nxt[0] is not None:
            gx = _mm2(xp, g, w) if flat else xp.matmul(g, w)
        if nxt[1] is not None or nxt[2] is not None:
            g2 = g if flat else xp.reshape(g, (-1, w.shape[0]))
            if nxt[1] is not None:
                gw = _mm2(xp, g2.T, x if flat else xp.reshape(x, (-1, w.shape[1])))
            if nxt[2] is not None:
                gb = _sum_rows(xp, g2)
        return gx, gw, gb


def linear(x: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """``y = x @ W.T + b`` for ``x`` of shape (*, in), ``W`` (out, in), ``b`` (out,) as one node
    (``torch.nn.functional.linear``); shapes and dtypes are checked by ``nn.functional.linear``."""
    d, w = x._data, weight._data
    xp = array_ops(d)
    try:
        if d.ndim > 2:  # one GEMM over all leading dims instead of a batched loop
            _fit_threads(d.shape, w.shape)
            out = xp.matmul(d.reshape(-1, d.shape[-1]), w.T).reshape(d.shape[:-1] + (w.shape[0],))
        elif d.ndim == 2:
            out = _x_wt(xp, d, w)
        else:
            _fit_threads(d.shape, w.shape)
            out = xp.dot(d, w.T)
        if bias is not None:
            out += bias._data
    except TypeError:
        check_devices(d, w, None if bias is None else bias._data)
        raise
    return LinearBackward.record(out, (x, weight, bias), xp=xp, x=d, w=w)
