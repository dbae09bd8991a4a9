"""``meshgrid``: coordinate grids from 1-D tensors, each a reshaped and expanded view of its
input, so gradients flow back (summed over the grid) as PyTorch's do."""

from __future__ import annotations

import warnings
from typing import Any

from .._tensor import Tensor
from .shape import reshape

__all__ = ["meshgrid"]


def meshgrid(*tensors: Any, indexing: str | None = None) -> tuple[Tensor, ...]:
    """Grids for ``tensors`` (or one list of them): ``indexing='ij'`` gives shape
    ``(len(t0), len(t1), ...)``; ``'xy'`` swaps the first two dims (NumPy's and MATLAB's way)."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    if indexing is None:
        warnings.warn(
            "meshgrid: in an upcoming release, it will be required to pass the indexing "
            "argument; 'ij' is used",
            UserWarning,
            stacklevel=2,
        )
        indexing = "ij"
    if indexing not in ("ij", "xy"):
        raise ValueError(f"meshgrid: indexing must be 'ij' or 'xy', got {indexing!r}")
    if not tensors:
        raise RuntimeError("meshgrid expects a non-empty list of tensors")
    for t in tensors:
        if not isinstance(t, Tensor) or t.ndim > 1:
            got = f"{t.ndim}D tensor" if isinstance(t, Tensor) else type(t).__name__
            raise RuntimeError(f"meshgrid expects 0D or 1D tensors, but got: {got}")
    if len({t.dtype for t in tensors}) > 1:
        raise RuntimeError("meshgrid expects all tensors to have the same dtype")
    swap = indexing == "xy" and len(tensors) > 1
    order = [1, 0, *range(2, len(tensors))] if swap else list(range(len(tensors)))
    ordered = [tensors[i] for i in order]
    shape = tuple(t.numel() for t in ordered)
    grids = []
    for k, t in enumerate(ordered):
        view = [1] * len(shape)
        view[k] = shape[k]
        grids.append(reshape(t, view).expand(*shape))
    if swap:  # 'xy' is 'ij' on the first two inputs swapped, the first two grids swapped back
        grids[0], grids[1] = grids[1], grids[0]
    return tuple(grids)
