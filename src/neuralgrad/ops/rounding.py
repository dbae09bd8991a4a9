"""Rounding, not differentiable: sign, round, floor, ceil and floor division."""

from __future__ import annotations

from typing import Any

from .._backend import array_ops
from .._tensor import Tensor, wrap
from ._operands import operands
from .compare import nondiff_unary

__all__ = ["sign", "round", "floor", "ceil", "floor_divide"]

sign = nondiff_unary("sign", lambda xp, d: xp.sign(d), "-1, 0 or 1 by the sign of each element.")
floor = nondiff_unary("floor", lambda xp, d: xp.floor(d), "Largest integer <= x (same dtype).")
ceil = nondiff_unary("ceil", lambda xp, d: xp.ceil(d), "Smallest integer >= x (same dtype).")


def round(x: Tensor, decimals: int = 0) -> Tensor:  # noqa: A001
    """Round half to even, as PyTorch and NumPy do."""
    d = x._data
    return wrap(array_ops(d).round(d, decimals))


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
