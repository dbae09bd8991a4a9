"""Callbacks that draw during ``fit``: a numbered PNG frame before training and every ``every``
epochs, and at the end an animated GIF of the frames (Pillow, which matplotlib installs).

    fit(model, (X, y), ..., callbacks=[DecisionBoundary(X, y, every=5, out_dir="runs/b")])
"""

from __future__ import annotations

import os
from typing import Any

from ..train.callbacks.base import Callback
from .decision_boundary import plot_decision_boundary
from .weights import plot_weights

__all__ = ["DecisionBoundary", "WeightTiles", "write_gif"]


def write_gif(frames: list[str], path: str | os.PathLike, duration: float = 0.3) -> str:
    """An animated GIF of the PNG ``frames``, ``duration`` seconds each, looping forever."""
    try:
        from PIL import Image
    except ImportError as e:
        raise ImportError("writing a GIF needs Pillow: pip install pillow") from e
    images = []
    for frame in frames:
        with Image.open(frame) as im:
            images.append(im.convert("RGB"))
    images[0].save(
        os.fspath(path),
        save_all=True,
        append_images=images[1:],
        duration=int(1000 * duration),
        loop=0,
    )
    return os.fspath(path)


class _Frames(Callback):
    """Draw a frame before training and after every ``every``-th epoch into ``out_dir`` as
    ``{name}_0000.png``, ``{name}_0001.png``...; write ``{name}.gif`` when training ends.
    ``frames`` lists the PNGs written, ``gif`` the animation's path."""

    name = "frame"

    def __init__(
        self, every: int = 1, out_dir: str | os.PathLike = "runs/frames", duration: float = 0.3
    ) -> None:
        if isinstance(every, bool) or not isinstance(every, int) or every < 1:
            raise ValueError(f"every must be an integer >= 1, got {every!r}")
        self.every, self.out_dir, self.duration = every, os.fspath(out_dir), duration
        self.frames: list[str] = []
        self.gif: str | None = None

    def draw(self, title: str, path: str) -> Any:
        """Draw the current state into ``path`` (one subclass per picture)."""
        raise NotImplementedError  # abstract: each subclass defines it

    def _frame(self, title: str) -> None:
        os.makedirs(self.out_dir, exist_ok=True)
        path = os.path.join(self.out_dir, f"{self.name}_{len(self.frames):04d}.png")
        self.draw(title, path)
        self.frames.append(path)

    def on_train_begin(self, logs: dict | None = None) -> None:
        self.frames, self.gif = [], None
        self._frame("before training")

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        if (epoch + 1) % self.every == 0:
            loss = (logs or {}).get("loss")
            self._frame(f"epoch {epoch + 1}" + ("" if loss is None else f", loss {loss:.3f}"))

    def on_train_end(self, logs: dict | None = None) -> None:
        if self.frames:
            self.gif = write_gif(
                self.frames, os.path.join(self.out_dir, f"{self.name}.gif"), self.duration
            )


class DecisionBoundary(_Frames):
    """Frames of the model's decision boundary on the 2-D points ``X`` (labels ``y``) as it
    trains (``plot.plot_decision_boundary``); ``resolution`` grid points a side."""

    name = "boundary"

    def __init__(
        self,
        X: Any,
        y: Any = None,
        every: int = 1,
        out_dir: str | os.PathLike = "runs/boundary",
        resolution: int = 100,
        duration: float = 0.3,
    ) -> None:
        super().__init__(every, out_dir, duration)
        self.X, self.y, self.resolution = X, y, resolution

    def draw(self, title: str, path: str) -> Any:
        return plot_decision_boundary(
            self.model, self.X, self.y, resolution=self.resolution, title=title, path=path
        )


class WeightTiles(_Frames):
    """Frames of a layer's weights as image tiles as it trains (``plot.plot_weights``):
    ``layer`` is a Linear (default: the model's first layer with a 2-D weight)."""

    name = "weights"

    def __init__(
        self,
        layer: Any = None,
        every: int = 1,
        out_dir: str | os.PathLike = "runs/weights",
        image_shape: tuple[int, int] | None = None,
        max_tiles: int = 64,
        duration: float = 0.3,
    ) -> None:
        super().__init__(every, out_dir, duration)
        self.layer, self.image_shape, self.max_tiles = layer, image_shape, max_tiles

    def draw(self, title: str, path: str) -> Any:
        return plot_weights(
            self.layer if self.layer is not None else self.model,
            self.image_shape,
            max_tiles=self.max_tiles,
            title=title,
            path=path,
        )
