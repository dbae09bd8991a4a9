"""``LRScheduler``: the base of every schedule, with PyTorch's stepping rules and state dicts.

A schedule writes ``group['lr']`` of its optimizer's parameter groups (and, for the cyclic ones,
the momentum or β₁); it never wraps ``optimizer.step``. As in PyTorch, ``get_lr`` is written in
the *chainable* form (the next lr from the current ``group['lr']``), so several schedules
stepping one optimizer compose, and a closed form (``_get_closed_form_lr``) serves jumps to a
given epoch, as SequentialLR makes at its milestones.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from typing import Any

from ..optimizer import Optimizer

__all__ = ["LRScheduler", "group_values", "per_group"]


def group_values(optimizer: Any, key: str) -> list[Any]:
    """``[group[key] for each parameter group]``."""
    return [group[key] for group in optimizer.param_groups]


def per_group(name: str, optimizer: Any, value: Any) -> list[Any]:
    """``value`` as one entry per parameter group (a list or tuple must have one per group)."""
    n = len(optimizer.param_groups)
    if isinstance(value, (list, tuple)):
        if len(value) != n:
            raise ValueError(
                f"{name} must have the same length as optimizer.param_groups: "
                f"{name} has {len(value)} values, param_groups has {n}"
            )
        return list(value)
    return [value] * n


def check_optimizer(optimizer: Any) -> None:
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"{type(optimizer).__name__} is not an Optimizer")


class LRScheduler:
    """Base of all learning-rate schedules (``torch.optim.lr_scheduler.LRScheduler``).

    ``last_epoch=-1`` starts a schedule: each group's current lr is kept as ``initial_lr`` (the
    ``base_lrs``) and the schedule makes its first step, setting the lr of step 0. Resuming with
    ``last_epoch >= 0`` requires the groups' ``initial_lr``.
    """

    def __init__(self, optimizer: Optimizer, last_epoch: int = -1) -> None:
        check_optimizer(optimizer)
        self.optimizer = optimizer
        for i, group in enumerate(optimizer.param_groups):
            if last_epoch == -1:
                group.setdefault("initial_lr", group["lr"])
            elif "initial_lr" not in group:
                raise KeyError(
                    f"param 'initial_lr' is not specified in param_groups[{i}] when "
                    f"resuming a scheduler with last_epoch={last_epoch}; load the "
                    "optimizer's state dict first"
                )
        self.base_lrs: list[float] = group_values(optimizer, "initial_lr")
        self.last_epoch = last_epoch
        self._initial_step()

    def _initial_step(self) -> None:
        """Reset the step count and make the first step (the lr of step 0)."""
        self._step_count = 0
        self._is_initial = True
        try:
            self.step()
        finally:
            self._is_initial = False

    def get_lr(self) -> list[float]:
        """The next lr of each group, from the current ones (the chainable form)."""
        raise NotImplementedError  # abstract: each schedule defines its rule

    def get_last_lr(self) -> list[float]:
        """The lr of each parameter group as last set by this schedule."""
        return list(self._last_lr)

    def step(self, epoch: int | None = None) -> None:
        """Advance one step (call after ``optimizer.step()``). ``epoch`` (deprecated in PyTorch,
        kept for it) jumps to that epoch with the closed form where the schedule has one."""
        self._step_count += 1
        if epoch is not None:
            warnings.warn(
                "The epoch parameter in `scheduler.step()` is deprecated; use `scheduler.step()`",
                UserWarning,
                stacklevel=2,
            )
        self._update_lr(epoch)

    def _update_lr(self, epoch: int | None = None) -> None:
        if epoch is None:
            self.last_epoch += 1
            values = self.get_lr()
        else:
            self.last_epoch = epoch
            closed = getattr(self, "_get_closed_form_lr", None)
            values = closed() if closed is not None else self.get_lr()
        for group, lr in zip(self.optimizer.param_groups, values):
            group["lr"] = lr
        self._last_lr = group_values(self.optimizer, "lr")

    def _advance(self, metrics: Any = None) -> None:
        """One step as a combinator or ``preview`` makes it; ``metrics`` is for the schedules
        that read one (ReduceLROnPlateau) and ignored by the others."""
        self.step()

    # ---- saving and previewing ----------------------------------------------------------------
    def state_dict(self) -> dict[str, Any]:
        """Every attribute but the optimizer (PyTorch's layout)."""
        return {k: v for k, v in self.__dict__.items() if k != "optimizer"}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore what ``state_dict()`` returned."""
        self.__dict__.update(state_dict)

    def preview(
        self, steps: int, metrics: Iterable[float] | None = None, plot: bool = False
    ) -> Any:
        """The lrs of the next ``steps`` steps, computed on a copy: neither this schedule nor
        its optimizer changes. Entry 0 is the current lr (``get_last_lr()``); entries are
        floats for a one-group optimizer, else one list per step with a value per group.
        ``metrics`` feeds ReduceLROnPlateau (one value per step, alone or inside a SequentialLR
        or ChainedScheduler). ``plot=True`` returns a matplotlib ``Figure`` of the curve
        instead (matplotlib is imported only then)."""
        from .preview import preview_schedule

        return preview_schedule(self, steps, metrics, plot)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(lr={self._last_lr})"
