"""Non-differentiable ops: comparisons, argmax/argmin, sign, round, floor, ceil, isnan,
isfinite, isinf, all, any, allclose, equal, logical ops, nonzero, floor division."""

from __future__ import annotations

from typing import Any

from .._backend import array_ops
from .._tensor import Tensor, wrap
from ._operands import broadcast_error, operands
from .reduce import normalize_dims

__all__ = [
    "eq",
    "ne",
    "lt",
    "le",
    "gt",
    "ge",
    "argmax",
    "argmin",
    "sign",
    "round",
    "floor",
    "ceil",
    "isnan",
    "isfinite",
    "isinf",
    "all",
    "any",
    "allclose",
    "equal",
    "logical_not",
    "logical_and",
    "logical_or",
    "logical_xor",
    "nonzero",
    "floor_divide",
    "isclose",
    "bitwise_and",
    "bitwise_or",
    "bitwise_xor",
    "bitwise_not",
]


def _compare(name: str, fn: Any) -> Any:
    def op(a: Any, b: Any) -> Tensor:
        ad, bd = operands(a, b)
        try:
            return wrap(fn(ad, bd))
        except ValueError:
            raise broadcast_error(name, ad, bd) from None

    op.__name__ = name
    op.__doc__ = f"Elementwise ``{name}`` comparison with broadcasting (a bool tensor)."
    return op


eq = _compare("eq", lambda a, b: a == b)
ne = _compare("ne", lambda a, b: a != b)
lt = _compare("lt", lambda a, b: a < b)
le = _compare("le", lambda a, b: a <= b)
gt = _compare("gt", lambda a, b: a > b)
ge = _compare("ge", lambda a, b: a >= b)
logical_and = _compare("logical_and", lambda a, b: array_ops(a).logical_and(a, b))
logical_or = _compare("logical_or", lambda a, b: array_ops(a).logical_or(a, b))
logical_xor = _compare("logical_xor", lambda a, b: array_ops(a).logical_xor(a, b))
# ``&``, ``|``, ``^``, ``~``: logical on bool tensors, bitwise on integer ones (as PyTorch)
bitwise_and = _compare("bitwise_and", lambda a, b: array_ops(a).bitwise_and(a, b))
bitwise_or = _compare("bitwise_or", lambda a, b: array_ops(a).bitwise_or(a, b))
bitwise_xor = _compare("bitwise_xor", lambda a, b: array_ops(a).bitwise_xor(a, b))


def _arg(x: Tensor, dim: Any, keepdim: bool, fn: str) -> Tensor:
    d = x._data
    xp = array_ops(d)
    if dim is None:
        out = getattr(xp, fn)(d)
        return wrap(xp.asarray(out, dtype="int64").reshape((1,) * d.ndim if keepdim else ()))
    (axis,) = normalize_dims(dim, d.ndim) or (None,)
    return wrap(getattr(xp, fn)(d, axis=axis, keepdims=keepdim).astype("int64", copy=False))


def argmax(x: Tensor, dim: int | None = None, keepdim: bool = False) -> Tensor:
    """Index of the (first) maximum, over all elements or along ``dim``."""
    return _arg(x, dim, keepdim, "argmax")


def argmin(x: Tensor, dim: int | None = None, keepdim: bool = False) -> Tensor:
    """Index of the (first) minimum, over all elements or along ``dim``."""
    return _arg(x, dim, keepdim, "argmin")


def _unary(name: str, fn: Any, doc: str) -> Any:
    def op(x: Tensor) -> Tensor:
        return wrap(fn(array_ops(x._data), x._data))

    op.__name__ = name
    op.__doc__ = doc
    return op


sign = _unary("sign", lambda xp, d: xp.sign(d), "-1, 0 or 1 by the sign of each element.")
floor = _unary("floor", lambda xp, d: xp.floor(d), "Largest integer <= x (same dtype).")
ceil = _unary("ceil", lambda xp, d: xp.ceil(d), "Smallest integer >= x (same dtype).")
isnan = _unary("isnan", lambda xp, d: xp.isnan(d), "True where x is NaN.")
isfinite = _unary("isfinite", lambda xp, d: xp.isfinite(d), "True where x is finite.")
isinf = _unary("isinf", lambda xp, d: xp.isinf(d), "True where x is +-inf.")
logical_not = _unary("logical_not", lambda xp, d: xp.logical_not(d), "Elementwise not.")
bitwise_not = _unary(
    "bitwise_not",
    lambda xp, d: xp.invert(d),
    "Logical not of a bool tensor, bitwise not of an integer one (``~``).",
)


def round(x: Tensor, decimals: int = 0) -> Tensor:  # noqa: A001
    """Round half to even, as PyTorch and NumPy do."""
    d = x._data
    return wrap(array_ops(d).round(d, decimals))


def all(x: Tensor, dim: Any = None, keepdim: bool = False) -> Tensor:  # noqa: A001
    """True where every element (along ``dim``) is nonzero."""
    d = x._data
    return wrap(array_ops(d).asarray(d.all(axis=normalize_dims(dim, d.ndim), keepdims=keepdim)))


def any(x: Tensor, dim: Any = None, keepdim: bool = False) -> Tensor:  # noqa: A001
    """True where some element (along ``dim``) is nonzero."""
    d = x._data
    return wrap(array_ops(d).asarray(d.any(axis=normalize_dims(dim, d.ndim), keepdims=keepdim)))


def isclose(
    a: Tensor, b: Tensor, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False
) -> Tensor:
    """``|a - b| <= atol + rtol * |b|`` elementwise."""
    ad, bd = operands(a, b)
    return wrap(array_ops(ad).isclose(ad, bd, rtol=rtol, atol=atol, equal_nan=equal_nan))


def allclose(
    a: Tensor, b: Tensor, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False
) -> bool:
    """True when every element of ``a`` is close to ``b`` (see ``isclose``)."""
    return bool(isclose(a, b, rtol, atol, equal_nan)._data.all())


def equal(a: Tensor, b: Tensor) -> bool:
    """True when both have the same shape and the same values."""
    return a.shape == b.shape and bool((a._data == b._data).all())


def nonzero(x: Tensor, *, as_tuple: bool = False) -> Any:
    """Indices of the nonzero elements: an (n, ndim) int64 tensor, or one tensor per dim."""
    d = x._data
    xp = array_ops(d)
    idx = xp.nonzero(xp.atleast_1d(d))
    if as_tuple:
        return tuple(wrap(i.astype("int64", copy=False)) for i in idx)
    return wrap(xp.stack(idx, axis=1).astype("int64", copy=False))


def floor_divide(a: Any, b: Any, rounding_mode: str = "floor") -> Tensor:
    """``a / b`` rounded down (``'floor'``) or toward zero (``'trunc'``); not differentiable."""
    ad, bd = operands(a, b)
    xp = array_ops(ad)
    if rounding_mode == "floor":
        out = xp.floor_divide(ad, bd)
    elif rounding_mode == "trunc":
        q = xp.true_divide(ad, bd)
        out = xp.trunc(q).astype(q.dtype if ad.dtype.kind == "f" else ad.dtype)
    else:
        raise ValueError(f"rounding_mode must be 'floor' or 'trunc', got {rounding_mode!r}")
    return wrap(out)
