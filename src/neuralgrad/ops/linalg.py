"""Matrix products: ``matmul`` for 1-D, 2-D and batched (broadcast) operands, and the fused
``linear`` (``x @ W.T + b``, one node) that every ``nn.Linear`` runs."""

from __future__ import annotations

from .._backend import array_ops
from .._tensor import Tensor, record
from ..autograd.node import Node
from ._operands import as_tensor_arg

__all__ = ["matmul", "mm", "dot", "linear"]


class MatmulBackward(Node):
    __slots__ = ()
    saved_as = (0, 1)
    saved_for = (1, 0)

    def vjp(self, g, xp, a, b):
        nxt = self.next
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
        # NOTE: dot for plain matrices: NumPy's matmul is slow for an inner dimension of 1.
        mm = xp.dot if g.ndim == 2 and a.ndim == 2 and b.ndim == 2 else xp.matmul
        if nxt[0] is not None:
            ga = mm(g, xp.swapaxes(b, -1, -2))
            if a1:
                ga = xp.squeeze(ga, -2)
        if nxt[1] is not None:
            gb = mm(xp.swapaxes(a, -1, -2), g)
            if b1:
                gb = xp.squeeze(gb, -1)
        return ga, gb


def matmul(a: Tensor, b: Tensor) -> Tensor:
    """Matrix product with NumPy's rules: 1-D operands are vectors, leading dims broadcast."""
    a, b = as_tensor_arg(a), as_tensor_arg(b)
    ad, bd = a._data, b._data
    if ad.ndim == 0 or bd.ndim == 0:
        raise RuntimeError(f"both arguments to matmul need to be at least 1-D, but they are "
                           f"{ad.ndim}-D and {bd.ndim}-D")
    if ad.dtype != bd.dtype:
        raise RuntimeError(f"matmul: expected both operands to have the same dtype, but got "
                           f"{a.dtype} and {b.dtype}")
    ka = ad.shape[-1]
    kb = bd.shape[-2] if bd.ndim > 1 else bd.shape[0]
    if ka != kb:
        raise RuntimeError(f"matmul: shapes {tuple(ad.shape)} and {tuple(bd.shape)} cannot be "
                           f"multiplied ({ka} != {kb})")
    xp = array_ops(ad)
    try:
        out = (xp.dot if ad.ndim <= 2 and bd.ndim <= 2 else xp.matmul)(ad, bd)
    except ValueError:
        raise RuntimeError(f"matmul: batch dims of shapes {tuple(ad.shape)} and "
                           f"{tuple(bd.shape)} do not broadcast") from None
    return record(MatmulBackward, out, (a, b), (ad, bd), xp)


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
    __slots__ = ()
    saved_as = (0, 1)
    saved_for = (1, 0)

    def vjp(self, g, xp, x, w):
        """``gx = g @ W``, ``gW = g2d.T @ x2d``, ``gb = sum of g over all but the last dim``;
        ``*2d`` flattens the leading dims (a 1-D input is one row)."""
        nxt = self.next
        gx = (xp.dot if g.ndim == 2 else xp.matmul)(g, w) if nxt[0] is not None else None
        gw = gb = None
        if nxt[1] is not None or nxt[2] is not None:
            g2 = xp.reshape(g, (-1, w.shape[0]))
            if nxt[1] is not None:
                # NOTE: dot, not matmul: NumPy's matmul takes a slow path for an inner
                # dimension of 1 (batch 1), about 8x slower than dot on the same operands.
                gw = xp.dot(xp.swapaxes(g2, 0, 1), xp.reshape(x, (-1, w.shape[1])))
            if nxt[2] is not None:
                gb = xp.sum(g2, axis=0)
        return gx, gw, gb


def linear(x: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """``y = x @ W.T + b`` for ``x`` of shape (*, in), ``W`` (out, in), ``b`` (out,) as one node
    (``torch.nn.functional.linear``); shapes and dtypes are checked by ``nn.functional.linear``."""
    d, w = x._data, weight._data
    xp = array_ops(d)
    if d.ndim > 2:  # one GEMM over all leading dims instead of a batched loop
        out = xp.matmul(d.reshape(-1, d.shape[-1]), w.T).reshape(d.shape[:-1] + (w.shape[0],))
    else:
        out = xp.dot(d, w.T)
    if bias is not None:
        out += bias._data
    return record(LinearBackward, out, (x, weight, bias), (d, w), xp)
