"""Schedules made of schedules: SequentialLR (one after another) and ChainedScheduler (all at
once). Unlike PyTorch's, both accept ReduceLROnPlateau: ``step(metrics)`` passes the metric on."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import Any

from ..optimizer import Optimizer
from .base import LRScheduler, check_optimizer, group_values

__all__ = ["SequentialLR", "ChainedScheduler"]


def _check_members(owner: str, optimizer: Optimizer, schedulers: Sequence[Any]) -> None:
    if len(schedulers) < 1:
        raise ValueError(f"{owner} expects at least one scheduler, but got no scheduler")
    for i, s in enumerate(schedulers):
        if not hasattr(s, "optimizer"):
            raise TypeError(f"{owner} at index {i} should have `optimizer` as its attribute")
        if s.optimizer is not optimizer:
            raise ValueError(
                f"{owner} expects all schedulers to belong to the same optimizer, "
                f"but got scheduler {type(s).__name__} at index {i} with another"
            )


class _Composite(LRScheduler):
    """State dicts nest the members' state dicts under ``_schedulers`` (PyTorch's layout)."""

    _schedulers: list[Any]

    def state_dict(self) -> dict[str, Any]:
        state = {k: v for k, v in self.__dict__.items() if k not in ("optimizer", "_schedulers")}
        state["_schedulers"] = [s.state_dict() for s in self._schedulers]
        return state

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        state = dict(state_dict)
        members = state.pop("_schedulers")
        self.__dict__.update(state)
        for s, s_state in zip(self._schedulers, members):
            s.load_state_dict(s_state)

    def _advance(self, metrics: Any = None) -> None:
        self.step(metrics)


class SequentialLR(_Composite):
    """Run ``schedulers[i]`` from ``milestones[i-1]`` to ``milestones[i]``
    (``torch.optim.lr_scheduler.SequentialLR``), e.g. a LinearLR warm-up then a cosine decay.

    At its milestone a schedule restarts from epoch 0 (its closed form). A ReduceLROnPlateau
    member restarts from the base lrs with a fresh watch, and gets the metrics of the steps
    after its milestone through ``step(metrics)``.
    """

    def __init__(
        self,
        optimizer: Optimizer,
        schedulers: list[Any],
        milestones: list[int],
        last_epoch: int = -1,
    ) -> None:
        check_optimizer(optimizer)
        _check_members(type(self).__name__, optimizer, schedulers)
        if len(milestones) != len(schedulers) - 1:
            raise ValueError(
                "Sequential Schedulers expects number of schedulers provided to be "
                "one more than the number of milestone points, but got number of "
                f"schedulers {len(schedulers)} and the number of milestones "
                f"{len(milestones)}"
            )
        self._schedulers = list(schedulers)
        self._milestones = list(milestones)
        self.last_epoch = last_epoch + 1
        self.optimizer = optimizer
        for group in optimizer.param_groups:
            group["lr"] = group["initial_lr"]
        _undo_one_step(self)
        first = self._schedulers[bisect_right(self._milestones, 0)]
        first._initial_step()
        self._last_lr = first.get_last_lr()

    def step(self, metrics: Any = None) -> None:  # type: ignore[override]
        """Advance the schedule in charge; ``metrics`` is for a ReduceLROnPlateau member."""
        self.last_epoch += 1
        idx = bisect_right(self._milestones, self.last_epoch)
        scheduler = self._schedulers[idx]
        if idx > 0 and self._milestones[idx - 1] == self.last_epoch:
            scheduler._update_lr(0)
        else:
            scheduler._advance(metrics)
        self._last_lr = scheduler.get_last_lr()


def _undo_one_step(scheduler: Any) -> None:
    """Take back the initial step each member made at construction (recursively)."""
    for s in getattr(scheduler, "_schedulers", ()):
        if hasattr(s, "_schedulers"):
            _undo_one_step(s)
        else:
            s.last_epoch -= 1


class ChainedScheduler(_Composite):
    """Step every schedule at each step, their effects multiplying
    (``torch.optim.lr_scheduler.ChainedScheduler``), e.g. a ConstantLR warm-up on an
    ExponentialLR decay; a ReduceLROnPlateau member takes ``step(metrics)``'s metric."""

    def __init__(self, schedulers: Sequence[Any], optimizer: Optimizer | None = None) -> None:
        if len(schedulers) < 1:
            raise ValueError(
                "ChainedScheduler expects at least one scheduler to be chained, "
                "but got no scheduler"
            )
        optimizer = optimizer or schedulers[0].optimizer
        _check_members(type(self).__name__, optimizer, schedulers)
        self._schedulers = list(schedulers)
        self.optimizer = optimizer
        self._last_lr = group_values(optimizer, "lr")

    def step(self, metrics: Any = None) -> None:  # type: ignore[override]
        """Advance every member; ``metrics`` is for ReduceLROnPlateau members."""
        for scheduler in self._schedulers:
            scheduler._advance(metrics)
        self._last_lr = group_values(self.optimizer, "lr")
