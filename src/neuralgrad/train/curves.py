"""Learning curves: the loss and a metric per epoch, training against validation, as a PNG
(matplotlib, imported only here; no pyplot, so no display or global state is touched)."""

from __future__ import annotations

import os
from typing import Any

__all__ = ["plot_history"]


def _panels(history: Any, metrics: tuple[str, ...]) -> list[str]:
    """The keys to draw, one panel each: those of ``metrics`` the history has."""
    keys = [k for k in metrics if k in history.history]
    if not keys:
        raise ValueError(f"the history has none of {list(metrics)}; it has "
                         f"{sorted(history.history)}")
    return keys


def plot_history(history: Any, path: str | os.PathLike | None = None,
                 metrics: tuple[str, ...] = ("loss", "accuracy")) -> Any:
    """Draw each of ``metrics`` (and its ``val_`` twin) against the epoch, marking the epoch
    early stopping restored; save to ``path`` when given. Returns the matplotlib Figure."""
    from matplotlib.figure import Figure  # optional: pip install neuralgrad[train]

    keys = _panels(history, metrics)
    fig = Figure(figsize=(5 * len(keys), 3.6), layout="constrained")
    epochs = [e + 1 for e in history.epoch]
    for ax, key in zip(fig.subplots(1, len(keys), squeeze=False)[0], keys):
        ax.plot(epochs, history[key], label=f"training {key}")
        if f"val_{key}" in history.history:
            ax.plot(epochs, history[f"val_{key}"], label=f"validation {key}")
        if history.restored_epoch is not None:
            ax.axvline(history.restored_epoch + 1, color="grey", linestyle=":",
                       label="restored (best) epoch")
        ax.set_xlabel("epoch")
        ax.set_ylabel(key)
        ax.grid(alpha=0.3)
        ax.legend()
    if path is not None:
        fig.savefig(os.fspath(path), dpi=110)
    return fig
