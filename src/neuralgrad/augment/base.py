"""The ``Transform`` base class (batch layout and tensor/array handling, once) and ``Compose``."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .._tensor import Tensor, wrap
from ..random import Generator, rng

__all__ = ["Transform", "Compose"]


def _as_images(
    x: Any, image_shape: tuple[int, ...] | None
) -> tuple[np.ndarray, Callable[[np.ndarray], Any]]:
    """``x`` as a float (N, C, H, W) array and a function that gives a result ``x``'s layout
    and kind back."""
    is_tensor = isinstance(x, Tensor)
    a = np.asarray(x.detach() if is_tensor else x)
    if a.dtype not in (np.float32, np.float64):
        a = a.astype(np.float32)
    shape = a.shape
    if image_shape is not None:
        chw = tuple(image_shape) if len(image_shape) == 3 else (1, *image_shape)
        if a.ndim < 2 or int(np.prod(shape[1:])) != int(np.prod(chw)):
            raise ValueError(
                f"a batch of shape {shape} doesn't hold images of shape {tuple(image_shape)}"
            )
        a = a.reshape(shape[0], *chw)
    elif a.ndim == 3:
        a = a[:, None]
    elif a.ndim != 4:
        raise ValueError(
            f"expected an image batch (N, H, W) or (N, C, H, W), got shape {shape}; "
            "for flat rows (N, H·W) pass image_shape=(H, W)"
        )

    def restore(out: np.ndarray) -> Any:
        same = out.shape[2:] == a.shape[2:]
        if len(shape) == 4:
            res = out
        elif len(shape) == 3 and image_shape is None:
            res = out[:, 0]
        else:  # flat or another layout: back to it when the image size is unchanged
            res = out.reshape(shape) if same else out.reshape(len(out), -1)
        res = np.ascontiguousarray(res)
        return wrap(res) if is_tensor else res

    return a, restore


class Transform(ABC):
    """A random transform of image batches. Subclasses write ``apply(images, g)`` on a float
    (N, C, H, W) array with a NumPy generator ``g``; ``__call__`` handles layouts and kinds."""

    def __init__(
        self, image_shape: Sequence[int] | None = None, generator: Generator | None = None
    ) -> None:
        if image_shape is not None and len(image_shape) not in (2, 3):
            raise ValueError(f"image_shape must be (H, W) or (C, H, W), got {image_shape}")
        self.image_shape = tuple(image_shape) if image_shape is not None else None
        self.generator = generator

    @abstractmethod
    def apply(self, images: np.ndarray, g: np.random.Generator) -> np.ndarray:
        """The transformed batch of images (N, H, W) or (N, C, H, W), drawing from ``g``."""

    def __call__(self, x: Any) -> Any:
        images, restore = _as_images(x, self.image_shape)
        return restore(self.apply(images, rng(self.generator)))

    def __repr__(self) -> str:
        skip = ("image_shape", "generator", "transforms")
        args = ", ".join(f"{k}={v!r}" for k, v in vars(self).items() if k not in skip)
        return f"{type(self).__name__}({args})"


class Compose(Transform):
    """Apply ``transforms`` in order (each drawing from its own generator). ``image_shape``
    defaults to the first one a member was given."""

    def __init__(
        self, transforms: Sequence[Transform], image_shape: Sequence[int] | None = None
    ) -> None:
        self.transforms = list(transforms)
        for t in self.transforms:
            if not isinstance(t, Transform):
                raise TypeError(
                    f"Compose takes neuralgrad.augment transforms, got {type(t).__name__}"
                )
        if image_shape is None:
            image_shape = next((t.image_shape for t in self.transforms if t.image_shape), None)
        super().__init__(image_shape)

    def apply(self, images: np.ndarray, g: np.random.Generator) -> np.ndarray:
        for t in self.transforms:
            images = t.apply(images, rng(t.generator))
        return images

    def __repr__(self) -> str:
        inner = "".join(f"\n    {t!r}," for t in self.transforms)
        return f"Compose([{inner}\n])"
