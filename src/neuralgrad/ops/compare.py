"""Non-differentiable elementwise tests: comparisons, logical ops, isnan/isfinite/isinf, the
isclose family and ``all``/``any``. (Rounding is in ``rounding.py``, bitwise ops in
``bitwise.py``.)"""

from __future__ import annotations

from typing import Any

from .._backend import array_ops
from .._devices import check_devices
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
    "isnan",
    "isfinite",
    "isinf",
    "all",
    "any",
    "allclose",
    "isclose",
    "equal",
    "logical_not",
    "logical_and",
    "logical_or",
    "logical_xor",
    "nondiff_binary",
    "nondiff_unary",
]


def nondiff_binary(name: str, fn: Any) -> Any:
    """An op ``fn(a, b)`` of two operands (promoted as PyTorch promotes them, broadcast) whose
    result has no gradient."""

    def op(a: Any, b: Any) -> Tensor:
        ad, bd = operands(a, b)
        try:
            return wrap(fn(ad, bd))
        except ValueError:
            raise broadcast_error(name, ad, bd) from None
        except TypeError:
            check_devices(ad, bd)
            raise

    op.__name__ = name
    op.__doc__ = f"Elementwise ``{name}`` with broadcasting (no gradient)."
    return op


eq = nondiff_binary("eq", lambda a, b: a == b)
ne = nondiff_binary("ne", lambda a, b: a != b)
lt = nondiff_binary("lt", lambda a, b: a < b)
le = nondiff_binary("le", lambda a, b: a <= b)
gt = nondiff_binary("gt", lambda a, b: a > b)
ge = nondiff_binary("ge", lambda a, b: a >= b)
logical_and = nondiff_binary("logical_and", lambda a, b: array_ops(a).logical_and(a, b))
logical_or = nondiff_binary("logical_or", lambda a, b: array_ops(a).logical_or(a, b))
logical_xor = nondiff_binary("logical_xor", lambda a, b: array_ops(a).logical_xor(a, b))


def nondiff_unary(name: str, fn: Any, doc: str) -> Any:
    """An op ``fn(xp, data)`` of one tensor whose result has no gradient."""

    def op(x: Tensor) -> Tensor:
        return wrap(fn(array_ops(x._data), x._data))

    op.__name__ = name
    op.__doc__ = doc
    return op


isnan = nondiff_unary("isnan", lambda xp, d: xp.isnan(d), "True where x is NaN.")
isfinite = nondiff_unary("isfinite", lambda xp, d: xp.isfinite(d), "True where x is finite.")
isinf = nondiff_unary("isinf", lambda xp, d: xp.isinf(d), "True where x is +-inf.")
logical_not = nondiff_unary("logical_not", lambda xp, d: xp.logical_not(d), "Elementwise not.")


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
