"""Smooth decay every epoch: exponential (PyTorch's) and the course's time-based lr0/(1 + k t)."""

from __future__ import annotations

from ..optimizer import Optimizer
from .base import LRScheduler, group_values

__all__ = ["ExponentialLR", "InverseTimeLR"]


class ExponentialLR(LRScheduler):
    """``lr_t = base_lr · γ^t`` (``torch.optim.lr_scheduler.ExponentialLR``)."""

    def __init__(self, optimizer: Optimizer, gamma: float, last_epoch: int = -1) -> None:
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        if self._is_initial:
            return group_values(self.optimizer, "lr")
        return [g["lr"] * self.gamma for g in self.optimizer.param_groups]

    def _get_closed_form_lr(self) -> list[float]:
        return [base * self.gamma**self.last_epoch for base in self.base_lrs]


class InverseTimeLR(LRScheduler):
    """Time-based decay ``lr_t = lr_0 / (1 + k·t)``, the course's schedule (ours: PyTorch has
    no such class; ``LambdaLR(opt, lambda t: 1 / (1 + k * t))`` gives the same values).

    Stepped in the chainable form ``lr_t = lr_{t-1} · (1 + k(t − 1)) / (1 + k t)``, so it
    composes with other schedules (a ReduceLROnPlateau cut stays in force, for example).
    """

    def __init__(self, optimizer: Optimizer, decay: float, last_epoch: int = -1) -> None:
        if not decay >= 0:
            raise ValueError(f"Invalid decay value: {decay!r} (expected k >= 0)")
        self.decay = decay
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        if self._is_initial or self.last_epoch == 0:
            return group_values(self.optimizer, "lr")
        t, k = self.last_epoch, self.decay
        ratio = (1.0 + k * (t - 1)) / (1.0 + k * t)
        return [g["lr"] * ratio for g in self.optimizer.param_groups]

    def _get_closed_form_lr(self) -> list[float]:
        return [base / (1.0 + self.decay * self.last_epoch) for base in self.base_lrs]
