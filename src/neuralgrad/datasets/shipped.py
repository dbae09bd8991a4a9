"""Reading the image sets that ship inside the package (``datasets/data/*.npz``: ``images``
uint8 (N, H, W) and ``labels`` uint8 (N,)), once per process, without pickle."""

from __future__ import annotations

from functools import cache
from importlib import resources

import numpy as np

__all__ = ["shipped_images"]


@cache
def _arrays(name: str) -> tuple[np.ndarray, np.ndarray]:
    with resources.files(__package__).joinpath("data", name).open("rb") as f:
        with np.load(f, allow_pickle=False) as z:
            return z["images"], z["labels"]


def shipped_images(name: str, scale: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """``X`` float32 (N, H·W), the row-major images times ``scale``, and ``y`` int64 (N,):
    fresh arrays on every call (the cached file stays untouched)."""
    images, labels = _arrays(name)
    X = images.reshape(len(images), -1).astype(np.float32)
    if scale != 1.0:
        X *= np.float32(scale)
    return X, labels.astype(np.int64)
