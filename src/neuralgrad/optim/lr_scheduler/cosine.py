"""Cosine annealing, once (CosineAnnealingLR) or with warm restarts (SGDR)."""

from __future__ import annotations

import math

from ..optimizer import Optimizer
from .base import LRScheduler, group_values

__all__ = ["CosineAnnealingLR", "CosineAnnealingWarmRestarts"]


def _cosine(base: float, eta_min: float, t: float, period: float) -> float:
    """``η_min + (base − η_min)(1 + cos(π t / T)) / 2``."""
    return eta_min + (base - eta_min) * (1 + math.cos(math.pi * t / period)) / 2


class CosineAnnealingLR(LRScheduler):
    """``lr_t = η_min + (base_lr − η_min)(1 + cos(π t / T_max)) / 2``
    (``torch.optim.lr_scheduler.CosineAnnealingLR``), stepped in PyTorch's chainable form:
    past ``T_max`` the curve goes back up, as PyTorch's does."""

    def __init__(
        self,
        optimizer: Optimizer,
        T_max: int,
        eta_min: float = 0.0,  # noqa: N803
        last_epoch: int = -1,
    ) -> None:
        if not T_max > 0:
            raise ValueError(f"Expected positive T_max, but got {T_max!r}")
        self.T_max = T_max
        self.eta_min = eta_min
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        t, period, eta = self.last_epoch, self.T_max, self.eta_min
        groups = self.optimizer.param_groups
        if self._is_initial:
            return group_values(self.optimizer, "lr")
        if self._step_count == 1 and t > 0:
            return [_cosine(base, eta, t, period) for base in self.base_lrs]
        if (t - 1 - period) % (2 * period) == 0:
            return [
                g["lr"] + (base - eta) * (1 - math.cos(math.pi / period)) / 2
                for base, g in zip(self.base_lrs, groups)
            ]
        ratio = (1 + math.cos(math.pi * t / period)) / (1 + math.cos(math.pi * (t - 1) / period))
        return [ratio * (g["lr"] - eta) + eta for g in groups]

    def _get_closed_form_lr(self) -> list[float]:
        return [_cosine(base, self.eta_min, self.last_epoch, self.T_max) for base in self.base_lrs]


class CosineAnnealingWarmRestarts(LRScheduler):
    """SGDR (Loshchilov & Hutter, 2017; ``torch.optim.lr_scheduler.CosineAnnealingWarmRestarts``):
    ``lr = η_min + (base_lr − η_min)(1 + cos(π T_cur / T_i)) / 2``, where T_cur counts the
    epochs since the last restart and the period T_i starts at ``T_0`` and is multiplied by
    ``T_mult`` at each restart. The jump back to ``base_lr`` can move training to another basin.
    """

    def __init__(
        self,
        optimizer: Optimizer,
        T_0: int,
        T_mult: int = 1,  # noqa: N803
        eta_min: float = 0.0,
        last_epoch: int = -1,
    ) -> None:
        if not isinstance(T_0, int) or T_0 <= 0:
            raise ValueError(f"Expected positive integer T_0, but got {T_0!r}")
        if not isinstance(T_mult, int) or T_mult < 1:
            raise ValueError(f"Expected integer T_mult >= 1, but got {T_mult!r}")
        if not isinstance(eta_min, (float, int)):
            raise ValueError(f"Expected float or int eta_min, but got {eta_min!r}")
        self.T_0 = T_0
        self.T_i = T_0
        self.T_mult = T_mult
        self.eta_min = eta_min
        self.T_cur = last_epoch
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        return [_cosine(base, self.eta_min, self.T_cur, self.T_i) for base in self.base_lrs]

    def step(self, epoch: float | None = None) -> None:
        """Advance one epoch, or jump to ``epoch`` (a float for a fraction of an epoch, as in
        ``scheduler.step(epoch + i / iters)``)."""
        if epoch is None and self.last_epoch < 0:
            epoch = 0
        if epoch is None:
            epoch = self.last_epoch + 1
            self.T_cur += 1
            if self.T_cur >= self.T_i:
                self.T_cur %= self.T_i
                self.T_i *= self.T_mult
        else:
            self._jump(epoch)
        self.last_epoch = math.floor(epoch)
        for group, lr in zip(self.optimizer.param_groups, self.get_lr()):
            group["lr"] = lr
        self._last_lr = group_values(self.optimizer, "lr")

    def _jump(self, epoch: float) -> None:
        if epoch < 0:
            raise ValueError(f"Expected non-negative epoch, but got {epoch!r}")
        if epoch < self.T_0:
            self.T_i, self.T_cur = self.T_0, epoch
        elif self.T_mult == 1:
            self.T_cur = epoch % self.T_0
        else:
            n = int(math.log(epoch / self.T_0 * (self.T_mult - 1) + 1, self.T_mult))
            self.T_cur = epoch - self.T_0 * (self.T_mult**n - 1) / (self.T_mult - 1)
            self.T_i = self.T_0 * self.T_mult**n
