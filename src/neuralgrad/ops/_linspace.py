"""PyTorch's ``linspace`` values, bit for bit: ``start + step * i`` for the first half and
``end - step * (steps - 1 - i)`` for the second, ``step`` rounded to the dtype, and each float32
or float64 value rounded once (PyTorch's kernels fuse the multiply-add; its float16 kernel
rounds the product and the sum separately)."""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["linspace_array"]

_SPLIT = 134217729.0  # 2**27 + 1: Veltkamp's constant for float64


def _fused(c: np.ndarray, s: float, k: np.ndarray, sign: float) -> np.ndarray:
    """``c + sign * s * k`` rounded once, for float64 ``s`` and integers ``k`` below 2**26.

    ``s`` is split into halves whose products with ``k`` are exact; the sum of the three terms
    is then carried exactly (TwoSum) until the last addition.
    """
    big = s * _SPLIT
    s_hi = big - (big - s)
    s_lo = s - s_hi
    a1, a2 = sign * s_hi * k, sign * s_lo * k
    t = c + a1
    bp = t - c
    err = (c - (t - bp)) + (a1 - bp)
    return t + (err + a2)


def linspace_array(start: Any, end: Any, steps: int, dt: np.dtype) -> np.ndarray:
    """``steps`` values from ``start`` to ``end`` inclusive, as PyTorch computes them in ``dt``."""
    dt = np.dtype(dt)
    if steps <= 1:
        return np.full(steps, start, dtype=np.float64).astype(dt)
    # integer results: integer ends, a float64 step, values truncated
    work = dt if dt.kind == "f" else np.dtype(np.float64)
    lo, hi = (work.type(start), work.type(end)) if dt.kind == "f" else (int(start), int(end))
    lo, hi = work.type(lo), work.type(hi)
    step = work.type((hi - lo) / work.type(steps - 1))
    i = np.arange(steps, dtype=np.float64)
    if work.itemsize == 2:
        front = lo + step * i.astype(work)
        back = hi - step * (steps - 1 - i).astype(work)
    else:
        front = _fused(np.float64(lo), np.float64(step), i, 1.0)
        back = _fused(np.float64(hi), np.float64(step), steps - 1 - i, -1.0)
    return np.where(i < steps // 2, front, back).astype(dt)
