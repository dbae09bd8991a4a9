"""Layer and group normalisation (``torch.nn.LayerNorm``, ``torch.nn.GroupNorm``): statistics
per sample, so training and evaluation behave the same and nothing is tracked."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..._tensor import Tensor
from ...autograd.grad_mode import no_grad
from ...ops.creation import ones, zeros
from .. import functional as F
from ..parameter import Parameter
from .module import Module

__all__ = ["LayerNorm", "GroupNorm"]


def affine_parameters(module: Module, shape: Any, affine: bool, bias: bool, kw: dict) -> None:
    """Give ``module`` a weight of ones and a bias of zeros of ``shape`` (or None for each)."""
    module.register_parameter("weight", Parameter(ones(shape, **kw)) if affine else None)
    module.register_parameter("bias", Parameter(zeros(shape, **kw)) if affine and bias else None)


def reset_affine(module: Module) -> None:
    with no_grad():
        if module.weight is not None:
            module.weight.fill_(1)
        if module.bias is not None:
            module.bias.zero_()


class LayerNorm(Module):
    """Normalise over the last ``len(normalized_shape)`` dims of each sample
    (``torch.nn.LayerNorm``): ``y = (x - mean) / sqrt(var + eps) * weight + bias``, biased
    variance, ``weight``/``bias`` of ``normalized_shape`` (``elementwise_affine``)."""

    def __init__(
        self,
        normalized_shape: int | Sequence[int],
        eps: float = 1e-5,
        elementwise_affine: bool = True,
        bias: bool = True,
        device: Any = None,
        dtype: Any = None,
    ) -> None:
        super().__init__()
        if isinstance(normalized_shape, int):
            normalized_shape = (normalized_shape,)
        self.normalized_shape = tuple(int(n) for n in normalized_shape)
        self.eps = eps
        self.elementwise_affine = elementwise_affine
        affine_parameters(
            self,
            self.normalized_shape,
            elementwise_affine,
            bias,
            {"dtype": dtype, "device": device},
        )

    def reset_parameters(self) -> None:
        """Weight back to 1, bias to 0."""
        reset_affine(self)

    def forward(self, input: Tensor) -> Tensor:
        return F.layer_norm(input, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return (
            f"{self.normalized_shape}, eps={self.eps}, "
            f"elementwise_affine={self.elementwise_affine}, bias={self.bias is not None}"
        )


class GroupNorm(Module):
    """Split the channels (dim 1) into ``num_groups`` groups and normalise each group of each
    sample (``torch.nn.GroupNorm``): ``y = (x - mean) / sqrt(var + eps) * weight + bias`` with
    per-channel ``weight``/``bias`` (``affine``)."""

    def __init__(
        self,
        num_groups: int,
        num_channels: int,
        eps: float = 1e-5,
        affine: bool = True,
        device: Any = None,
        dtype: Any = None,
        *,
        bias: bool = True,
    ) -> None:
        super().__init__()
        if num_groups <= 0 or num_channels % num_groups != 0:
            raise ValueError(
                f"num_channels ({num_channels}) must be divisible by num_groups ({num_groups})"
            )
        self.num_groups = num_groups
        self.num_channels = num_channels
        self.eps = eps
        self.affine = affine
        affine_parameters(self, num_channels, affine, bias, {"dtype": dtype, "device": device})

    def reset_parameters(self) -> None:
        """Weight back to 1, bias to 0."""
        reset_affine(self)

    def forward(self, input: Tensor) -> Tensor:
        return F.group_norm(input, self.num_groups, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return (
            f"{self.num_groups}, {self.num_channels}, eps={self.eps}, "
            f"affine={self.affine}, bias={self.bias is not None}"
        )
