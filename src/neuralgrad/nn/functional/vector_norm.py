"""Scaling vectors to unit length: ``F.normalize``."""

from __future__ import annotations

from ..._tensor import Tensor

__all__ = ["normalize"]


def normalize(input: Tensor, p: float = 2.0, dim: int = 1, eps: float = 1e-12) -> Tensor:
    """``x / max(||x||_p, eps)`` along ``dim`` (PyTorch's ``F.normalize``); ``eps`` keeps a zero
    vector at zero instead of dividing by 0. Composed of ``norm``, ``clamp`` and division, so its
    gradient is theirs (the norm's is 0 at the zero vector)."""
    return input / input.norm(p, dim, keepdim=True).clamp(min=eps)
