"""Did the monitored value improve? The one rule shared by ReduceLROnPlateau, early stopping and
checkpointing: a value counts as better than the best so far only by more than a threshold."""

from __future__ import annotations

import math

__all__ = ["is_better", "worst_value", "check_mode"]


def check_mode(mode: str, threshold_mode: str = "rel") -> None:
    """Raise ``ValueError`` naming a ``mode`` other than 'min'/'max' or a ``threshold_mode``
    other than 'rel'/'abs'."""
    if mode not in ("min", "max"):
        raise ValueError(f"mode {mode!r} is unknown; expected 'min' or 'max'")
    if threshold_mode not in ("rel", "abs"):
        raise ValueError(f"threshold mode {threshold_mode!r} is unknown; expected 'rel' or 'abs'")


def worst_value(mode: str) -> float:
    """The starting 'best' that any value beats: +inf for 'min', -inf for 'max'."""
    return math.inf if mode == "min" else -math.inf


def is_better(
    current: float,
    best: float,
    mode: str = "min",
    threshold: float = 0.0,
    threshold_mode: str = "rel",
) -> bool:
    """Whether ``current`` improves on ``best`` (PyTorch's ReduceLROnPlateau rule).

    'min', 'rel': current < best·(1 − threshold);  'min', 'abs': current < best − threshold;
    'max', 'rel': current > best·(1 + threshold);  'max', 'abs': current > best + threshold.
    """
    if mode == "min":
        if threshold_mode == "rel":
            return current < best * (1.0 - threshold)
        return current < best - threshold
    if threshold_mode == "rel":
        return current > best * (threshold + 1.0)
    return current > best + threshold
