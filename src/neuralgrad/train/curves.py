"""Learning curves: the loss and metrics per epoch, training against validation, of one run or
several compared, as a PNG (matplotlib, imported only here; no pyplot, so no display or global
state is touched)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

__all__ = ["plot_history", "figure_png"]


def figure_png(draw: Any) -> bytes | None:
    """PNG bytes of the figure ``draw()`` returns, for a ``_repr_png_``; None (plain text)
    when there is nothing to draw or matplotlib is missing."""
    import io

    try:
        fig = draw()
    except (ImportError, ValueError):
        return None
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=fig.dpi)
    return buf.getvalue()


def _panels(runs: Mapping[str, Any], metrics: tuple[str, ...] | None) -> list[str]:
    """The keys to draw, one panel each: those of ``metrics`` some history has (None: the loss
    and every recorded metric, not their ``val_`` twins, the lr or the time)."""
    recorded = [k for h in runs.values() for k in h.history]
    if metrics is None:
        metrics = tuple(
            dict.fromkeys(
                k for k in recorded if not k.startswith("val_") and k not in ("lr", "time")
            )
        )
        metrics = tuple(sorted(metrics, key=lambda k: k != "loss"))
    keys = [k for k in metrics if k in recorded]
    if not keys:
        raise ValueError(f"the history has none of {list(metrics)}; it has {sorted(set(recorded))}")
    return keys


def _draw(ax: Any, history: Any, key: str, label: str, color: str | None) -> None:
    """One run's ``key`` (solid) and ``val_key`` (dashed when comparing runs) on ``ax``, and
    the epoch whose weights early stopping restored (dotted)."""
    epochs = [e + 1 for e in history.epoch]
    name = f"{label} " if label else ""
    if key in history.history:
        ax.plot(epochs, history[key], color=color, label=f"{name}training {key}")
    if f"val_{key}" in history.history:
        ax.plot(
            epochs,
            history[f"val_{key}"],
            color=color,
            linestyle="--" if label else "-",
            label=f"{name}validation {key}",
        )
    if history.restored_epoch is not None:
        ax.axvline(
            history.restored_epoch + 1,
            color=color or "grey",
            linestyle=":",
            label=f"{name}restored (best) epoch",
        )


def plot_history(
    history: Any,
    path: str | os.PathLike | None = None,
    metrics: tuple[str, ...] | None = None,
    logy: bool = False,
) -> Any:
    """Draw each of ``metrics`` (default: the loss and every recorded metric) and its ``val_``
    twin against the epoch, marking the epoch early stopping restored; save a PNG to ``path``
    when given. ``history`` may be ``{label: History}`` to compare runs (one colour each);
    ``logy`` puts the loss on a log scale. Returns the matplotlib Figure (also
    ``neuralgrad.plot.plot_history``)."""
    from matplotlib.figure import Figure  # optional: pip install neuralgrad[train]

    from .._notebook import display_figures_inline

    display_figures_inline()

    runs = history if isinstance(history, Mapping) else {"": history}
    keys = _panels(runs, metrics)
    fig = Figure(figsize=(5 * len(keys), 3.6), dpi=110, layout="constrained")
    colors = [None] if len(runs) == 1 else [f"C{i % 10}" for i in range(len(runs))]
    for ax, key in zip(fig.subplots(1, len(keys), squeeze=False)[0], keys):
        for (label, run), color in zip(runs.items(), colors):
            _draw(ax, run, key, str(label), color)
        ax.set_xlabel("epoch")
        ax.xaxis.get_major_locator().set_params(integer=True)  # whole epochs only
        ax.set_ylabel(key)
        if logy and key == "loss":
            ax.set_yscale("log")
        ax.grid(alpha=0.3)
        ax.legend(fontsize="small")
    if path is not None:
        fig.savefig(os.fspath(path), dpi=fig.dpi)  # the PNG is the figure's size
    return fig
