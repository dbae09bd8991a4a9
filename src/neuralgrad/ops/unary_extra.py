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
from .._tensor import Tensor
from ..autograd.node import Node
from .unary import _float_input

__all__ = ["sinh", "cosh", "log10", "log2"]


def _elementwise(node_cls: type[Node], fn: str, x: Tensor) -> Tensor:
    """``xp.fn(x)`` computed in float64, rounded once to ``x``'s dtype, recorded as
    ``node_cls`` (which saves the input as ``x``)."""
    d = _float_input(x)
    xp = array_ops(d)
    with xp.errstate(over="ignore", divide="ignore", invalid="ignore"):
        out = getattr(xp, fn)(d if d.dtype.itemsize >= 8 else d.astype("float64"))
        out = out.astype(d.dtype, copy=False)
    return node_cls.record(out, (x,), xp=xp, x=d)


def _cosh(xp: Any, a: Any) -> Any:
    return (xp.exp(a) + xp.exp(-a)) * 0.5


class SinhBackward(Node):
    saved = {"x": 0}

    def vjp(self, g, xp):
        return (g * _cosh(xp, self.x),)


def sinh(x: Tensor) -> Tensor:
    """Hyperbolic sine; d/dx sinh = cosh."""
    return _elementwise(SinhBackward, "sinh", x)


class CoshBackward(Node):
    saved = {"x": 0}

    def vjp(self, g, xp):
        x = self.x
        return (g * (xp.tanh(x) * _cosh(xp, x)),)


def cosh(x: Tensor) -> Tensor:
    """Hyperbolic cosine; d/dx cosh = sinh."""
    return _elementwise(CoshBackward, "cosh", x)


class _LogBaseBackward(Node):
    """d/dx log_b(x) = 1 / (x ln b); each base names its own node, as in PyTorch."""

    saved = {"x": 0}
    ln_base = 1.0

    def vjp(self, g, xp):
        return (g / (self.x * self.ln_base),)


class Log10Backward(_LogBaseBackward):
    ln_base = math.log(10.0)


class Log2Backward(_LogBaseBackward):
    ln_base = math.log(2.0)


def log10(x: Tensor) -> Tensor:
    """Base-10 logarithm (-inf at 0, nan below)."""
    return _elementwise(Log10Backward, "log10", x)


def log2(x: Tensor) -> Tensor:
    """Base-2 logarithm (-inf at 0, nan below)."""
    return _elementwise(Log2Backward, "log2", x)
