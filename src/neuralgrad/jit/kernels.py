"""Kernels a capture writes in a cheaper form with the same bits: NumPy functions as the method
of their first array argument, and an array's sum/max/min/prod/mean as the ufunc reduction the
method ends in (without its Python wrapper). And the BLAS thread policy the eager products
apply (``_threads``), written before each recorded product so that replays apply it too."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._threads import POLICY, fit_threads, product_dims
from ..ops.reduce import mean_of  # the recorded form of ndarray.mean

__all__ = ["AS_METHOD", "REDUCTIONS", "mean_of", "thread_policy"]

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


PRODUCTS = (np.matmul, np.dot)


def thread_policy(fn: Any, args: Any) -> tuple | None:
    """For a recorded matrix product ``fn(a, b)``: the policy's call before it, as
    ``(POLICY, fit_threads, (m, k, n))`` for the line ``if POLICY.active: fit_threads(m, k, n)``;
    None for anything else."""
    if fn not in PRODUCTS or len(args) != 2:
        return None
    shapes = [getattr(a, "shape", None) for a in args]
    if any(s is None or len(s) == 0 for s in shapes):
        return None
    return POLICY, fit_threads, product_dims(*shapes)
