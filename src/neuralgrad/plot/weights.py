"""The learned first-layer weights of an image model as a grid of images, one per hidden unit
(the course shows them for MNIST: strokes, spots and edges the units detect)."""

from __future__ import annotations

import math
import os
from typing import Any

import numpy as np

from ..metrics import as_numpy
from ._figure import new_figure, save

__all__ = ["plot_weights", "first_linear_weight", "weight_tiles", "mosaic", "neighbour_correlation"]


def first_linear_weight(model: Any) -> np.ndarray:
    """The (units, inputs) weight matrix of ``model``: an array, a layer with ``weight``, or
    the first layer with a 2-D ``weight`` inside a Module (an image model's first layer)."""
    if hasattr(model, "modules"):
        for m in model.modules():
            w = getattr(m, "weight", None)
            if w is not None and len(w.shape) == 2:
                return np.asarray(as_numpy(w), dtype=np.float64)
        raise ValueError(f"{type(model).__name__} has no layer with a 2-D weight")
    w = np.asarray(as_numpy(getattr(model, "weight", model)), dtype=np.float64)
    if w.ndim != 2:
        raise ValueError(f"weights must be 2-D (units, inputs), got shape {w.shape}")
    return w


def weight_tiles(
    weight: np.ndarray, image_shape: tuple[int, int] | None = None, max_tiles: int = 64
) -> np.ndarray:
    """The first ``max_tiles`` rows of ``weight`` as (tiles, H, W) images; ``image_shape``
    defaults to a square (64 inputs: 8×8 digits, 784: 28×28 MNIST)."""
    n_in = weight.shape[1]
    if image_shape is None:
        side = math.isqrt(n_in)
        if side * side != n_in:
            raise ValueError(f"{n_in} inputs are not a square image: pass image_shape=(H, W)")
        image_shape = (side, side)
    if image_shape[0] * image_shape[1] != n_in:
        raise ValueError(f"image_shape {tuple(image_shape)} does not hold {n_in} inputs")
    return weight[:max_tiles].reshape(-1, *image_shape)


def neighbour_correlation(
    weight: np.ndarray, image_shape: tuple[int, int] | None = None, max_tiles: int = 64
) -> float:
    """How much the weight tiles look like strokes rather than noise: the correlation between
    horizontally and vertically adjacent pixels of each tile, averaged over the tiles
    (about 0 for random weights; strokes and blobs, being smooth, give values near 1)."""
    tiles = weight_tiles(np.asarray(weight, dtype=np.float64), image_shape, max_tiles)
    values = []
    for t in tiles - tiles.mean(axis=(1, 2), keepdims=True):
        pairs = [(t[:, :-1], t[:, 1:]), (t[:-1, :], t[1:, :])]
        num = sum(float((a * b).sum()) for a, b in pairs)
        den = sum(float(np.sqrt((a * a).sum() * (b * b).sum())) for a, b in pairs)
        values.append(num / den if den > 0 else 0.0)
    return float(np.mean(values))


def mosaic(tiles: np.ndarray, ncols: int) -> np.ndarray:
    """The tiles, each scaled to [-1, 1] by its own largest magnitude, laid out ``ncols`` a row
    in one image with a one-pixel NaN gap (drawn blank) between them."""
    n, h, w = tiles.shape
    nrows = math.ceil(n / ncols)
    image = np.full((nrows * (h + 1) - 1, ncols * (w + 1) - 1), np.nan)
    scale = np.abs(tiles).reshape(n, -1).max(1)
    for k, (tile, s) in enumerate(zip(tiles, np.where(scale > 0, scale, 1.0))):
        r, c = divmod(k, ncols)
        image[r * (h + 1) : r * (h + 1) + h, c * (w + 1) : c * (w + 1) + w] = tile / s
    return image


def plot_weights(
    model: Any,
    image_shape: tuple[int, int] | None = None,
    *,
    max_tiles: int = 64,
    ncols: int | None = None,
    title: str | None = None,
    path: str | os.PathLike | None = None,
) -> Any:
    """Draw each hidden unit's incoming weights (the rows of the first 2-D weight of
    ``model``) as an image, on a grey scale centred at 0 and scaled per tile, so each shows
    the pattern its unit responds to (white: positive, black: negative). Returns the Figure."""
    import matplotlib

    tiles = weight_tiles(first_linear_weight(model), image_shape, max_tiles)
    ncols = ncols or math.ceil(math.sqrt(len(tiles)))
    image = mosaic(tiles, ncols)
    height = 6.0 * image.shape[0] / max(image.shape)
    ax = new_figure(
        6.0 * image.shape[1] / max(image.shape) + 0.2, height + (0.5 if title else 0.2)
    ).subplots()
    cmap = matplotlib.colormaps["gray"].with_extremes(bad="white")
    ax.imshow(image, cmap=cmap, vmin=-1, vmax=1, interpolation="nearest")
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    return save(ax.figure, path)
