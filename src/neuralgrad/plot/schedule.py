"""Learning-rate schedules drawn before training, from each scheduler's own ``preview`` (run
on a copy: neither the schedule nor its optimizer moves)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from ._figure import new_figure, save

__all__ = ["plot_lr_schedule"]


def plot_lr_schedule(
    schedulers: Any,
    steps: int,
    *,
    log: bool = False,
    title: str | None = None,
    path: str | os.PathLike | None = None,
) -> Any:
    """The lr over ``steps`` steps of one scheduler, or of several side by side given as
    ``{label: scheduler}`` (first parameter group; ``scheduler.preview(steps)`` gives the
    values). ``log`` uses a log scale for the lr. Returns the Figure."""
    if not isinstance(schedulers, Mapping):
        schedulers = {type(schedulers).__name__: schedulers}
    ax = new_figure(6, 3.6).subplots()
    for label, scheduler in schedulers.items():
        curve = scheduler.preview(steps)
        ax.plot([lr[0] if isinstance(lr, list) else lr for lr in curve], label=label)
    ax.set_xlabel("step")
    ax.set_ylabel("learning rate")
    if log:
        ax.set_yscale("log")
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1.0))  # off the curves
    if title:
        ax.set_title(title)
    return save(ax.figure, path)
