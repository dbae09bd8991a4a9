"""Intensity augmentation: additive Gaussian noise."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..random import Generator
from .base import Transform

__all__ = ["GaussianNoise"]


class GaussianNoise(Transform):
    """Add independent noise ``N(mean, std²)`` to every pixel, then clip to ``clip`` = (low,
    high) if given (e.g. the data's valid range)."""

    def __init__(
        self,
        std: float = 0.1,
        mean: float = 0.0,
        clip: tuple[float, float] | None = None,
        image_shape: Sequence[int] | None = None,
        generator: Generator | None = None,
    ) -> None:
        super().__init__(image_shape, generator)
        if not std >= 0:
            raise ValueError(f"std must be >= 0, got {std!r}")
        self.std, self.mean, self.clip = float(std), float(mean), clip

    def apply(self, images: np.ndarray, g: np.random.Generator) -> np.ndarray:
        noise = g.standard_normal(images.shape, dtype=images.dtype)
        out = images + (self.mean + self.std * noise).astype(images.dtype, copy=False)
        return np.clip(out, *self.clip) if self.clip is not None else out
