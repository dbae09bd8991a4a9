"""The error function ``erf``, which NumPy lacks: the array function behind ``xp.erf`` and the
differentiable op that ``create_graph`` uses (exact GELU needs both).

``erf_array`` asks the array's namespace (``_backend``; CuPy arrays: ``cupyx.scipy.special``).
For NumPy arrays that is ``erf_cpu``: SciPy's ``scipy.special.erf`` when SciPy is importable,
otherwise ``erf_numpy``, a NumPy evaluation within 2 ulp of the C library's ``erf`` in float64:

* ``|x| < 1``: the Maclaurin series ``erf x = 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1))``;
* ``|x| >= 1``: ``erf x = 1 - erfc x`` with Laplace's continued fraction
  ``erfc x = e^(-x^2) / sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...))))``, where
  ``e^(-x^2)`` is taken as ``e^(-h^2) e^(-(x-h)(x+h))`` with ``h`` the top 26 bits of ``x``, so
  that ``h^2`` is exact and rounding ``x^2`` costs no accuracy.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from .._backend import array_ops
from .._tensor import Tensor
from ..autograd.node import Node
from .unary import _float_input

__all__ = ["erf", "erf_array", "erf_cpu", "erf_numpy"]

_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)
_SQRT_PI = math.sqrt(math.pi)
# Maclaurin coefficients (-1)^n / (n! (2n+1)), n = 0..24: below |x| = 1 term 25 is < 1e-26.
_MACLAURIN = [(-1) ** n / (math.factorial(n) * (2 * n + 1)) for n in range(25)]
_CF_DEPTH = 200  # enough for full float64 accuracy of erfc from |x| = 1 up (checked in tests)
_ERFC_ZERO = 27.0  # erfc(27) < 1e-318: beyond it erf is exactly +-1 in float64
_HIGH_26_BITS = 0xFFFFFFFFF8000000  # float64 bit mask keeping the sign, exponent, top 26 bits


def _scipy_erf() -> Callable | None:
    try:
        from scipy.special import erf as f
    except ImportError:
        return None
    return f


def erf_array(a: Any) -> Any:
    """``erf`` of an array of any backend, keeping its floating dtype (its namespace's)."""
    return array_ops(a).erf(a)


def erf_cpu(a: Any) -> Any:
    """``erf`` of a NumPy array: SciPy's, else ``erf_numpy``."""
    f = _scipy_erf()
    return f(a) if f is not None else erf_numpy(a)


def _exp_neg_square(x: Any, xp: Any) -> Any:
    """``e^(-x^2)`` for float64 ``x >= 0`` without the error of rounding ``x^2``."""
    hi = (x.view(xp.uint64) & xp.uint64(_HIGH_26_BITS)).view(xp.float64)
    return xp.exp(-hi * hi) * xp.exp(-(x - hi) * (x + hi))


def _erf_below_one(x: Any) -> Any:
    z = x * x
    p = x * 0 + _MACLAURIN[-1]
    for c in reversed(_MACLAURIN[:-1]):
        p = p * z + c
    return _TWO_OVER_SQRT_PI * x * p


def _erf_from_one(x: Any, xp: Any) -> Any:
    x = xp.minimum(x, _ERFC_ZERO)  # keeps inf out of the fraction; nan passes through
    t = x
    for k in range(_CF_DEPTH, 0, -1):
        t = x + (0.5 * k) / t
    return 1 - _exp_neg_square(x, xp) / (_SQRT_PI * t)


def erf_numpy(a: Any) -> Any:
    """``erf`` written with NumPy functions only (the fallback without SciPy), computed in
    float64 and returned in ``a``'s floating dtype."""
    xp = array_ops(a)
    x = xp.asarray(a, dtype=xp.float64)
    ax = xp.abs(x)
    below = ax < 1
    out = xp.empty_like(x)
    out[below] = _erf_below_one(ax[below])
    above = ~below
    out[above] = _erf_from_one(ax[above], xp)
    out = xp.copysign(out, x)
    dt = getattr(a, "dtype", None)
    return out.astype(dt, copy=False) if dt is not None and dt.kind == "f" else out


class ErfBackward(Node):
    saved = {"x": 0}

    def vjp(self, g, xp):
        x = self.x
        return (g * (_TWO_OVER_SQRT_PI * xp.exp(-(x * x))),)


def erf(x: Tensor) -> Tensor:
    """``erf(x) = 2/sqrt(pi) * integral_0^x e^(-t^2) dt``; ``d/dx = 2/sqrt(pi) e^(-x^2)``
    (``torch.erf``)."""
    d = _float_input(x)
    xp = array_ops(d)
    return ErfBackward.record(erf_array(d), (x,), xp=xp, x=d)
