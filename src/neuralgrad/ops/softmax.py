"""softmax and log_softmax along a dim, one node each reusing its result in the VJP.

Both subtract the row maximum first, so logits of +-1000 give exact results rather than inf/nan.
"""

from __future__ import annotations

from typing import Any

from .._backend import array_ops
from .._tensor import Tensor
from ..autograd.node import OUT, Node
from .unary import _float_input

__all__ = ["softmax", "log_softmax"]


class SoftmaxBackward(Node):
    saved = {"out": OUT}
    params = ("dim",)

    def vjp(self, g, xp):
        out = self.out
        gy = g * out
        return (gy - out * xp.sum(gy, axis=self.dim, keepdims=True),)


def softmax(x: Tensor, dim: int | None = None, dtype: Any = None) -> Tensor:
    """``exp(x) / sum(exp(x))`` along ``dim``."""
    x, d, dim, xp = _prepare(x, dim, dtype, "softmax")
    e = xp.asarray(d - xp.max(d, axis=dim, keepdims=True))  # an array even for 0-d input
    xp.exp(e, out=e)
    e /= e.sum(axis=dim, keepdims=True)
    return SoftmaxBackward.record(e, (x,), xp=xp, out=e, dim=dim)


class LogSoftmaxBackward(Node):
    saved = {"out": OUT}
    params = ("dim",)

    def vjp(self, g, xp):
        return (g - xp.exp(self.out) * xp.sum(g, axis=self.dim, keepdims=True),)


def log_softmax(x: Tensor, dim: int | None = None, dtype: Any = None) -> Tensor:
    """``x - logsumexp(x)`` along ``dim``, stable for extreme logits."""
    x, d, dim, xp = _prepare(x, dim, dtype, "log_softmax")
    shifted = d - xp.max(d, axis=dim, keepdims=True)
    out = shifted - xp.log(xp.exp(shifted).sum(axis=dim, keepdims=True))
    return LogSoftmaxBackward.record(out, (x,), xp=xp, out=out, dim=dim)


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
