"""``torch.backends.mps``: Apple's Metal backend, which neuralgrad does not have."""

from __future__ import annotations

__all__ = ["is_available", "is_built"]


def is_available() -> bool:
    """Always False: neuralgrad has no MPS backend."""
    return False


def is_built() -> bool:
    """Always False: neuralgrad has no MPS backend."""
    return False
