"""Momentum cycling shared by CyclicLR and OneCycleLR: they move SGD's/RMSprop's ``momentum``, or
Adam's β₁, opposite to the lr."""

from __future__ import annotations

from typing import Any

from .base import per_group

__all__ = ["setup_momentum", "set_momentum"]


def set_momentum(group: dict[str, Any], value: float, use_beta1: bool) -> None:
    """Write the cycled momentum into a group: β₁ of ``betas`` or ``momentum``."""
    if use_beta1:
        group["betas"] = (value, *group["betas"][1:])
    else:
        group["momentum"] = value


def setup_momentum(
    optimizer: Any, base_momentum: Any, max_momentum: Any, last_epoch: int
) -> tuple[bool, list[float], list[float]]:
    """Check the optimizer has a momentum to cycle; on a fresh start set it to the maximum and
    record ``max_momentum`` / ``base_momentum`` in each group. Returns (use_beta1, bases, maxes)."""
    if "momentum" not in optimizer.defaults and "betas" not in optimizer.defaults:
        raise ValueError(
            "optimizer must support momentum or beta1 with `cycle_momentum` "
            f"option enabled; {type(optimizer).__name__} has neither"
        )
    use_beta1 = "betas" in optimizer.defaults
    bases = per_group("base_momentum", optimizer, base_momentum)
    maxes = per_group("max_momentum", optimizer, max_momentum)
    if last_epoch == -1:
        for high, low, group in zip(maxes, bases, optimizer.param_groups):
            set_momentum(group, high, use_beta1)
            group["max_momentum"] = high
            group["base_momentum"] = low
    return use_beta1, bases, maxes
