"""More elementwise functions of one tensor: sinh, cosh, log10, log2.

Each computes its forward in float64 and rounds once to the input's dtype: the correctly rounded
value, which PyTorch's kernels give too (NumPy's own float32 versions are off by a unit in the
last place for a third of inputs, and log10(1000) would not print as 3). The VJPs use calls that
the graph-building namespace also has, so higher orders work: cosh(a) = (e^a + e^-a) / 2 has no
cancellation, and sinh(a) = tanh(a) * cosh(a) is accurate near 0 where (e^a - e^-a) / 2 is not.
"""

from __future__ import annotations

import math
from typing import Any

from .._backend import array_ops
from .._tensor import Tensor, record
from ..autograd.node import Node
from .unary import _float_input

__all__ = ["sinh", "cosh", "log10", "log2"]

_LN10 = math.log(10.0)
_LN2 = math.log(2.0)


def _rounded_once(xp: Any, fn: str, d: Any) -> Any:
    """``xp.fn(d)`` computed in float64 and rounded to ``d``'s dtype (inf and nan pass through)."""
    with xp.errstate(over="ignore", divide="ignore", invalid="ignore"):
        if d.dtype.itemsize >= 8:
            return getattr(xp, fn)(d)
        return getattr(xp, fn)(d.astype("float64")).astype(d.dtype)


def _cosh(xp, a):
    return (xp.exp(a) + xp.exp(-a)) * 0.5


class SinhBackward(Node):
    __slots__ = ()
    saved_as = (0,)

    def vjp(self, g, xp, a):
        return (g * _cosh(xp, a),)


def sinh(x: Tensor) -> Tensor:
    """Hyperbolic sine; d/dx sinh = cosh."""
    d = _float_input(x)
    xp = array_ops(d)
    out = _rounded_once(xp, "sinh", d)
    return record(SinhBackward, out, (x,), (d,), xp)


class CoshBackward(Node):
    __slots__ = ()
    saved_as = (0,)

    def vjp(self, g, xp, a):
        return (g * (xp.tanh(a) * _cosh(xp, a)),)


def cosh(x: Tensor) -> Tensor:
    """Hyperbolic cosine; d/dx cosh = sinh."""
    d = _float_input(x)
    xp = array_ops(d)
    out = _rounded_once(xp, "cosh", d)
    return record(CoshBackward, out, (x,), (d,), xp)


class Log10Backward(Node):
    __slots__ = ()
    saved_as = (0,)

    def vjp(self, g, xp, a):
        return (g / (a * _LN10),)


def log10(x: Tensor) -> Tensor:
    """Base-10 logarithm (-inf at 0, nan below); d/dx = 1 / (x ln 10)."""
    d = _float_input(x)
    xp = array_ops(d)
    out = _rounded_once(xp, "log10", d)
    return record(Log10Backward, out, (x,), (d,), xp)


class Log2Backward(Node):
    __slots__ = ()
    saved_as = (0,)

    def vjp(self, g, xp, a):
        return (g / (a * _LN2),)


def log2(x: Tensor) -> Tensor:
    """Base-2 logarithm (-inf at 0, nan below); d/dx = 1 / (x ln 2)."""
    d = _float_input(x)
    xp = array_ops(d)
    out = _rounded_once(xp, "log2", d)
    return record(Log2Backward, out, (x,), (d,), xp)
