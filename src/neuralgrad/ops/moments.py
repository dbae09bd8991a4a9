"""``std_mean`` and ``var_mean``: the spread and the mean over the same dims in one call."""

from __future__ import annotations

from typing import Any

from .._tensor import Tensor
from .reduce import mean, std, var

__all__ = ["std_mean", "var_mean"]


def _pair(spread: Any, x: Tensor, dim: Any, unbiased: Any, keepdim: bool, correction: Any) -> tuple:
    if x._data.dtype.kind != "f":
        raise RuntimeError(
            f"{spread.__name__}_mean only supports floating-point dtypes, got {x.dtype}"
        )
    if isinstance(dim, bool):  # var_mean(x, False): the legacy positional ``unbiased``
        dim, unbiased = None, dim
    return spread(x, dim, unbiased, keepdim, correction=correction), mean(x, dim, keepdim)


def var_mean(
    x: Tensor,
    dim: Any = None,
    unbiased: Any = None,
    keepdim: bool = False,
    *,
    correction: Any = None,
) -> tuple[Tensor, Tensor]:
    """``(var(x, dim), mean(x, dim))`` with ``var``'s arguments (Bessel's correction by default)."""
    return _pair(var, x, dim, unbiased, keepdim, correction)


def std_mean(
    x: Tensor,
    dim: Any = None,
    unbiased: Any = None,
    keepdim: bool = False,
    *,
    correction: Any = None,
) -> tuple[Tensor, Tensor]:
    """``(std(x, dim), mean(x, dim))`` with ``std``'s arguments (Bessel's correction by default)."""
    return _pair(std, x, dim, unbiased, keepdim, correction)
