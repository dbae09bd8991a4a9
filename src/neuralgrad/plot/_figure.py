"""What every picture shares: a pyplot-free matplotlib ``Figure`` (so no display, no global
state and no backend switch: saving renders with Agg) and saving it as a PNG."""

from __future__ import annotations

import os
from typing import Any

from .._notebook import display_figures_inline

__all__ = ["new_figure", "save"]

DPI = 100


def new_figure(width: float, height: float) -> Any:
    """A ``matplotlib.figure.Figure`` of ``width`` × ``height`` inches (``DPI`` pixels each);
    matplotlib is imported here, on first use, so ``import neuralgrad.plot`` stays light."""
    try:
        from matplotlib.figure import Figure
    except ImportError as e:
        raise ImportError("neuralgrad.plot needs matplotlib: pip install neuralgrad[plot]") from e
    display_figures_inline()
    return Figure(figsize=(width, height), dpi=DPI, layout="constrained")


def save(fig: Any, path: str | os.PathLike | None) -> Any:
    """Write ``fig`` as a PNG to ``path`` (its folder is created) when ``path`` is given; the
    image is exactly the figure's size in pixels. Returns ``fig``."""
    if path is not None:
        folder = os.path.dirname(os.fspath(path))
        if folder:
            os.makedirs(folder, exist_ok=True)
        fig.savefig(os.fspath(path), dpi=DPI, format="png")
    return fig
