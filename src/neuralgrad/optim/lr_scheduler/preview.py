"""``preview``: a schedule's lr curve before training, run on a copy of the schedule over a
stand-in optimizer (the groups' options without their parameters), so nothing real changes."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from itertools import repeat
from typing import Any

__all__ = ["preview_schedule", "plot_lrs"]


class _GroupsOnly:
    """An optimizer stand-in: copies of the parameter groups' options, no parameters, no state."""

    def __init__(self, optimizer: Any) -> None:
        self.defaults = optimizer.defaults
        self.param_groups = [{**g, "params": []} for g in optimizer.param_groups]


def preview_schedule(
    scheduler: Any, steps: int, metrics: Iterable[float] | None = None, plot: bool = False
) -> Any:
    """The lrs ``scheduler`` would set over ``steps`` steps (see ``LRScheduler.preview``)."""
    if not isinstance(steps, int) or steps < 0:
        raise ValueError(f"steps must be a non-negative integer, got {steps!r}")
    optimizer = scheduler.optimizer
    clone = copy.deepcopy(scheduler, {id(optimizer): _GroupsOnly(optimizer)})
    feed = repeat(None) if metrics is None else iter(metrics)
    lrs = []
    for i in range(steps):
        lrs.append(clone.get_last_lr())
        if i + 1 < steps:
            try:
                clone._advance(next(feed))
            except StopIteration:
                raise ValueError(
                    f"preview of {steps} steps needs {steps - 1} metrics, got {i}"
                ) from None
    curve = [lr[0] for lr in lrs] if len(optimizer.param_groups) == 1 else lrs
    return plot_lrs(lrs, type(scheduler).__name__) if plot else curve


def plot_lrs(lrs: list[list[float]], title: str = "") -> Any:
    """A matplotlib ``Figure`` with one lr curve per parameter group (step on the x axis)."""
    try:
        from matplotlib.figure import Figure
    except ImportError as e:
        raise ImportError(
            "plotting a schedule needs matplotlib (pip install matplotlib); "
            "preview(steps) without plot=True returns the values"
        ) from e
    fig = Figure()
    ax = fig.subplots()
    for g in range(len(lrs[0]) if lrs else 0):
        ax.plot([row[g] for row in lrs], label=f"group {g}")
    ax.set_xlabel("step")
    ax.set_ylabel("learning rate")
    ax.set_title(title)
    if lrs and len(lrs[0]) > 1:
        ax.legend()
    return fig
