"""``torch.backends.cudnn``: the settings scripts write for reproducibility. neuralgrad uses no
cuDNN, so they are kept and read back but change nothing (its results are deterministic)."""

from __future__ import annotations

__all__ = ["is_available", "version", "enabled", "benchmark", "deterministic", "allow_tf32"]

enabled = True
benchmark = False
deterministic = False
allow_tf32 = True


def is_available() -> bool:
    """Always False: neuralgrad uses no cuDNN."""
    return False


def version() -> None:
    """None: no cuDNN is loaded."""
    return None
