"""``Dropout``: inverted dropout in training, the identity in evaluation (``torch.nn.Dropout``)."""

from __future__ import annotations

from ..._tensor import Tensor
from .. import functional as F
from ..functional.dropout import check_p
from .module import Module

__all__ = ["Dropout"]


class Dropout(Module):
    """Zero each element with probability ``p`` while ``training`` and scale the rest by
    ``1 / (1 - p)``; after ``eval()`` it passes the input through unchanged."""

    def __init__(self, p: float = 0.5, inplace: bool = False) -> None:
        super().__init__()
        self.p = check_p(p)
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:
        return F.dropout(input, self.p, self.training, self.inplace)

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace={self.inplace}"
