"""Reductions with ``dim`` (int or tuple) and ``keepdim``: sum, mean, var, std, logsumexp,
norm. (Maxima and minima are in ``extremes.py``.)

NOTE: ``norm`` has gradient 0 at the zero vector.
"""

from __future__ import annotations

import builtins
import math
from typing import Any

import numpy as np

from .._backend import array_ops
from .._tensor import Tensor, wrap
from ..autograd.node import OUT, Node
from .unary import _float_input

__all__ = [
    "sum",
    "mean",
    "var",
    "std",
    "logsumexp",
    "norm",
    "normalize_dims",
    "expand_reduced",
    "array_mean",
    "mean_of",
]


def normalize_dims(dim: Any, ndim: int) -> tuple | None:
    """``dim`` as a sorted tuple of non-negative axes (None: all), checking the range."""
    if dim is None:
        return None
    if type(dim) is int and -ndim <= dim < ndim:
        return (dim % ndim,)
    dims = (dim,) if isinstance(dim, int) else tuple(dim)
    if not dims:
        return None
    n = builtins.max(ndim, 1)  # NOTE: this module's max/min/sum shadow the builtins
    out = []
    for d in dims:
        d = int(d)
        if not -n <= d < n:
            raise IndexError(
                f"dimension {d} is out of range for a tensor of {ndim} dims "
                f"(expected to be in range [{-n}, {n - 1}])"
            )
        out.append(d % n)
    if len(set(out)) != len(out):
        raise RuntimeError(f"dim {dims} appears multiple times in the list of dims")
    return tuple(sorted(out)) if ndim else None


def expand_reduced(g: Any, xp: Any, axes: tuple | None, keepdim: bool, shape: tuple) -> Any:
    """Broadcast a reduced gradient back over the reduced ``axes`` of ``shape``."""
    if not keepdim and axes is not None:
        g = xp.expand_dims(g, axes)
    return xp.broadcast_to(g, shape)


def mean_of(a: Any, axis: Any, keepdims: bool, count: Any) -> Any:
    """``a.mean(axis, keepdims=keepdims)`` for a float32/float64 array of ``count`` (an ``intp``)
    elements per result, exactly as NumPy computes it (sum, then divide by the count)."""
    ret = np.add.reduce(a, axis=axis, keepdims=keepdims)
    if isinstance(ret, np.ndarray):
        return np.true_divide(ret, count, out=ret, casting="unsafe", subok=False)
    return ret.dtype.type(ret / count)


def array_mean(d: Any, axes: tuple | None, keepdims: bool) -> Any:
    """``d.mean(axis=axes, keepdims=keepdims)``: for float32/float64 NumPy arrays without
    NumPy's Python wrapper around the sum (4 µs a call), same bits."""
    if type(d) is not np.ndarray or d.dtype.char not in "fd":
        return d.mean(axis=axes, keepdims=keepdims)
    count = d.size if axes is None else math.prod(d.shape[ax] for ax in axes)
    return mean_of(d, axes, keepdims, np.intp(count))


# the parameters of every reduction over ``axes`` (None: all) of an input of shape ``in_shape``
_REDUCED = ("axes", "keepdim", "in_shape")


class SumBackward(Node):
    params = _REDUCED

    def vjp(self, g, xp):
        return (expand_reduced(g, xp, self.axes, self.keepdim, self.in_shape),)


def sum(x: Tensor, dim: Any = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:  # noqa: A001
    """Sum over ``dim`` (all dims when None); bools and ints sum to int64."""
    d = x._data
    if dtype is not None:
        from .cast import to_dtype

        x = to_dtype(x, dtype)
        d = x._data
    elif d.dtype.kind in "bu":  # NumPy would sum bool to int64 but uint8 to uint64
        d = d.astype("int64")
    xp = array_ops(d)
    axes = normalize_dims(dim, d.ndim)
    out = d.sum(axis=axes, keepdims=keepdim)
    return SumBackward.record(out, (x,), xp=xp, axes=axes, keepdim=keepdim, in_shape=d.shape)


def _count(shape: tuple, axes: tuple | None) -> int:
    return math.prod(shape) if axes is None else math.prod(shape[a] for a in axes)


class MeanBackward(Node):
    params = _REDUCED

    def vjp(self, g, xp):
        n = _count(self.in_shape, self.axes)
        return (expand_reduced(g / n, xp, self.axes, self.keepdim, self.in_shape),)


def mean(x: Tensor, dim: Any = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:
    """Mean over ``dim`` (all dims when None); needs a floating-point input, as PyTorch."""
    if dtype is not None:
        from .cast import to_dtype

        x = to_dtype(x, dtype)
    d = x._data
    if d.dtype.kind != "f":
        raise RuntimeError(
            f"mean(): could not infer output dtype: input dtype {x.dtype} is not floating "
            "point; convert with .float() or pass dtype="
        )
    xp = array_ops(d)
    axes = normalize_dims(dim, d.ndim)
    out = array_mean(d, axes, keepdim)
    return MeanBackward.record(out, (x,), xp=xp, axes=axes, keepdim=keepdim, in_shape=d.shape)


class VarBackward(Node):
    saved = {"x": 0}
    params = (*_REDUCED, "correction")

    def vjp(self, g, xp):
        x, axes = self.x, self.axes
        n = _count(self.in_shape, axes) - self.correction
        ge = expand_reduced(g, xp, axes, self.keepdim, self.in_shape)
        # NOTE: the mean is recomputed from ``x`` (not saved) so that with create_graph the
        # second derivative also flows through mean(x), as PyTorch's does.
        mu = xp.sum(x, axis=axes, keepdims=True) / _count(self.in_shape, axes)
        return (ge * (x - mu) * (2.0 / n),)


def _correction(unbiased: Any, correction: Any) -> float:
    if correction is not None:
        return float(correction)
    return 1.0 if unbiased is None or unbiased else 0.0


def var(
    x: Tensor,
    dim: Any = None,
    unbiased: Any = None,
    keepdim: bool = False,
    *,
    correction: Any = None,
) -> Tensor:
    """Variance over ``dim`` with Bessel's correction by default (``correction=0``: biased)."""
    if isinstance(dim, bool):  # var(x, False): the legacy positional ``unbiased``
        dim, unbiased = None, dim
    d = _float_input(x)
    xp = array_ops(d)
    axes = normalize_dims(dim, d.ndim)
    corr = _correction(unbiased, correction)
    mu = d.mean(axis=axes, keepdims=True)
    n = _count(d.shape, axes) - corr
    with xp.errstate(divide="ignore", invalid="ignore"):
        diff = d - mu
        out = (diff * diff).sum(axis=axes, keepdims=keepdim) / builtins.max(n, 0)
    out = out.astype(d.dtype, copy=False)
    return VarBackward.record(
        out, (x,), xp=xp, x=d, axes=axes, keepdim=keepdim, in_shape=d.shape, correction=corr
    )


def std(
    x: Tensor,
    dim: Any = None,
    unbiased: Any = None,
    keepdim: bool = False,
    *,
    correction: Any = None,
) -> Tensor:
    """Standard deviation: ``sqrt(var)`` with the same arguments."""
    from .unary import sqrt

    return sqrt(var(x, dim, unbiased, keepdim, correction=correction))


class LogsumexpBackward(Node):
    saved = {"x": 0, "out": OUT}
    params = ("axes", "keepdim")

    def vjp(self, g, xp):
        out = self.out
        if not self.keepdim and self.axes is not None:
            out = xp.expand_dims(out, self.axes)
            g = xp.expand_dims(g, self.axes)
        return (g * xp.exp(self.x - out),)


def logsumexp(x: Tensor, dim: Any = None, keepdim: bool = False) -> Tensor:
    """``log(sum(exp(x)))`` over ``dim``, shifted by the maximum so it never overflows."""
    d = _float_input(x)
    xp = array_ops(d)
    axes = normalize_dims(dim, d.ndim)
    m = d.max(axis=axes, keepdims=True) if d.size else xp.zeros((1,) * d.ndim, d.dtype)
    m = xp.where(xp.isfinite(m), m, 0)
    with xp.errstate(divide="ignore"):
        out = xp.log(xp.exp(d - m).sum(axis=axes, keepdims=True)) + m
    if not keepdim:
        out = out.squeeze(axes) if axes is not None else out.reshape(())
    out = out.astype(d.dtype, copy=False)
    return LogsumexpBackward.record(out, (x,), xp=xp, x=d, out=out, axes=axes, keepdim=keepdim)


class NormBackward(Node):
    saved = {"x": 0, "out": OUT}
    params = ("axes", "keepdim", "p")

    def vjp(self, g, xp):
        a, out = self.x, self.out
        if not self.keepdim and self.axes is not None:
            out = xp.expand_dims(out, self.axes)
            g = xp.expand_dims(g, self.axes)
        p = self.p
        if p == 1:
            return (g * xp.sign(a),)
        safe = xp.where(out == 0, 1.0, out)
        if p == 2:
            return (xp.where(out == 0, 0.0, g * a / safe),)
        return (xp.where(out == 0, 0.0, g * a * xp.abs(a) ** (p - 2) / safe ** (p - 1)),)


def norm(
    x: Tensor, p: Any = "fro", dim: Any = None, keepdim: bool = False, dtype: Any = None
) -> Tensor:
    """The vector p-norm over ``dim`` (``'fro'``: 2-norm; ``inf``/``-inf``: max/min of |x|)."""
    if dtype is not None:
        from .cast import to_dtype

        x = to_dtype(x, dtype)
    if p == "fro" or p is None:
        p = 2
    if p in (math.inf, -math.inf):
        from .extremes import amax, amin
        from .unary import abs as abs_

        return (amax if p > 0 else amin)(abs_(x), () if dim is None else dim, keepdim)
    p = float(p)
    if p < 0:
        raise ValueError(f"norm: p must be non-negative (or inf), got {p}")
    d = _float_input(x)
    if p == 0:  # the count of nonzero entries; its gradient is zero everywhere, as PyTorch
        from .arith import mul

        count = (d != 0).sum(axis=normalize_dims(dim, d.ndim), keepdims=keepdim)
        return sum(mul(x, 0), dim, keepdim) + wrap(count.astype(d.dtype))
    xp = array_ops(d)
    axes = normalize_dims(dim, d.ndim)
    ad = xp.abs(d)
    if p == 2:
        out = xp.sqrt((d * d).sum(axis=axes, keepdims=keepdim))
    elif p == 1:
        out = ad.sum(axis=axes, keepdims=keepdim)
    else:
        out = (ad**p).sum(axis=axes, keepdims=keepdim) ** (1.0 / p)
    out = out.astype(d.dtype, copy=False)
    return NormBackward.record(out, (x,), xp=xp, x=d, out=out, axes=axes, keepdim=keepdim, p=p)
