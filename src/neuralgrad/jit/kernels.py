"""Kernels a capture writes in a cheaper form with the same bits: NumPy functions as the method
of their first array argument, and an array's sum/max/min/prod/mean as the ufunc reduction the
method ends in (without its Python wrapper)."""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["AS_METHOD", "REDUCTIONS", "mean_of"]

# NumPy functions recorded as the equivalent method of their first (array) argument
AS_METHOD = {
    np.reshape: "reshape",
    np.swapaxes: "swapaxes",
    np.transpose: "transpose",
    np.ravel: "ravel",
    np.squeeze: "squeeze",
    np.diagonal: "diagonal",
    np.repeat: "repeat",
    np.take: "take",
    np.clip: "clip",
}


REDUCTIONS = {
    "sum": np.add.reduce,
    "max": np.maximum.reduce,
    "min": np.minimum.reduce,
    "prod": np.multiply.reduce,
    "mean": None,
}


def mean_of(a: Any, axis: Any, keepdims: bool, count: Any) -> Any:
    """``a.mean(axis, keepdims=keepdims)`` for a float32/float64 array of ``count`` elements per
    result, exactly as NumPy computes it (sum, then divide by the count as an ``intp``)."""
    ret = np.add.reduce(a, axis=axis, keepdims=keepdims)
    if isinstance(ret, np.ndarray):
        return np.true_divide(ret, count, out=ret, casting="unsafe", subok=False)
    return ret.dtype.type(ret / count)
