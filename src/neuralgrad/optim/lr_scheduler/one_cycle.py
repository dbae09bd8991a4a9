"""The 1cycle policy (Smith & Topin, 2018): one warm-up to a large lr, then a long anneal."""

from __future__ import annotations

import math
from typing import Any

from ..optimizer import Optimizer
from ._momentum import set_momentum, setup_momentum
from .base import LRScheduler, check_optimizer, per_group

__all__ = ["OneCycleLR"]


def _phases(total: int, pct_start: float, three_phase: bool) -> list[dict[str, Any]]:
    """(end step, start/end lr key, start/end momentum key) of each phase, PyTorch's table."""
    up = float(pct_start * total) - 1
    if three_phase:
        return [
            dict(
                end_step=up,
                start_lr="initial_lr",
                end_lr="max_lr",
                start_momentum="max_momentum",
                end_momentum="base_momentum",
            ),
            dict(
                end_step=float(2 * pct_start * total) - 2,
                start_lr="max_lr",
                end_lr="initial_lr",
                start_momentum="base_momentum",
                end_momentum="max_momentum",
            ),
            dict(
                end_step=total - 1,
                start_lr="initial_lr",
                end_lr="min_lr",
                start_momentum="max_momentum",
                end_momentum="max_momentum",
            ),
        ]
    return [
        dict(
            end_step=up,
            start_lr="initial_lr",
            end_lr="max_lr",
            start_momentum="max_momentum",
            end_momentum="base_momentum",
        ),
        dict(
            end_step=total - 1,
            start_lr="max_lr",
            end_lr="min_lr",
            start_momentum="base_momentum",
            end_momentum="max_momentum",
        ),
    ]


def _positive_int(name: str, value: Any) -> int:
    if not isinstance(value, int) or value <= 0:
        raise ValueError(f"Expected positive integer {name}, but got {value!r}")
    return value


class OneCycleLR(LRScheduler):
    """The 1cycle schedule (``torch.optim.lr_scheduler.OneCycleLR``), stepped every batch.

    The lr rises from ``max_lr / div_factor`` to ``max_lr`` over the first ``pct_start`` of
    ``total_steps`` (or ``epochs · steps_per_epoch``), then anneals to
    ``initial_lr / final_div_factor``; ``three_phase`` comes back down to the initial lr
    symmetrically before the final anneal. Each phase interpolates with
    ``anneal_strategy`` 'cos' (``end + (start − end)(1 + cos(π p)) / 2``) or 'linear'
    (``start + (end − start) p``) in the phase's fraction p. With ``cycle_momentum`` the
    momentum (β₁ for Adam) goes the opposite way, between ``max_momentum`` and ``base_momentum``.
    """

    def __init__(
        self,
        optimizer: Optimizer,
        max_lr: float | list[float],
        total_steps: int | None = None,
        epochs: int | None = None,
        steps_per_epoch: int | None = None,
        pct_start: float = 0.3,
        anneal_strategy: str = "cos",
        cycle_momentum: bool = True,
        base_momentum: float | list[float] = 0.85,
        max_momentum: float | list[float] = 0.95,
        div_factor: float = 25.0,
        final_div_factor: float = 1e4,
        three_phase: bool = False,
        last_epoch: int = -1,
    ) -> None:
        check_optimizer(optimizer)
        if total_steps is not None:
            self.total_steps = _positive_int("total_steps", total_steps)
        elif epochs is not None and steps_per_epoch is not None:
            self.total_steps = _positive_int("epochs", epochs) * _positive_int(
                "steps_per_epoch", steps_per_epoch
            )
        else:
            raise ValueError("You must define either total_steps OR (epochs AND steps_per_epoch)")
        if not isinstance(pct_start, float) or not 0 <= pct_start <= 1:
            raise ValueError(f"Expected float between 0 and 1 pct_start, but got {pct_start!r}")
        if anneal_strategy not in ("cos", "linear"):
            raise ValueError(
                f"anneal_strategy must be one of 'cos' or 'linear', instead got {anneal_strategy!r}"
            )
        self._schedule_phases = _phases(self.total_steps, pct_start, three_phase)
        self._anneal_func_type = anneal_strategy
        if last_epoch == -1:
            for top, group in zip(per_group("max_lr", optimizer, max_lr), optimizer.param_groups):
                group["initial_lr"] = top / div_factor
                group["max_lr"] = top
                group["min_lr"] = group["initial_lr"] / final_div_factor
        self.cycle_momentum = cycle_momentum
        if cycle_momentum:
            self.use_beta1 = setup_momentum(optimizer, base_momentum, max_momentum, last_epoch)[0]
        super().__init__(optimizer, last_epoch)

    def _anneal(self, start: float, end: float, pct: float) -> float:
        if self._anneal_func_type == "cos":
            return end + (start - end) / 2.0 * (math.cos(math.pi * pct) + 1)
        return (end - start) * pct + start

    def get_lr(self) -> list[float]:
        step = self.last_epoch
        if step > self.total_steps:
            raise ValueError(
                f"Tried to step {step} times. The specified number of total steps "
                f"is {self.total_steps}"
            )
        lrs = []
        last = len(self._schedule_phases) - 1
        for group in self.optimizer.param_groups:
            start = 0.0
            for i, phase in enumerate(self._schedule_phases):
                end = phase["end_step"]
                if step <= end or i == last:
                    pct = (step - start) / (end - start)
                    lrs.append(self._anneal(group[phase["start_lr"]], group[phase["end_lr"]], pct))
                    if self.cycle_momentum:
                        momentum = self._anneal(
                            group[phase["start_momentum"]], group[phase["end_momentum"]], pct
                        )
                        set_momentum(group, momentum, self.use_beta1)
                    break
                start = end
        return lrs
