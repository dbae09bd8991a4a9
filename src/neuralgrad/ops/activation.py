"""The activations the engine knows natively: relu, sigmoid, tanh, softmax, log_softmax.

Each reuses its forward result in its VJP. softmax/log_softmax subtract the row maximum first, so
logits of +-1000 give exact results rather than inf/nan.
NOTE: relu's gradient at exactly 0 is 0, as PyTorch chooses.
"""

from __future__ import annotations

from typing import Any

from .._backend import array_ops
from .._tensor import Tensor, record
from ..autograd.node import OUT, Node
from .unary import _float_input

__all__ = ["relu", "sigmoid", "tanh", "softmax", "log_softmax"]


class ReluBackward(Node):
    __slots__ = ()
    saved_as = (OUT,)

    def vjp(self, g, xp, out):
        return (g * (out > 0),)


def relu(x: Tensor) -> Tensor:
    """``max(x, 0)``."""
    d = x._data
    xp = array_ops(d)
    out = xp.maximum(d, 0)
    return record(ReluBackward, out, (x,), (out,), xp)


class SigmoidBackward(Node):
    __slots__ = ()
    saved_as = (OUT,)

    def vjp(self, g, xp, out):
        return (g * out * (1 - out),)


def sigmoid(x: Tensor) -> Tensor:
    """``1 / (1 + e^-x)``, computed without overflow for large |x|."""
    d = _float_input(x)
    xp = array_ops(d)
    # 0.5 * (1 + tanh(x / 2)) is exact in float and never overflows.
    out = xp.tanh(d * 0.5)
    out += 1
    out *= 0.5
    return record(SigmoidBackward, out, (x,), (out,), xp)


class TanhBackward(Node):
    __slots__ = ()
    saved_as = (OUT,)

    def vjp(self, g, xp, out):
        return (g * (1 - out * out),)


def tanh(x: Tensor) -> Tensor:
    """Hyperbolic tangent."""
    d = _float_input(x)
    xp = array_ops(d)
    out = xp.tanh(d)
    return record(TanhBackward, out, (x,), (out,), xp)


class SoftmaxBackward(Node):
    __slots__ = ("dim",)
    saved_as = (OUT,)

    def vjp(self, g, xp, out):
        gy = g * out
        return (gy - out * xp.sum(gy, axis=self.dim, keepdims=True),)


def softmax(x: Tensor, dim: int | None = None, dtype: Any = None) -> Tensor:
    """``exp(x) / sum(exp(x))`` along ``dim``."""
    x, d, dim, xp = _prepare(x, dim, dtype, "softmax")
    e = xp.asarray(d - xp.max(d, axis=dim, keepdims=True))  # an array even for 0-d input
    xp.exp(e, out=e)
    e /= e.sum(axis=dim, keepdims=True)
    t = record(SoftmaxBackward, e, (x,), (e,), xp)
    if t.grad_fn is not None:
        t.grad_fn.dim = dim
    return t


class LogSoftmaxBackward(Node):
    __slots__ = ("dim",)
    saved_as = (OUT,)

    def vjp(self, g, xp, out):
        return (g - xp.exp(out) * xp.sum(g, axis=self.dim, keepdims=True),)


def log_softmax(x: Tensor, dim: int | None = None, dtype: Any = None) -> Tensor:
    """``x - logsumexp(x)`` along ``dim``, stable for extreme logits."""
    x, d, dim, xp = _prepare(x, dim, dtype, "log_softmax")
    shifted = d - xp.max(d, axis=dim, keepdims=True)
    out = shifted - xp.log(xp.exp(shifted).sum(axis=dim, keepdims=True))
    t = record(LogSoftmaxBackward, out, (x,), (out,), xp)
    if t.grad_fn is not None:
        t.grad_fn.dim = dim
    return t


def _prepare(x: Tensor, dim: int | None, dtype: Any, name: str) -> tuple:
    if dtype is not None:
        from .cast import to_dtype

        x = to_dtype(x, dtype)
    d = _float_input(x)
    if dim is None:
        # PyTorch's legacy implicit choice: dim 0 for 0-D, 1-D and 3-D inputs, else 1.
        dim = 0 if d.ndim in (0, 1, 3) else 1
    nd = max(d.ndim, 1)
    if not -nd <= dim < nd:
        raise IndexError(f"{name}: dim {dim} is out of range for a tensor of {d.ndim} dims")
    return x, d, dim % nd if d.ndim else None, array_ops(d)
