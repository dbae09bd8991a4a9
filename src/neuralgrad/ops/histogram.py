"""Counting values into bins: ``histc`` (counts only) and ``histogram`` (counts and edges,
with weights and densities). Not differentiable.

Bins are found as PyTorch finds them, in the input's dtype: equal-width bins by
``int((x - lo) * bins / (hi - lo))`` (``histogram`` then settles values next to an edge by the
edges themselves), explicit edges by binary search; the last bin includes its right edge and
values outside [lo, hi] (and NaN) are not counted.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .. import return_types
from .._devices import move
from .._tensor import Tensor, wrap
from ._linspace import linspace_array
from ._operands import require_float

__all__ = ["histc", "histogram"]


def _float_input(x: Tensor, op: str) -> np.ndarray:
    """``x``'s values on the host (histograms are counted there, whatever ``x``'s device)."""
    require_float(x, f"{op}: the input")
    return np.asarray(x.__array__()).ravel()


def _check_bins(bins: Any, op: str) -> int:
    if isinstance(bins, bool) or not isinstance(bins, (int, np.integer)) or bins <= 0:
        raise RuntimeError(f"{op}: bins must be > 0, but got {bins!r}")
    return int(bins)


def _finite_range(d: np.ndarray, lo: Any, hi: Any, pad: float, op: str) -> tuple:
    """``(lo, hi)`` in the input's dtype, widened by ``pad`` on each side when they are equal."""
    if lo == hi:
        lo, hi = lo - pad, hi + pad
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise RuntimeError(f"{op}: range of [{lo}, {hi}] is not finite")
    return d.dtype.type(lo), d.dtype.type(hi)


def _data_range(d: np.ndarray, empty: tuple) -> tuple:
    """The smallest and largest value (``empty`` when there are none)."""
    return (d.min(), d.max()) if d.size else empty


def _linear_positions(x: np.ndarray, lo: Any, hi: Any, bins: int) -> np.ndarray:
    scale = x.dtype.type(bins)
    with np.errstate(invalid="ignore"):
        return ((x - lo) * scale / (hi - lo)).astype(np.int64)


def _count(d: np.ndarray, pos: np.ndarray, keep: np.ndarray, bins: int, weight: Any) -> Any:
    pos = np.minimum(pos, bins - 1)  # the right edge belongs to the last bin
    w = None if weight is None else weight[keep].astype(np.float64)
    return np.bincount(pos, weights=w, minlength=bins).astype(d.dtype)


def histc(x: Tensor, bins: int = 100, min: float = 0, max: float = 0) -> Tensor:
    """Counts of ``x``'s values in ``bins`` equal bins over [min, max] (the data's range when
    min == max)."""
    d = _float_input(x, "histc")
    n = _check_bins(bins, "histc")
    if max < min:
        raise RuntimeError(f"histc: max must be larger than min (got min={min}, max={max})")
    lo, hi = _data_range(d, (min, max)) if min == max else (min, max)
    lo, hi = _finite_range(d, lo, hi, 1, "histc")
    keep = (d >= lo) & (d <= hi)
    return wrap(move(_count(d, _linear_positions(d[keep], lo, hi, n), keep, n, None), x.device))


def _edges_from(bins: Tensor, d: np.ndarray) -> np.ndarray:
    edges = np.asarray(bins.__array__())
    if edges.dtype != d.dtype:
        raise RuntimeError(
            f"histogram: input and bins must have the same dtype, got {d.dtype} and {edges.dtype}"
        )
    if edges.ndim != 1 or edges.size < 2 or (np.diff(edges) < 0).any():
        raise RuntimeError("histogram: bins must be a 1-D tensor of at least 2 increasing edges")
    return edges


def _weights(weight: Any, x: Tensor) -> np.ndarray | None:
    if weight is None:
        return None
    if tuple(weight.shape) != tuple(x.shape):
        raise RuntimeError(
            f"histogram: weight must have the input's shape {tuple(x.shape)}, "
            f"got {tuple(weight.shape)}"
        )
    return np.asarray(weight.__array__()).ravel()


def histogram(
    x: Tensor,
    bins: Any = 100,
    *,
    range: Any = None,
    weight: Tensor | None = None,
    density: bool = False,
) -> return_types.histogram:
    """``(hist, bin_edges)``: ``bins`` equal bins over ``range`` (default: the data's range), or
    the given edges; ``weight`` adds each value's weight instead of 1; ``density`` divides by
    the total and the bin widths so that the histogram integrates to 1."""
    d = _float_input(x, "histogram")
    w = _weights(weight, x)
    if isinstance(bins, Tensor):
        if range is not None:
            raise TypeError("histogram: range can only be given with a number of bins")
        edges = _edges_from(bins, d)
        n = edges.size - 1
        keep = (d >= edges[0]) & (d <= edges[-1])
    else:
        n = _check_bins(bins, "histogram")
        lo, hi = _data_range(d, (0, 1)) if range is None else range
        if hi < lo:
            raise RuntimeError(f"histogram: min should not exceed max, got min {lo} max {hi}")
        lo, hi = _finite_range(d, lo, hi, 0.5, "histogram")
        edges = linspace_array(lo, hi, n + 1, d.dtype)
        keep = (d >= lo) & (d <= hi)
    pos = np.searchsorted(edges, d[keep], side="right") - 1
    hist = _count(d, pos, keep, n, w)
    if density:  # an empty histogram has no density: 0 / 0 = nan, as in PyTorch
        with np.errstate(invalid="ignore", divide="ignore"):
            hist = hist / (hist.sum() * np.diff(edges))
    return return_types.histogram(
        wrap(move(hist.astype(d.dtype), x.device)), wrap(move(edges.copy(), x.device))
    )
