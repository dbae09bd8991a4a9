"""Running sums and products along a dimension: cumsum, cumprod.

Integer and bool inputs give int64 (PyTorch's choice); ``dtype=`` converts the input first.
The VJP of cumsum is a reversed cumsum; cumprod's divides by the input where no zero came before
and recomputes the products around each zero, so zeros get exact gradients of every order.
"""

from __future__ import annotations

from typing import Any

from .. import _dtype
from .._backend import array_ops
from .._tensor import Tensor
from ..autograd.node import OUT, Node
from .reduce import normalize_dims

__all__ = ["cumsum", "cumprod"]


def _prepare(x: Tensor, dim: Any, dtype: Any, op: str) -> tuple[Tensor, int]:
    """``x`` in the result dtype, and ``dim`` as a non-negative axis (0 for a 0-d tensor)."""
    if dim is None:
        raise TypeError(f'{op}() missing 1 required positional arguments: "dim"')
    if dtype is not None:
        from .cast import to_dtype

        x = to_dtype(x, dtype)
    elif x._data.dtype.kind in "biu":
        from .cast import to_dtype

        x = to_dtype(x, _dtype.int64)
    (axis,) = normalize_dims(int(dim), x._data.ndim) or (0,)
    return x, axis


def _scan(fn: Any, d: Any, axis: int) -> Any:
    """``fn`` (the library's cumsum or cumprod) along ``axis``; a 0-d array is its own scan."""
    return fn(d.reshape(1), axis=0).reshape(()) if d.ndim == 0 else fn(d, axis=axis)


def _reverse_cumsum(xp: Any, g: Any, axis: int) -> Any:
    """``sum_{j >= i} g_j`` along ``axis`` (what each input of a running sum contributed to)."""
    if g.ndim == 0:
        return g * 1  # a new array, as for every other shape (a leaf may keep it)
    return xp.flip(xp.cumsum(xp.flip(g, axis), axis), axis)


class CumsumBackward(Node):
    params = ("axis",)

    def vjp(self, g, xp):
        return (_reverse_cumsum(xp, g, self.axis),)


def cumsum(x: Tensor, dim: Any = None, *, dtype: Any = None) -> Tensor:
    """Running sum along ``dim``: ``out_i = x_0 + ... + x_i``."""
    x, axis = _prepare(x, dim, dtype, "cumsum")
    d = x._data
    xp = array_ops(d)
    return CumsumBackward.record(_scan(xp.cumsum, d, axis), (x,), xp=xp, axis=axis)


def _cumprod_vjp(xp: Any, g: Any, a: Any, out: Any, axis: int) -> Any:
    """``sum_{j >= i} g_j prod_{m <= j, m != i} a_m``: the gradient of ``cumprod(a)``.

    Before the first zero of a slice it is ``reversed_cumsum(g * out) / a``. From the first zero
    on, it comes from the same sum over ``a'`` (``a`` with that zero set to 1): as is at the
    zero, times the zero itself after it (0, with the right derivative for higher orders).
    Each slice's zeros are peeled off one level at a time, innermost level first.
    """
    levels = []
    while True:
        zero = a == 0
        if not zero.any():
            break
        seen = xp.cumsum(zero, axis)
        before, first = seen == 0, zero & (seen == 1)
        first_zero = xp.sum(xp.where(first, a, 0), axis, True)
        levels.append((out, a, before, first, first_zero))
        a = xp.where(first, 1, a)
        out = xp.cumprod(a, axis)
    grad = _reverse_cumsum(xp, g * out, axis) / a
    for out, a, before, first, first_zero in reversed(levels):
        head = _reverse_cumsum(xp, g * out, axis) / xp.where(before, a, 1)
        grad = xp.where(before, head, xp.where(first, grad, grad * first_zero))
    return grad


class CumprodBackward(Node):
    saved = {"x": 0, "out": OUT}
    params = ("axis",)

    def vjp(self, g, xp):
        x = self.x
        return (g * 1 if x.ndim == 0 else _cumprod_vjp(xp, g, x, self.out, self.axis),)


def cumprod(x: Tensor, dim: Any = None, *, dtype: Any = None) -> Tensor:
    """Running product along ``dim``: ``out_i = x_0 * ... * x_i``."""
    x, axis = _prepare(x, dim, dtype, "cumprod")
    d = x._data
    xp = array_ops(d)
    out = _scan(xp.cumprod, d, axis)
    return CumprodBackward.record(out, (x,), xp=xp, x=d, out=out, axis=axis)
