"""Elementwise functions of one tensor: abs, exp, log, log1p, sqrt, sin, cos, clamp.

NOTE: ``abs`` has gradient 0 at 0 (sign(0) = 0) and ``clamp`` passes the gradient where
min <= x <= max, bounds included, both as PyTorch does.
"""

from __future__ import annotations

from typing import Any

from .._backend import array_ops
from .._tensor import Tensor
from ..autograd.node import CONST, OUT, Node

__all__ = ["abs", "exp", "log", "log1p", "sqrt", "sin", "cos", "clamp", "square", "rsqrt"]


def _float_input(x: Tensor) -> Any:
    d = x._data
    if d.dtype.kind != "f":
        from .. import _dtype

        return d.astype(_dtype.get_default_dtype().np)
    return d


class AbsBackward(Node):
    saved = {"a": 0}

    def vjp(self, g, xp):
        return (g * xp.sign(self.a),)


def abs(x: Tensor) -> Tensor:  # noqa: A001
    """``|x|``."""
    d = x._data
    xp = array_ops(d)
    return AbsBackward.record(xp.abs(d), (x,), xp=xp, a=d)


class ExpBackward(Node):
    saved = {"out": OUT}

    def vjp(self, g, xp):
        return (g * self.out,)


def exp(x: Tensor) -> Tensor:
    """``e ** x``."""
    d = _float_input(x)
    xp = array_ops(d)
    out = xp.exp(d)
    return ExpBackward.record(out, (x,), xp=xp, out=out)


class LogBackward(Node):
    saved = {"a": 0}

    def vjp(self, g, xp):
        return (g / self.a,)


def log(x: Tensor) -> Tensor:
    """Natural logarithm (-inf at 0, nan below, as PyTorch)."""
    d = _float_input(x)
    xp = array_ops(d)
    with xp.errstate(divide="ignore", invalid="ignore"):
        out = xp.log(d)
    return LogBackward.record(out, (x,), xp=xp, a=d)


class Log1pBackward(Node):
    saved = {"a": 0}

    def vjp(self, g, xp):
        return (g / (self.a + 1),)


def log1p(x: Tensor) -> Tensor:
    """``log(1 + x)``, accurate for small x."""
    d = _float_input(x)
    xp = array_ops(d)
    with xp.errstate(divide="ignore", invalid="ignore"):
        out = xp.log1p(d)
    return Log1pBackward.record(out, (x,), xp=xp, a=d)


class SqrtBackward(Node):
    saved = {"out": OUT}

    def vjp(self, g, xp):
        return (g / (self.out * 2),)


def sqrt(x: Tensor) -> Tensor:
    """Square root (nan below 0, as PyTorch)."""
    d = _float_input(x)
    xp = array_ops(d)
    with xp.errstate(invalid="ignore"):
        out = xp.sqrt(d)
    return SqrtBackward.record(out, (x,), xp=xp, out=out)


def rsqrt(x: Tensor) -> Tensor:
    """``1 / sqrt(x)``."""
    return sqrt(x) ** -1


def square(x: Tensor) -> Tensor:
    """``x * x``."""
    return x * x


class SinBackward(Node):
    saved = {"a": 0}

    def vjp(self, g, xp):
        return (g * xp.cos(self.a),)


def sin(x: Tensor) -> Tensor:
    """Sine."""
    d = _float_input(x)
    xp = array_ops(d)
    return SinBackward.record(xp.sin(d), (x,), xp=xp, a=d)


class CosBackward(Node):
    saved = {"a": 0}

    def vjp(self, g, xp):
        return (-g * xp.sin(self.a),)


def cos(x: Tensor) -> Tensor:
    """Cosine."""
    d = _float_input(x)
    xp = array_ops(d)
    return CosBackward.record(xp.cos(d), (x,), xp=xp, a=d)


class ClampBackward(Node):
    saved = {"inside": CONST, "below": CONST, "above": CONST}

    def vjp(self, g, xp):
        inside, below, above = self.inside, self.below, self.above
        # NOTE: tensor bounds as PyTorch: min gets g where x < min < max, max where x > max or
        # max < min.
        nxt = self.next
        return (
            g * inside if nxt[0] is not None else None,
            g * below if nxt[1] is not None else None,
            g * above if nxt[2] is not None else None,
        )


def clamp(x: Tensor, min: Any = None, max: Any = None) -> Tensor:
    """Limit values to [min, max]; the gradient flows where min <= x <= max."""
    if min is None and max is None:
        raise RuntimeError("clamp: at least one of 'min' or 'max' must not be None")
    d = x._data
    xp = array_ops(d)
    lo = min._data if isinstance(min, Tensor) else min
    hi = max._data if isinstance(max, Tensor) else max
    out = d
    inside = True
    below = above = None
    if lo is not None:
        out = xp.maximum(out, lo)
        inside = d >= lo
        below = d < lo if isinstance(min, Tensor) else None
    if hi is not None:
        out = xp.minimum(out, hi)
        inside = inside & (d <= hi)
        above = d > hi if isinstance(max, Tensor) else None
        if lo is not None and below is not None:
            below = below & (lo < hi)
        if lo is not None and above is not None:
            above = above | (hi < lo)
    if out is d:
        out = d.copy()
    from .. import _dtype

    # PyTorch's promotion: int tensor with a float bound -> default float; 0-d bounds are weak
    target = _dtype.result_np_dtype([v for v in (x, min, max) if v is not None])
    if out.dtype != target:
        out = out.astype(target)
    return ClampBackward.record(out, (x, min, max), xp=xp, inside=inside, below=below, above=above)
