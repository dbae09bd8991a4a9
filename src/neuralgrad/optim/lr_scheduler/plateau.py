"""ReduceLROnPlateau: cut the lr when a monitored metric stops improving."""

from __future__ import annotations

from typing import Any

from ..improvement import check_mode, is_better, worst_value
from ..optimizer import Optimizer
from .base import LRScheduler, check_optimizer, group_values, per_group

__all__ = ["ReduceLROnPlateau"]


class ReduceLROnPlateau(LRScheduler):
    """Multiply the lr by ``factor`` once the metric has not improved for more than ``patience``
    steps (``torch.optim.lr_scheduler.ReduceLROnPlateau``, same rules and numbers).

    A value improves on the best so far when (``mode``, ``threshold_mode``) =
    ('min', 'rel'): ``v < best (1 − threshold)``; ('min', 'abs'): ``v < best − threshold``;
    and the mirror images for 'max' (``optim.improvement.is_better``, the rule early stopping
    shares). After a cut, ``cooldown`` steps pass before bad steps count again; the lr never
    goes below ``min_lr`` and changes smaller than ``eps`` are skipped.

    Beyond PyTorch: it can run inside ``SequentialLR`` and ``ChainedScheduler`` (they pass their
    ``step(metrics)`` on to it), and ``preview(steps, metrics=...)`` shows its curve for a
    given metric sequence. Its cut multiplies the current lr, so other schedules chained with
    it keep their shape at the reduced level.
    """

    def __init__(
        self,
        optimizer: Optimizer,
        mode: str = "min",
        factor: float = 0.1,
        patience: int = 10,
        threshold: float = 1e-4,
        threshold_mode: str = "rel",
        cooldown: int = 0,
        min_lr: float | list[float] = 0,
        eps: float = 1e-8,
    ) -> None:
        if factor >= 1.0:
            raise ValueError(f"Factor should be < 1.0, got {factor!r}")
        check_optimizer(optimizer)
        check_mode(mode, threshold_mode)
        self.factor = factor
        self.optimizer = optimizer
        self.default_min_lr = None if isinstance(min_lr, (list, tuple)) else min_lr
        self.min_lrs = per_group("min_lr", optimizer, min_lr)
        self.patience = patience
        self.cooldown = cooldown
        self.eps = eps
        self.mode, self.threshold, self.threshold_mode = mode, threshold, threshold_mode
        for group in optimizer.param_groups:
            group.setdefault("initial_lr", group["lr"])
        self.base_lrs = group_values(optimizer, "initial_lr")
        self._initial_step()

    def _initial_step(self) -> None:
        """Start (or, inside SequentialLR, restart) watching: no metric seen yet."""
        self.last_epoch = 0
        self._step_count = 0
        self.best = worst_value(self.mode)
        self.cooldown_counter = 0
        self.num_bad_epochs = 0
        self._last_lr = group_values(self.optimizer, "lr")

    @property
    def in_cooldown(self) -> bool:
        return self.cooldown_counter > 0

    def step(self, metrics: Any, epoch: int | None = None) -> None:  # type: ignore[override]
        """Record the metric of the epoch just finished and cut the lr if it has plateaued."""
        current = float(metrics)
        self.last_epoch = self.last_epoch + 1 if epoch is None else epoch
        if is_better(current, self.best, self.mode, self.threshold, self.threshold_mode):
            self.best = current
            self.num_bad_epochs = 0
        else:
            self.num_bad_epochs += 1
        if self.in_cooldown:
            self.cooldown_counter -= 1
            self.num_bad_epochs = 0  # bad epochs during the cooldown do not count
        if self.num_bad_epochs > self.patience:
            self._reduce_lr()
            self.cooldown_counter = self.cooldown
            self.num_bad_epochs = 0
        self._last_lr = group_values(self.optimizer, "lr")

    def _reduce_lr(self) -> None:
        groups = self.optimizer.param_groups
        if len(groups) != len(self.min_lrs):
            if self.default_min_lr is None:
                raise RuntimeError(
                    f"The number of param groups in the optimizer ({len(groups)}) "
                    "differs from when ReduceLROnPlateau was initialized "
                    f"({len(self.min_lrs)}); set `min_lrs` to match"
                )
            self.min_lrs = [self.default_min_lr] * len(groups)
        for group, floor in zip(groups, self.min_lrs):
            old = float(group["lr"])
            new = max(old * self.factor, floor)
            if old - new > self.eps:
                group["lr"] = new

    def _update_lr(self, epoch: int | None = None) -> None:
        """A SequentialLR milestone hands over to this schedule: back to the base lrs, with
        the watch restarted."""
        for group, lr in zip(self.optimizer.param_groups, self.base_lrs):
            group["lr"] = lr
        self._initial_step()

    def _advance(self, metrics: Any = None) -> None:
        if metrics is None:
            raise TypeError(
                "ReduceLROnPlateau needs a metric at each step: pass it to "
                "step(metrics) of the SequentialLR/ChainedScheduler, or "
                "preview(steps, metrics=...)"
            )
        self.step(metrics)
