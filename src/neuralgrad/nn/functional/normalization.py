"""Normalisation functions (``torch.nn.functional``): batch_norm, instance_norm, layer_norm,
group_norm. Argument checks here, with PyTorch's messages; each runs one fused kernel from
``neuralgrad.ops.normalization``."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from ..._tensor import Tensor
from ...ops import normalization as _norm

__all__ = ["batch_norm", "instance_norm", "layer_norm", "group_norm"]


def _same_dtype(*tensors: Tensor | None) -> None:
    dts = [t.dtype for t in tensors if t is not None]
    if any(d != dts[0] for d in dts):
        raise RuntimeError(
            "mixed dtype (CPU): all inputs must share same datatype, got "
            + ", ".join(str(d) for d in dts)
        )


def _per_channel(input: Tensor, **named: Tensor | None) -> None:
    """Check that each given tensor holds one value per channel (dim 1 of ``input``)."""
    if input.ndim < 2:
        raise ValueError(
            f"expected an input of shape (N, C, *), got {input.ndim}D input of "
            f"shape {tuple(input.shape)}"
        )
    c = input.shape[1]
    for name, t in named.items():
        if t is not None and t.numel() != c:
            raise RuntimeError(f"{name} should contain {c} elements not {t.numel()}")


def _verify_batch_size(size: Sequence[int]) -> None:
    if size[0] * math.prod(size[2:]) == 1:
        raise ValueError(
            f"Expected more than 1 value per channel when training, got input size {list(size)}"
        )


def _check_eps(eps: float, training: bool) -> None:
    if training and eps <= 0.0:
        raise ValueError(f"batch_norm eps must be positive during training, but got {eps}")
    if eps < 0.0:
        raise ValueError(f"batch_norm eps must be non-negative, but got {eps}")


def batch_norm(
    input: Tensor,
    running_mean: Tensor | None,
    running_var: Tensor | None,
    weight: Tensor | None = None,
    bias: Tensor | None = None,
    training: bool = False,
    momentum: float = 0.1,
    eps: float = 1e-5,
) -> Tensor:
    """``(x - mean) / sqrt(var + eps) * weight + bias`` per channel of (N, C, *) input.

    ``training``: batch statistics (biased variance), and the running estimates, when given,
    move by ``momentum`` towards the batch mean and unbiased variance; otherwise the running
    estimates normalise. ``torch.nn.functional.batch_norm``."""
    _per_channel(
        input, running_mean=running_mean, running_var=running_var, weight=weight, bias=bias
    )
    _same_dtype(input, weight, bias, running_mean, running_var)
    if training:
        _verify_batch_size(input.shape)
    _check_eps(eps, training)
    if not training and (running_mean is None or running_var is None):
        raise RuntimeError("running_mean must be defined in evaluation mode")
    return _norm.batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps)


def instance_norm(
    input: Tensor,
    running_mean: Tensor | None = None,
    running_var: Tensor | None = None,
    weight: Tensor | None = None,
    bias: Tensor | None = None,
    use_input_stats: bool = True,
    momentum: float = 0.1,
    eps: float = 1e-5,
) -> Tensor:
    """Batch norm applied to each sample on its own: statistics per (sample, channel) over
    the remaining dims. ``torch.nn.functional.instance_norm``."""
    _per_channel(
        input, running_mean=running_mean, running_var=running_var, weight=weight, bias=bias
    )
    _same_dtype(input, weight, bias)
    if use_input_stats:
        if math.prod(input.shape[2:]) == 1:
            raise ValueError(
                "Expected more than 1 spatial element when training, got input "
                f"size {list(input.shape)}"
            )
    elif running_mean is None or running_var is None:
        raise RuntimeError(
            "Expected running_mean and running_var to be defined when use_input_stats is false"
        )
    return _norm.instance_norm(
        input, running_mean, running_var, weight, bias, use_input_stats, momentum, eps
    )


def _shape_str(shape: Any) -> str:
    return "[" + ", ".join(str(n) for n in shape) + "]"


def layer_norm(
    input: Tensor,
    normalized_shape: Sequence[int] | int,
    weight: Tensor | None = None,
    bias: Tensor | None = None,
    eps: float = 1e-5,
) -> Tensor:
    """``(x - mean) / sqrt(var + eps) * weight + bias`` with statistics per sample over the
    last ``len(normalized_shape)`` dims. ``torch.nn.functional.layer_norm``."""
    shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    k = len(shape)
    if k == 0 or input.ndim < k or tuple(input.shape[input.ndim - k :]) != shape:
        raise RuntimeError(
            f"Given normalized_shape={_shape_str(shape)}, expected input with "
            f"shape [*, {', '.join(str(n) for n in shape)}], but got input of "
            f"size{_shape_str(input.shape)}"
        )
    for name, t in (("weight", weight), ("bias", bias)):
        if t is not None and tuple(t.shape) != shape:
            raise RuntimeError(
                f"Expected {name} to be of same shape as normalized_shape, but "
                f"got {name} of shape {_shape_str(t.shape)} and "
                f"normalized_shape = {_shape_str(shape)}"
            )
    _same_dtype(input, weight, bias)
    return _norm.layer_norm(input, k, weight, bias, eps)


def group_norm(
    input: Tensor,
    num_groups: int,
    weight: Tensor | None = None,
    bias: Tensor | None = None,
    eps: float = 1e-5,
) -> Tensor:
    """``(x - mean) / sqrt(var + eps) * weight + bias`` with statistics per sample over each
    of ``num_groups`` groups of channels; weight and bias per channel.
    ``torch.nn.functional.group_norm``."""
    if input.ndim < 2:
        raise RuntimeError(
            f"Expected at least 2 dimensions for input tensor but received {input.ndim}"
        )
    n, c = input.shape[:2]
    if num_groups <= 0 or c % num_groups:
        raise RuntimeError(
            "Expected number of channels in input to be divisible by num_groups, "
            f"but got input of shape {_shape_str(input.shape)} and "
            f"num_groups={num_groups}"
        )
    for name, t in (("weight", weight), ("bias", bias)):
        if t is not None and (t.ndim != 1 or t.numel() != c):
            raise RuntimeError(
                f"Expected {name} to be a vector of size equal to the number of "
                f"channels in input, but got {name} of shape "
                f"{_shape_str(t.shape)} and input of shape "
                f"{_shape_str(input.shape)}"
            )
    _verify_batch_size([n * c // num_groups, num_groups, *input.shape[2:]])
    _same_dtype(input, weight, bias)
    return _norm.group_norm(input, num_groups, weight, bias, eps)
