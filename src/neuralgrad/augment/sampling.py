"""Resampling image batches, vectorised over the batch: bilinear sampling under a per-image
linear map about the centre (rotation, scale), and integer crops of a padded batch (crop,
shift). Points that fall outside the image read ``fill``."""

from __future__ import annotations

import numpy as np

__all__ = ["affine_sample", "crop"]


def _axis_taps(
    coord: np.ndarray, size: int, dtype: np.dtype
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """The two neighbouring pixel positions along one axis (clipped into the image) and their
    linear weights, zeroed where the neighbour lies outside the image."""
    low = np.floor(coord)
    frac = (coord - low).astype(dtype)
    low = low.astype(np.intp)
    taps = []
    for pos, weight in ((low, 1 - frac), (low + 1, frac)):
        inside = (pos >= 0) & (pos < size)
        taps.append((np.minimum(np.maximum(pos, 0), size - 1), weight * inside))
    return taps[0], taps[1]


def affine_sample(images: np.ndarray, matrix: np.ndarray, fill: float = 0.0) -> np.ndarray:
    """Output pixel p of image n reads the input at ``c + matrix[n] @ (p − c)`` (c the centre,
    coordinates (row, col)), interpolated bilinearly. ``matrix``: (N, 2, 2). The identity
    gives the batch back exactly."""
    n, c, h, w = images.shape
    cy, cx = (h - 1) / 2, (w - 1) / 2
    dy, dx = np.meshgrid(np.arange(h) - cy, np.arange(w) - cx, indexing="ij")
    dy, dx = dy.reshape(1, -1), dx.reshape(1, -1)
    m = matrix[:, :, :, None]
    rows = _axis_taps(cy + m[:, 0, 0] * dy + m[:, 0, 1] * dx, h, images.dtype)  # (N, H·W) each
    cols = _axis_taps(cx + m[:, 1, 0] * dy + m[:, 1, 1] * dx, w, images.dtype)
    flat = images.reshape(-1)
    start = ((np.arange(n)[:, None] * c + np.arange(c)) * (h * w))[:, :, None]  # (N, C, 1)
    out = np.zeros((n, c, h * w), dtype=images.dtype)
    covered = np.zeros((n, 1, h * w), dtype=images.dtype)  # weight that fell inside the image
    for r, wr in rows:
        for q, wq in cols:
            weight = (wr * wq)[:, None]
            out += weight * flat.take(start + (r * w + q)[:, None])
            covered += weight
    if fill:
        out += images.dtype.type(fill) * (1 - covered)
    return out.reshape(n, c, h, w)


def crop(
    images: np.ndarray,
    top: np.ndarray,
    left: np.ndarray,
    size: tuple[int, int],
    padding: int,
    fill: float = 0.0,
) -> np.ndarray:
    """Pad every image by ``padding`` pixels of ``fill``, then cut a ``size`` window whose
    corner is at (``top[n]``, ``left[n]``) of the padded image n."""
    n = images.shape[0]
    padded = (
        np.pad(
            images, ((0, 0), (0, 0), (padding, padding), (padding, padding)), constant_values=fill
        )
        if padding
        else images
    )
    rows = top[:, None] + np.arange(size[0])  # (N, h)
    cols = left[:, None] + np.arange(size[1])  # (N, w)
    out = padded[np.arange(n)[:, None, None], :, rows[:, :, None], cols[:, None, :]]
    return np.ascontiguousarray(out.transpose(0, 3, 1, 2))
