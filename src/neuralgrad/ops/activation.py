"""Elementwise activations, one fused node each: relu, sigmoid, tanh, leaky_relu, elu, softplus,
gelu, silu, prelu and our heaviside step. (softmax and log_softmax, which normalise along a dim,
are in ``softmax.py``.)

Every formula is PyTorch's; each is written so that inputs of +-1000 give finite, exact results
(no overflowing ``exp`` on the branch that is thrown away). A VJP reuses the result where the
derivative is a function of it (relu, sigmoid, tanh, elu, softplus); one that needs another
quantity derived from the input (a sigmoid, a tanh, an erf) recomputes it from the input rather
than saving it, so the same VJP is exact for higher-order gradients (``create_graph=True``).

NOTE: at x == 0, relu's gradient is 0 and leaky_relu's, elu's and prelu's are those of the
x <= 0 side, as PyTorch chooses.
"""

from __future__ import annotations

import math
from typing import Any

from .._backend import array_ops
from .._fused import contiguous_views
from .._tensor import Tensor
from ..autograd.node import OUT, Node
from ._kernels import RELU_BACKWARD
from .unary import _float_input

__all__ = [
    "relu",
    "sigmoid",
    "tanh",
    "leaky_relu",
    "elu",
    "softplus",
    "gelu",
    "silu",
    "prelu",
    "heaviside",
]

_SQRT1_2 = 1.0 / math.sqrt(2.0)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
_GELU_KAPPA = 0.044715


class ReluBackward(Node):
    saved = {"out": OUT}

    def vjp(self, g, xp):
        kernel = RELU_BACKWARD.get(xp)  # one pass instead of a select over a mask
        if kernel is not None and (views := contiguous_views(g, self.out)) is not None:
            return (kernel(*views).reshape(g.shape),)
        # NOTE: a select, not g * mask: an infinite upstream gradient gives 0 where the unit is
        # off (PyTorch's threshold_backward), not inf * 0 = NaN
        return (xp.where(self.out > 0, g, 0),)


def relu(x: Tensor) -> Tensor:
    """``max(x, 0)``."""
    d = x._data
    xp = array_ops(d)
    out = xp.maximum(d, 0)
    return ReluBackward.record(out, (x,), xp=xp, out=out)


class SigmoidBackward(Node):
    saved = {"out": OUT}

    def vjp(self, g, xp):
        out = self.out
        return (g * out * (1 - out),)


def sigmoid(x: Tensor) -> Tensor:
    """``1 / (1 + e^-x)``, computed without overflow for large |x|."""
    d = _float_input(x)
    xp = array_ops(d)
    # 0.5 * (1 + tanh(x / 2)) is exact in float and never overflows.
    out = xp.tanh(d * 0.5)
    out += 1
    out *= 0.5
    return SigmoidBackward.record(out, (x,), xp=xp, out=out)


class TanhBackward(Node):
    saved = {"out": OUT}

    def vjp(self, g, xp):
        out = self.out
        return (g * (1 - out * out),)


def tanh(x: Tensor) -> Tensor:
    """Hyperbolic tangent."""
    d = _float_input(x)
    xp = array_ops(d)
    out = xp.tanh(d)
    return TanhBackward.record(out, (x,), xp=xp, out=out)


class LeakyReluBackward(Node):
    saved = {"x": 0}
    params = ("negative_slope",)

    def vjp(self, g, xp):
        return (xp.where(self.x > 0, g, g * self.negative_slope),)


def leaky_relu(x: Tensor, negative_slope: float = 0.01) -> Tensor:
    """``x if x > 0 else negative_slope * x`` (``torch.nn.functional.leaky_relu``)."""
    d = _float_input(x)
    xp = array_ops(d)
    out = xp.where(d > 0, d, d * negative_slope)
    return LeakyReluBackward.record(out, (x,), xp=xp, x=d, negative_slope=negative_slope)


class EluBackward(Node):
    saved = {"x": 0, "out": OUT}
    params = ("alpha",)

    def vjp(self, g, xp):
        # d/dx alpha (e^x - 1) = alpha e^x = out + alpha
        return (xp.where(self.x > 0, g, g * (self.out + self.alpha)),)


def elu(x: Tensor, alpha: float = 1.0) -> Tensor:
    """``x if x > 0 else alpha * (e^x - 1)`` (``torch.nn.functional.elu``)."""
    d = _float_input(x)
    xp = array_ops(d)
    out = xp.where(d > 0, d, alpha * xp.expm1(xp.minimum(d, 0)))
    return EluBackward.record(out, (x,), xp=xp, x=d, out=out, alpha=alpha)


class SoftplusBackward(Node):
    saved = {"x": 0, "out": OUT}
    params = ("beta",)

    def vjp(self, g, xp):
        # sigmoid(beta x) = e^(beta (x - out)): exact in relative terms, never overflows, and
        # exactly 1 above the threshold, where out == x.
        return (g * xp.exp((self.x - self.out) * self.beta),)


def softplus(x: Tensor, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    """``log(1 + e^(beta x)) / beta``, and ``x`` itself where ``beta x > threshold``
    (``torch.nn.functional.softplus``). Computed as ``(max(bx, 0) + log1p(e^-|bx|)) / beta``,
    equal to PyTorch's ``log1p(exp(bx)) / beta`` to rounding and finite for any input."""
    d = _float_input(x)
    xp = array_ops(d)
    bx = d * beta
    soft = (xp.maximum(bx, 0) + xp.log1p(xp.exp(-xp.abs(bx)))) / beta
    out = xp.where(bx > threshold, d, soft)
    return SoftplusBackward.record(out, (x,), xp=xp, x=d, out=out, beta=beta)


def _normal_cdf(a: Any, xp: Any) -> Any:
    """``Phi(x) = (1 + erf(x / sqrt 2)) / 2``, PyTorch's formula for exact GELU."""
    return 0.5 * (1 + xp.erf(a * _SQRT1_2))


def _gelu_tanh(a: Any, xp: Any) -> Any:
    """``tanh(sqrt(2/pi) (x + 0.044715 x^3))``, the inner term of GELU's tanh form."""
    return xp.tanh(_SQRT_2_OVER_PI * (a + _GELU_KAPPA * (a * a * a)))


class GeluBackward(Node):
    saved = {"x": 0}

    def vjp(self, g, xp):
        # d/dx x Phi(x) = Phi(x) + x phi(x)
        x = self.x
        pdf = _INV_SQRT_2PI * xp.exp(-0.5 * (x * x))
        return (g * (_normal_cdf(x, xp) + x * pdf),)


class GeluTanhBackward(Node):
    saved = {"x": 0}

    def vjp(self, g, xp):
        x = self.x
        t = _gelu_tanh(x, xp)
        inner = _SQRT_2_OVER_PI * (1 + 3 * _GELU_KAPPA * (x * x))
        return (g * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * inner),)


def gelu(x: Tensor, approximate: str = "none") -> Tensor:
    """``x Phi(x)`` with ``Phi`` the standard normal CDF (``approximate='none'``, through
    ``erf``) or ``x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))`` (``'tanh'``)
    (``torch.nn.functional.gelu``)."""
    d = _float_input(x)
    xp = array_ops(d)
    if approximate == "tanh":
        out = 0.5 * d * (1 + _gelu_tanh(d, xp))
        return GeluTanhBackward.record(out, (x,), xp=xp, x=d)
    return GeluBackward.record(d * _normal_cdf(d, xp), (x,), xp=xp, x=d)


def _sigmoid(a: Any, xp: Any) -> Any:
    """``1 / (1 + e^-x)`` through ``e^-|x|``: exact in relative terms and never overflowing."""
    z = xp.exp(-xp.abs(a))
    return xp.where(a >= 0, 1 / (1 + z), z / (1 + z))


class SiluBackward(Node):
    saved = {"x": 0}

    def vjp(self, g, xp):
        x = self.x
        s = _sigmoid(x, xp)
        return (g * (s * (1 + x * (1 - s))),)


def silu(x: Tensor) -> Tensor:
    """``x * sigmoid(x)``, also called swish (``torch.nn.functional.silu``)."""
    d = _float_input(x)
    xp = array_ops(d)
    return SiluBackward.record(d * _sigmoid(d, xp), (x,), xp=xp, x=d)


class PreluKernelBackward(Node):
    saved = {"x": 0, "w": 1}

    def vjp(self, g, xp):
        # the weight gradient at x == 0 is x * g = 0 on either side; the engine sums it back
        # to w's shape
        x, w, nxt = self.x, self.w, self.next
        pos = x > 0
        gx = xp.where(pos, g, g * w) if nxt[0] is not None else None
        gw = xp.where(pos, 0, g * x) if nxt[1] is not None else None
        return gx, gw


def prelu(x: Tensor, weight: Tensor) -> Tensor:
    """``x if x > 0 else w * x`` with ``weight`` already shaped to broadcast against ``x``
    (the checks and the channel reshape live in ``nn.functional.prelu``)."""
    d = _float_input(x)
    w = weight._data
    xp = array_ops(d)
    out = xp.where(d > 0, d, w * d)
    return PreluKernelBackward.record(out, (x, weight), xp=xp, x=d, w=w)


class HeavisideBackward(Node):
    params = ("straight_through",)
    fresh_grads = False  # the straight-through estimator passes g itself

    def vjp(self, g, xp):
        # The step is flat on both sides of 0: its gradient is 0 almost everywhere, and taken
        # as 0 at the jump too. straight_through: pass g unchanged (the identity estimator).
        return (g if self.straight_through else xp.zeros_like(g),)


def heaviside(x: Tensor, value_at_zero: float = 0.0, straight_through: bool = False) -> Tensor:
    """The step ``H(x) = 1 if x > 0, value_at_zero if x == 0, else 0`` (ours).

    Its true gradient is zero almost everywhere, and that is what backward gives by default;
    ``straight_through=True`` uses the straight-through estimator instead (gradient of the
    identity, 1 everywhere).
    """
    d = _float_input(x)
    xp = array_ops(d)
    out = xp.where(d > 0, 1, xp.where(d == 0, value_at_zero, 0)).astype(d.dtype)
    return HeavisideBackward.record(out, (x,), xp=xp, straight_through=straight_through)
