"""Activation functions (``torch.nn.functional``): argument checks here, maths in
``neuralgrad.ops.activation`` and ``ops.softmax`` (one fused node each).

``inplace=True`` overwrites the input, as PyTorch does, through the engine's in-place machinery
(version counters catch a backward that would need the overwritten values).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

from ..._tensor import Tensor
from ...ops import activation as _act
from ...ops import softmax as _softmax
from ...ops.inplace import apply_inplace

__all__ = [
    "relu",
    "leaky_relu",
    "prelu",
    "elu",
    "sigmoid",
    "tanh",
    "softplus",
    "softmax",
    "log_softmax",
    "gelu",
    "silu",
    "heaviside",
]


def _maybe_inplace(
    op: Callable[..., Tensor],
    name: str,
    input: Tensor,
    inplace: bool,
    *args: Any,
) -> Tensor:
    return apply_inplace(input, name, op, *args) if inplace else op(input, *args)


def relu(input: Tensor, inplace: bool = False) -> Tensor:
    """``max(x, 0)``."""
    return _maybe_inplace(_act.relu, "relu_", input, inplace)


def leaky_relu(
    input: Tensor,
    negative_slope: float = 0.01,
    inplace: bool = False,
) -> Tensor:
    """``x if x > 0 else negative_slope * x``."""
    return _maybe_inplace(_act.leaky_relu, "leaky_relu_", input, inplace, negative_slope)


def elu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    """``x if x > 0 else alpha * (e^x - 1)``."""
    return _maybe_inplace(_act.elu, "elu_", input, inplace, alpha)


def silu(input: Tensor, inplace: bool = False) -> Tensor:
    """``x * sigmoid(x)``."""
    return _maybe_inplace(_act.silu, "silu_", input, inplace)


def sigmoid(input: Tensor) -> Tensor:
    """``1 / (1 + e^-x)``."""
    return _act.sigmoid(input)


def tanh(input: Tensor) -> Tensor:
    """Hyperbolic tangent."""
    return _act.tanh(input)


def softplus(input: Tensor, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    """``log(1 + e^(beta x)) / beta``, linear (``x``) where ``beta x > threshold``."""
    return _act.softplus(input, beta, threshold)


def gelu(input: Tensor, approximate: str = "none") -> Tensor:
    """``x * Phi(x)`` (exact, through erf) or its tanh approximation."""
    if approximate not in ("none", "tanh"):
        raise RuntimeError("approximate argument must be either none or tanh.")
    return _act.gelu(input, approximate)


def prelu(input: Tensor, weight: Tensor) -> Tensor:
    """``x if x > 0 else w * x`` with a learnable slope ``weight``: one shared value, or one per
    channel (dim 1 of ``input``)."""
    if input.dtype != weight.dtype:
        raise RuntimeError(
            f"prelu: Type promoting not supported. Got {input.dtype} and {weight.dtype}"
        )
    if weight.ndim > 1:
        raise RuntimeError(
            f"prelu: Expected `weight` to be a scalar or 1D tensor, but got: ndim = {weight.ndim}"
        )
    n = weight.numel()
    nd = input.ndim
    if n != 1:
        if nd == 0:
            raise RuntimeError("Not allow zero-dim input tensor.")
        channels = input.shape[1] if nd > 1 else 1
        if channels != n:
            raise RuntimeError(
                "Mismatch of parameter numbers and input channel size. Found "
                f"parameter numbers = {n} and channel size = {channels}."
            )
    if nd >= 2:
        weight = weight.reshape(1, n, *(1,) * (nd - 2))
    elif weight.ndim > nd:
        weight = weight.reshape(())
    return _act.prelu(input, weight)


def _implicit_dim(name: str, dim: int | None, stacklevel: int) -> None:
    if dim is None:
        warnings.warn(
            f"Implicit dimension choice for {name} has been deprecated. Change the "
            "call to include dim=X as an argument.",
            UserWarning,
            stacklevel=stacklevel,
        )


def softmax(
    input: Tensor,
    dim: int | None = None,
    _stacklevel: int = 3,
    dtype: Any = None,
) -> Tensor:
    """``e^x / sum(e^x)`` along ``dim`` (without ``dim``: PyTorch's legacy choice, warned)."""
    _implicit_dim("softmax", dim, _stacklevel)
    return _softmax.softmax(input, dim, dtype)


def log_softmax(
    input: Tensor,
    dim: int | None = None,
    _stacklevel: int = 3,
    dtype: Any = None,
) -> Tensor:
    """``x - logsumexp(x)`` along ``dim`` (without ``dim``: PyTorch's legacy choice, warned)."""
    _implicit_dim("log_softmax", dim, _stacklevel)
    return _softmax.log_softmax(input, dim, dtype)


def heaviside(
    input: Tensor,
    value_at_zero: float = 0.0,
    straight_through: bool = False,
) -> Tensor:
    """Ours: the perceptron's step ``1 if x > 0 else 0`` (``value_at_zero`` at exactly 0; the
    course's rule outputs 0 there). Gradient zero almost everywhere; ``straight_through=True``
    passes the gradient through unchanged (the straight-through estimator)."""
    return _act.heaviside(input, value_at_zero, straight_through)
