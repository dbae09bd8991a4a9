"""``Flatten``: the reshape layer between image-shaped and vector-shaped ``Sequential`` layers."""

from __future__ import annotations

from ..._tensor import Tensor
from ...ops.shape import flatten
from .module import Module

__all__ = ["Flatten"]


class Flatten(Module):
    """Merge dims ``start_dim..end_dim`` into one; by default everything but the batch dim,
    so (N, C, H, W) becomes (N, C*H*W) (``torch.nn.Flatten``)."""

    def __init__(self, start_dim: int = 1, end_dim: int = -1) -> None:
        super().__init__()
        self.start_dim = start_dim
        self.end_dim = end_dim

    def forward(self, input: Tensor) -> Tensor:
        return flatten(input, self.start_dim, self.end_dim)

    def extra_repr(self) -> str:
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"
