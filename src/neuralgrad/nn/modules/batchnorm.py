"""Batch normalisation (``torch.nn.BatchNorm1d``) and the base it shares with instance norm.

Parameters ``weight``/``bias`` and buffers ``running_mean``, ``running_var`` and
``num_batches_tracked`` (int64) carry PyTorch's names, so ``state_dict`` keys line up.
"""

from __future__ import annotations

from typing import Any

from ..._dtype import int64
from ..._tensor import Tensor
from ...ops.creation import ones, tensor, zeros
from .. import functional as F
from .module import Module
from .normalization import affine_parameters, reset_affine

__all__ = ["BatchNorm1d"]


class _NormBase(Module):
    """What batch and instance norm share: settings, affine parameters, running buffers."""

    def __init__(
        self,
        num_features: int,
        eps: float = 1e-5,
        momentum: float | None = 0.1,
        affine: bool = True,
        track_running_stats: bool = True,
        device: Any = None,
        dtype: Any = None,
        *,
        bias: bool = True,
    ) -> None:
        super().__init__()
        self.num_features = num_features
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        self.track_running_stats = track_running_stats
        kw = {"dtype": dtype, "device": device}
        affine_parameters(self, num_features, affine, bias, kw)
        if track_running_stats:
            self.register_buffer("running_mean", zeros(num_features, **kw))
            self.register_buffer("running_var", ones(num_features, **kw))
            self.register_buffer("num_batches_tracked", tensor(0, dtype=int64, device=device))
        else:
            for name in ("running_mean", "running_var", "num_batches_tracked"):
                self.register_buffer(name, None)

    def reset_running_stats(self) -> None:
        """Running mean 0, running variance 1, no batches seen."""
        if self.track_running_stats:
            self.running_mean.zero_()
            self.running_var.fill_(1)
            self.num_batches_tracked.zero_()

    def reset_parameters(self) -> None:
        """Reset the running statistics, and weight to 1 and bias to 0."""
        self.reset_running_stats()
        reset_affine(self)

    def _check_input_dim(self, input: Tensor) -> None:
        if input.ndim not in (2, 3):
            raise ValueError(f"expected 2D or 3D input (got {input.ndim}D input)")

    def extra_repr(self) -> str:
        return (
            f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, "
            f"affine={self.affine}, bias={self.bias is not None}, "
            f"track_running_stats={self.track_running_stats}"
        )


class _BatchNorm(_NormBase):
    """Batch norm over dim 1 of (N, C, *) input; the layout checks are the subclass's."""

    def _average_factor(self) -> float:
        """Count this batch and return the weight of its statistics in the running ones:
        ``momentum``, or ``1 / num_batches_tracked`` (a cumulative average) when it is None."""
        if self.training and self.track_running_stats and self.num_batches_tracked is not None:
            self.num_batches_tracked.add_(1)
            if self.momentum is None:
                return 1.0 / float(self.num_batches_tracked)
        return 0.0 if self.momentum is None else self.momentum

    def forward(self, input: Tensor) -> Tensor:
        self._check_input_dim(input)
        factor = self._average_factor()
        # batch statistics while training, and in evaluation too when nothing is tracked
        use_batch = self.training or (self.running_mean is None and self.running_var is None)
        keep = not self.training or self.track_running_stats
        return F.batch_norm(
            input,
            self.running_mean if keep else None,
            self.running_var if keep else None,
            self.weight,
            self.bias,
            use_batch,
            factor,
            self.eps,
        )


class BatchNorm1d(_BatchNorm):
    """Batch normalisation of (N, C) or (N, C, L) input, per channel C
    (``torch.nn.BatchNorm1d``): ``y = (x - mean) / sqrt(var + eps) * weight + bias``.

    Training uses the batch's mean and biased variance, and updates
    ``running = (1 - momentum) * running + momentum * batch`` with the unbiased variance
    (``momentum=None``: the cumulative average over ``num_batches_tracked`` batches);
    evaluation uses the running statistics.
    """
