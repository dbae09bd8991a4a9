"""Spatial augmentation: crop (with padding), shift, scale, rotation and horizontal flip, each
with parameters drawn per image."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..random import Generator
from .base import Transform
from .sampling import affine_sample, crop

__all__ = ["RandomCrop", "RandomShift", "RandomScale", "RandomRotation", "RandomHorizontalFlip"]


def _range(value: Any, name: str, symmetric_about: float) -> tuple[float, float]:
    """``(low, high)`` from a pair, or from one number d as ``symmetric_about ± d``."""
    if isinstance(value, (int, float)):
        if value < 0:
            raise ValueError(f"{name} must be >= 0 when given as one number, got {value}")
        return symmetric_about - value, symmetric_about + value
    low, high = (float(v) for v in value)
    if low > high:
        raise ValueError(f"{name} must be (low, high) with low <= high, got {value}")
    return low, high


class RandomCrop(Transform):
    """Pad each image by ``padding`` pixels of ``fill`` and cut a random ``size`` window
    (``torchvision.transforms.RandomCrop``); ``size=None`` keeps the input's size, so the
    image content moves by up to ``padding`` pixels each way."""

    def __init__(
        self,
        size: int | tuple[int, int] | None = None,
        padding: int = 0,
        fill: float = 0.0,
        image_shape: Sequence[int] | None = None,
        generator: Generator | None = None,
    ) -> None:
        super().__init__(image_shape, generator)
        if padding < 0 or int(padding) != padding:
            raise ValueError(f"padding must be a whole number >= 0, got {padding!r}")
        self.size = (size, size) if isinstance(size, int) else size
        self.padding, self.fill = int(padding), float(fill)

    def apply(self, images: np.ndarray, g: np.random.Generator) -> np.ndarray:
        n, _, h, w = images.shape
        ph, pw = h + 2 * self.padding, w + 2 * self.padding
        size = self.size or (h, w)
        if size[0] > ph or size[1] > pw:
            raise ValueError(
                f"crop size {tuple(size)} is larger than the padded image ({ph}, {pw})"
            )
        top = g.integers(0, ph - size[0] + 1, size=n)
        left = g.integers(0, pw - size[1] + 1, size=n)
        return crop(images, top, left, tuple(size), self.padding, self.fill)


class RandomShift(RandomCrop):
    """Translate each image by a whole number of pixels in [-max_shift, max_shift] on each
    axis, filling the uncovered border with ``fill``: a same-size crop of the padded image."""

    def __init__(
        self,
        max_shift: int = 1,
        fill: float = 0.0,
        image_shape: Sequence[int] | None = None,
        generator: Generator | None = None,
    ) -> None:
        super().__init__(None, max_shift, fill, image_shape, generator)


class _Resample(Transform):
    """A random linear map about the image centre, resampled bilinearly."""

    def __init__(
        self, fill: float, image_shape: Sequence[int] | None, generator: Generator | None
    ) -> None:
        super().__init__(image_shape, generator)
        self.fill = float(fill)

    @abstractmethod
    def matrices(self, n: int, g: np.random.Generator) -> np.ndarray:
        """``n`` random 2x2 linear maps (about the image centre), one per image."""

    def apply(self, images: np.ndarray, g: np.random.Generator) -> np.ndarray:
        return affine_sample(images, self.matrices(len(images), g), self.fill)


class RandomScale(_Resample):
    """Zoom each image about its centre by a factor drawn uniformly from ``scale`` = (low,
    high) (a number s means 1 ± s); > 1 enlarges, < 1 shrinks, same output size."""

    def __init__(
        self,
        scale: float | tuple[float, float] = (0.9, 1.1),
        fill: float = 0.0,
        image_shape: Sequence[int] | None = None,
        generator: Generator | None = None,
    ) -> None:
        super().__init__(fill, image_shape, generator)
        self.scale = _range(scale, "scale", 1.0)
        if self.scale[0] <= 0:
            raise ValueError(f"scale factors must be > 0, got {scale}")

    def matrices(self, n: int, g: np.random.Generator) -> np.ndarray:
        s = g.uniform(*self.scale, size=n)
        return np.eye(2)[None] / s[:, None, None]


class RandomRotation(_Resample):
    """Rotate each image about its centre by an angle drawn uniformly from ``degrees`` =
    (low, high) (a number d means ±d); positive angles turn counter-clockwise, as torchvision."""

    def __init__(
        self,
        degrees: float | tuple[float, float] = 15.0,
        fill: float = 0.0,
        image_shape: Sequence[int] | None = None,
        generator: Generator | None = None,
    ) -> None:
        super().__init__(fill, image_shape, generator)
        self.degrees = _range(degrees, "degrees", 0.0)

    def matrices(self, n: int, g: np.random.Generator) -> np.ndarray:
        theta = np.deg2rad(g.uniform(*self.degrees, size=n))
        cos, sin = np.cos(theta), np.sin(theta)
        # (row, col) of the source pixel for an output offset (dy, dx); rows grow downwards.
        return np.stack([np.stack([cos, sin], -1), np.stack([-sin, cos], -1)], axis=1)


class RandomHorizontalFlip(Transform):
    """Mirror each image left-right with probability ``p``."""

    def __init__(
        self,
        p: float = 0.5,
        image_shape: Sequence[int] | None = None,
        generator: Generator | None = None,
    ) -> None:
        super().__init__(image_shape, generator)
        if not 0 <= p <= 1:
            raise ValueError(f"p must lie in [0, 1], got {p!r}")
        self.p = float(p)

    def apply(self, images: np.ndarray, g: np.random.Generator) -> np.ndarray:
        flip = g.random(len(images)) < self.p
        return np.where(flip[:, None, None, None], images[..., ::-1], images)
