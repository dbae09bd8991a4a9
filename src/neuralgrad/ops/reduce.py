"""Reductions with ``dim`` (int or tuple) and ``keepdim``: sum, mean, var, std, amax, amin,
max/min (values and indices), logsumexp, norm.

NOTE: ``amax``/``amin`` and the full ``max()``/``min()`` share the gradient evenly among tied
maxima; ``max(dim)``/``min(dim)`` route it to the returned index only (PyTorch's choices).
``norm`` has gradient 0 at the zero vector.
"""

from __future__ import annotations

import builtins
import math
from typing import Any

from .. import return_types
from .._backend import array_ops
from .._tensor import Tensor, record, wrap
from ..autograd.node import OUT, Node
from .unary import _float_input

__all__ = [
    "sum",
    "mean",
    "var",
    "std",
    "amax",
    "amin",
    "max",
    "min",
    "logsumexp",
    "norm",
    "normalize_dims",
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


def _expand(g: Any, xp: Any, axes: tuple | None, keepdim: bool, shape: tuple) -> Any:
    """Broadcast a reduced gradient back over the reduced ``axes`` of ``shape``."""
    if not keepdim and axes is not None:
        g = xp.expand_dims(g, axes)
    return xp.broadcast_to(g, shape)


class SumBackward(Node):
    __slots__ = ("axes", "keepdim", "in_shape")

    def vjp(self, g, xp):
        return (_expand(g, xp, self.axes, self.keepdim, self.in_shape),)


def _reduced(
    node_cls: type, out: Any, x: Tensor, saved: tuple, xp: Any, axes: Any, keepdim: bool
) -> Tensor:
    t = record(node_cls, out, (x,), saved, xp)
    fn = t.grad_fn
    if fn is not None:
        fn.axes = axes
        fn.keepdim = keepdim
        fn.in_shape = x._data.shape
    return t


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
    return _reduced(SumBackward, out, x, (), xp, axes, keepdim)


def _count(shape: tuple, axes: tuple | None) -> int:
    return math.prod(shape) if axes is None else math.prod(shape[a] for a in axes)


class MeanBackward(Node):
    __slots__ = ("axes", "keepdim", "in_shape")

    def vjp(self, g, xp):
        n = _count(self.in_shape, self.axes)
        return (_expand(g / n, xp, self.axes, self.keepdim, self.in_shape),)


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
    out = d.mean(axis=axes, keepdims=keepdim)
    return _reduced(MeanBackward, out, x, (), xp, axes, keepdim)


class VarBackward(Node):
    __slots__ = ("axes", "keepdim", "in_shape", "correction")
    saved_as = (0, None)

    def vjp(self, g, xp, a, mu):
        n = _count(self.in_shape, self.axes) - self.correction
        ge = _expand(g, xp, self.axes, self.keepdim, self.in_shape)
        # NOTE: the mean is recomputed from ``a`` (not the saved constant) so that with
        # create_graph the second derivative also flows through mean(a), as PyTorch's does.
        mu = xp.sum(a, axis=self.axes, keepdims=True) / _count(self.in_shape, self.axes)
        return (ge * (a - mu) * (2.0 / n),)


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
    t = _reduced(VarBackward, out, x, (d, mu), xp, axes, keepdim)
    if t.grad_fn is not None:
        t.grad_fn.correction = corr
    return t


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


class AmaxBackward(Node):
    __slots__ = ("axes", "keepdim", "in_shape")
    saved_as = (0, OUT)

    def vjp(self, g, xp, a, out):
        o = out if self.keepdim or self.axes is None else xp.expand_dims(out, self.axes)
        hit = a == o
        count = xp.sum(hit, axis=self.axes, keepdims=True)
        ge = _expand(g, xp, self.axes, self.keepdim, self.in_shape)
        return (ge * hit / count,)


class AminBackward(AmaxBackward):
    __slots__ = ()


def _extreme(x: Tensor, dim: Any, keepdim: bool, which: str) -> Tensor:
    d = x._data
    if d.size == 0:
        raise IndexError(f"{which}(): expected a non-empty tensor")
    xp = array_ops(d)
    axes = normalize_dims(dim, d.ndim)
    out = (d.max if which == "amax" else d.min)(axis=axes, keepdims=keepdim)
    node_cls = AmaxBackward if which == "amax" else AminBackward
    return _reduced(node_cls, out, x, (d, out), xp, axes, keepdim)


def amax(x: Tensor, dim: Any = (), keepdim: bool = False) -> Tensor:
    """Maximum over ``dim`` (all when empty); ties share the gradient."""
    return _extreme(x, dim, keepdim, "amax")


def amin(x: Tensor, dim: Any = (), keepdim: bool = False) -> Tensor:
    """Minimum over ``dim`` (all when empty); ties share the gradient."""
    return _extreme(x, dim, keepdim, "amin")


class MaxBackward(Node):
    __slots__ = ("dim", "keepdim", "in_shape")
    saved_as = (None,)

    def vjp(self, g, xp, idx):
        if not self.keepdim:
            g = xp.expand_dims(g, self.dim)
            idx = xp.expand_dims(idx, self.dim)
        return (xp.gather_backward(self.in_shape, self.dim, idx, g),)


class MinBackward(MaxBackward):
    __slots__ = ()


def _extreme_dim(x: Tensor, dim: Any, keepdim: bool, which: str) -> Any:
    if dim is None:
        return _extreme(x, None, False, "amax" if which == "max" else "amin")
    if isinstance(dim, Tensor):
        from .arith import maximum, minimum

        return (maximum if which == "max" else minimum)(x, dim)
    d = x._data
    xp = array_ops(d)
    (axis,) = normalize_dims(dim, d.ndim) or (None,)
    if axis is None:  # a 0-d tensor
        return getattr(return_types, which)(
            record(_Copy, d.copy(), (x,), (), xp), wrap(xp.asarray(0))
        )
    if d.shape[axis] == 0:
        raise IndexError(f"{which}(): cannot reduce over a zero-size dimension {dim}")
    idx = (xp.argmax if which == "max" else xp.argmin)(d, axis=axis, keepdims=True)
    vals = xp.take_along_axis(d, idx, axis=axis)
    if not keepdim:
        vals = vals.squeeze(axis)
        idx = idx.squeeze(axis)
    t = record(MaxBackward if which == "max" else MinBackward, vals, (x,), (idx,), xp)
    fn = t.grad_fn
    if fn is not None:
        fn.dim, fn.keepdim, fn.in_shape = axis, keepdim, d.shape
    return getattr(return_types, which)(t, wrap(idx.astype("int64", copy=False)))


class _Copy(Node):
    __slots__ = ()

    def vjp(self, g, xp):
        return (g,)


def max(x: Tensor, dim: Any = None, keepdim: bool = False) -> Any:  # noqa: A001
    """``max()`` of all elements, ``max(dim)`` -> (values, indices), ``max(other)`` elementwise."""
    return _extreme_dim(x, dim, keepdim, "max")


def min(x: Tensor, dim: Any = None, keepdim: bool = False) -> Any:  # noqa: A001
    """``min()`` of all elements, ``min(dim)`` -> (values, indices), ``min(other)`` elementwise."""
    return _extreme_dim(x, dim, keepdim, "min")


class LogsumexpBackward(Node):
    __slots__ = ("axes", "keepdim", "in_shape")
    saved_as = (0, OUT)

    def vjp(self, g, xp, a, out):
        if not self.keepdim and self.axes is not None:
            out = xp.expand_dims(out, self.axes)
            g = xp.expand_dims(g, self.axes)
        return (g * xp.exp(a - out),)


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
    return _reduced(LogsumexpBackward, out, x, (d, out), xp, axes, keepdim)


class NormBackward(Node):
    __slots__ = ("axes", "keepdim", "in_shape", "p")
    saved_as = (0, OUT)

    def vjp(self, g, xp, a, out):
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
    t = _reduced(NormBackward, out, x, (d, out), xp, axes, keepdim)
    if t.grad_fn is not None:
        t.grad_fn.p = p
    return t
