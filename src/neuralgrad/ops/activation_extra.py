"""More activations, one fused node each: leaky_relu, elu, softplus, gelu, silu, prelu and our
heaviside step. (relu, sigmoid, tanh, softmax and log_softmax are in ``activation.py``.)

Every formula is PyTorch's; each is written so that inputs of +-1000 give finite, exact results
(no overflowing ``exp`` on the branch that is thrown away). A VJP that needs a quantity derived
from the input (a sigmoid, a tanh, an erf) recomputes it from the input rather than saving it, so
the same VJP is exact for higher-order gradients too (``create_graph=True``).
"""

from __future__ import annotations

import math
from typing import Any

from .._backend import array_ops
from .._tensor import Tensor, record
from ..autograd.node import OUT, Node
from .unary import _float_input

__all__ = ["leaky_relu", "elu", "softplus", "gelu", "silu", "prelu", "heaviside"]

_SQRT1_2 = 1.0 / math.sqrt(2.0)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
_GELU_KAPPA = 0.044715


def _unary(node_cls: type, x: Tensor, fn: Any, saved: Any, **params: Any) -> Tensor:
    """Run ``out = fn(data, xp)``, record ``node_cls`` saving ``saved(data, out)``, and set the
    node's ``params``."""
    d = _float_input(x)
    xp = array_ops(d)
    out = fn(d, xp)
    t = record(node_cls, out, (x,), saved(d, out), xp)
    fn_node = t.grad_fn
    if fn_node is not None:
        for k, v in params.items():
            setattr(fn_node, k, v)
    return t


class LeakyReluBackward(Node):
    __slots__ = ("negative_slope",)
    saved_as = (0,)

    def vjp(self, g, xp, a):
        # NOTE: at x == 0 the gradient is negative_slope (the x <= 0 side), as PyTorch.
        return (xp.where(a > 0, g, g * self.negative_slope),)


def leaky_relu(x: Tensor, negative_slope: float = 0.01) -> Tensor:
    """``x if x > 0 else negative_slope * x`` (``torch.nn.functional.leaky_relu``)."""
    return _unary(
        LeakyReluBackward,
        x,
        lambda d, xp: xp.where(d > 0, d, d * negative_slope),
        lambda d, out: (d,),
        negative_slope=negative_slope,
    )


class EluBackward(Node):
    __slots__ = ("alpha",)
    saved_as = (0, OUT)

    def vjp(self, g, xp, a, out):
        # d/dx alpha (e^x - 1) = alpha e^x = out + alpha.
        # NOTE: at x == 0 the gradient is alpha (the x <= 0 side), as PyTorch.
        return (xp.where(a > 0, g, g * (out + self.alpha)),)


def elu(x: Tensor, alpha: float = 1.0) -> Tensor:
    """``x if x > 0 else alpha * (e^x - 1)`` (``torch.nn.functional.elu``)."""
    return _unary(
        EluBackward,
        x,
        lambda d, xp: xp.where(d > 0, d, alpha * xp.expm1(xp.minimum(d, 0))),
        lambda d, out: (d, out),
        alpha=alpha,
    )


class SoftplusBackward(Node):
    __slots__ = ("beta",)
    saved_as = (0, OUT)

    def vjp(self, g, xp, a, out):
        # sigmoid(beta x) = e^(beta (x - out)): exact in relative terms, never overflows, and
        # exactly 1 above the threshold, where out == x.
        return (g * xp.exp((a - out) * self.beta),)


def softplus(x: Tensor, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    """``log(1 + e^(beta x)) / beta``, and ``x`` itself where ``beta x > threshold``
    (``torch.nn.functional.softplus``). Computed as ``(max(bx, 0) + log1p(e^-|bx|)) / beta``,
    equal to PyTorch's ``log1p(exp(bx)) / beta`` to rounding and finite for any input."""

    def fn(d: Any, xp: Any) -> Any:
        bx = d * beta
        soft = (xp.maximum(bx, 0) + xp.log1p(xp.exp(-xp.abs(bx)))) / beta
        return xp.where(bx > threshold, d, soft)

    return _unary(SoftplusBackward, x, fn, lambda d, out: (d, out), beta=beta)


def _normal_cdf(a: Any, xp: Any) -> Any:
    """``Phi(x) = (1 + erf(x / sqrt 2)) / 2``, PyTorch's formula for exact GELU."""
    return 0.5 * (1 + xp.erf(a * _SQRT1_2))


def _gelu_tanh(a: Any, xp: Any) -> Any:
    """``tanh(sqrt(2/pi) (x + 0.044715 x^3))``, the inner term of GELU's tanh form."""
    return xp.tanh(_SQRT_2_OVER_PI * (a + _GELU_KAPPA * (a * a * a)))


class GeluBackward(Node):
    __slots__ = ()
    saved_as = (0,)

    def vjp(self, g, xp, a):
        # d/dx x Phi(x) = Phi(x) + x phi(x)
        pdf = _INV_SQRT_2PI * xp.exp(-0.5 * (a * a))
        return (g * (_normal_cdf(a, xp) + a * pdf),)


class GeluTanhBackward(Node):
    __slots__ = ()
    saved_as = (0,)

    def vjp(self, g, xp, a):
        t = _gelu_tanh(a, xp)
        inner = _SQRT_2_OVER_PI * (1 + 3 * _GELU_KAPPA * (a * a))
        return (g * (0.5 * (1 + t) + 0.5 * a * (1 - t * t) * inner),)


def gelu(x: Tensor, approximate: str = "none") -> Tensor:
    """``x Phi(x)`` with ``Phi`` the standard normal CDF (``approximate='none'``, through
    ``erf``) or ``x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))`` (``'tanh'``)
    (``torch.nn.functional.gelu``)."""
    if approximate == "tanh":
        return _unary(
            GeluTanhBackward,
            x,
            lambda d, xp: 0.5 * d * (1 + _gelu_tanh(d, xp)),
            lambda d, out: (d,),
        )
    return _unary(GeluBackward, x, lambda d, xp: d * _normal_cdf(d, xp), lambda d, out: (d,))


def _sigmoid(a: Any, xp: Any) -> Any:
    """``1 / (1 + e^-x)`` through ``e^-|x|``: exact in relative terms and never overflowing."""
    z = xp.exp(-xp.abs(a))
    return xp.where(a >= 0, 1 / (1 + z), z / (1 + z))


class SiluBackward(Node):
    __slots__ = ()
    saved_as = (0,)

    def vjp(self, g, xp, a):
        s = _sigmoid(a, xp)
        return (g * (s * (1 + a * (1 - s))),)


def silu(x: Tensor) -> Tensor:
    """``x * sigmoid(x)``, also called swish (``torch.nn.functional.silu``)."""
    return _unary(SiluBackward, x, lambda d, xp: d * _sigmoid(d, xp), lambda d, out: (d,))


class PreluKernelBackward(Node):
    __slots__ = ()
    saved_as = (0, 1)

    def vjp(self, g, xp, a, w):
        # NOTE: at x == 0 the input gradient is w (the x <= 0 side), as PyTorch; the weight
        # gradient there is x * g = 0 either way. The engine sums it back to w's shape.
        pos = a > 0
        nxt = self.next
        gx = xp.where(pos, g, g * w) if nxt[0] is not None else None
        gw = xp.where(pos, 0, g * a) if nxt[1] is not None else None
        return gx, gw


def prelu(x: Tensor, weight: Tensor) -> Tensor:
    """``x if x > 0 else w * x`` with ``weight`` already shaped to broadcast against ``x``
    (the checks and the channel reshape live in ``nn.functional.prelu``)."""
    d = _float_input(x)
    w = weight._data
    xp = array_ops(d)
    out = xp.where(d > 0, d, w * d)
    return record(PreluKernelBackward, out, (x, weight), (d, w), xp)


class HeavisideBackward(Node):
    __slots__ = ("straight_through",)

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

    def fn(d: Any, xp: Any) -> Any:
        return xp.where(d > 0, 1, xp.where(d == 0, value_at_zero, 0)).astype(d.dtype)

    return _unary(HeavisideBackward, x, fn, lambda d, out: (), straight_through=straight_through)
