"""Each hidden unit's output as an image over the input plane (a model of 2-D inputs, as in
TensorFlow Playground): what every neuron of a layer computes, half-planes in the first
hidden layer and their combinations deeper, on the course's XOR, moons and spirals."""

from __future__ import annotations

import math
import os
from typing import Any

import numpy as np

from ..metrics import as_numpy
from ._figure import new_figure, save
from .activations import _activation_layers, collect_activations

__all__ = ["plot_unit_maps", "unit_maps"]


def unit_maps(
    model: Any,
    layer: Any = None,
    xlim: tuple[float, float] = (-1.5, 1.5),
    ylim: tuple[float, float] = (-1.5, 1.5),
    resolution: int = 80,
) -> np.ndarray:
    """The outputs of ``layer`` (a module or its name; default: the first activation layer)
    on a ``resolution`` × ``resolution`` grid over ``xlim`` × ``ylim``, as (units, rows, cols)
    with row 0 at the bottom (``ylim[0]``)."""
    if layer is None:
        found = _activation_layers(model)
        if not found:
            raise ValueError("the model has no activation layers; pass layer=...")
        layer = found[0][0]
    xs, ys = np.linspace(*xlim, resolution), np.linspace(*ylim, resolution)
    grid = np.stack(np.meshgrid(xs, ys), axis=-1).reshape(-1, 2)
    (a,) = collect_activations(model, grid, [layer]).values()
    return a.T.reshape(-1, resolution, resolution)


def plot_unit_maps(
    model: Any,
    layer: Any = None,
    X: Any = None,
    y: Any = None,
    *,
    xlim: tuple[float, float] | None = None,
    ylim: tuple[float, float] | None = None,
    max_units: int = 32,
    resolution: int = 80,
    title: str | None = None,
    path: str | os.PathLike | None = None,
) -> Any:
    """One small image per unit of ``layer``: its output over the input plane (colour scale
    per unit), with the data ``X`` (coloured by ``y``) on top when given; the limits default to
    the data's range plus a margin. Returns the Figure."""
    if X is not None:
        X = np.asarray(as_numpy(X), dtype=np.float64)
        pad = 0.1 * (X.max(0) - X.min(0))
        xlim = xlim or (X[:, 0].min() - pad[0], X[:, 0].max() + pad[0])
        ylim = ylim or (X[:, 1].min() - pad[1], X[:, 1].max() + pad[1])
    xlim, ylim = xlim or (-1.5, 1.5), ylim or (-1.5, 1.5)
    maps = unit_maps(model, layer, xlim, ylim, resolution)[:max_units]
    ncols = math.ceil(math.sqrt(len(maps)))
    nrows = math.ceil(len(maps) / ncols)
    fig = new_figure(1.9 * ncols, 1.9 * nrows + (0.4 if title else 0))
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for k, ax in enumerate(axes):
        ax.set_xticks([])
        ax.set_yticks([])
        if k >= len(maps):
            ax.set_axis_off()
            continue
        ax.imshow(maps[k], origin="lower", extent=(*xlim, *ylim), cmap="RdBu_r", aspect="auto")
        if X is not None:
            c = None if y is None else np.asarray(as_numpy(y)).reshape(-1)
            ax.scatter(X[:, 0], X[:, 1], c=c, s=5, cmap="Greys", edgecolors="k", linewidths=0.3)
        ax.set_title(f"unit {k}", fontsize=8)
    if title:
        fig.suptitle(title)
    return save(fig, path)
