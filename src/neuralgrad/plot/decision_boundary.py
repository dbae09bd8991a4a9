"""The decision boundary of a classifier on 2-D data: the plane shaded by the predicted class
probabilities (each class's colour, mixed by its probability, so uncertain regions look
blended), the 0.5 contour for two classes, and the data points on top."""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from ..metrics import as_numpy
from ._figure import new_figure, save

__all__ = ["plot_decision_boundary", "class_probabilities"]

PALETTE = np.array(
    [
        (0.12, 0.47, 0.71),
        (0.84, 0.15, 0.16),
        (0.17, 0.63, 0.17),
        (1.0, 0.5, 0.05),
        (0.58, 0.4, 0.74),
        (0.55, 0.34, 0.29),
        (0.89, 0.47, 0.76),
        (0.5, 0.5, 0.5),
        (0.74, 0.74, 0.13),
        (0.09, 0.75, 0.81),
    ]
)


def _module_outputs(model: Any, X: np.ndarray) -> np.ndarray:
    """A Module's outputs on ``X`` in evaluation mode without gradients (mode restored)."""
    from .. import no_grad, tensor

    params = list(model.parameters())
    dtype = params[0].dtype if params else None
    was_training = model.training
    model.eval()
    try:
        with no_grad():
            return as_numpy(model(tensor(X, dtype=dtype))).astype(np.float64)
    finally:
        model.train(was_training)


def _as_probabilities(out: np.ndarray) -> np.ndarray:
    """(N, C) probabilities from outputs: one column (a probability when it lies in [0, 1],
    else a logit) becomes [1 − p, p]; rows already summing to 1 stay; others get a softmax."""
    if out.ndim == 1 or out.shape[1] == 1:
        v = out.reshape(-1)
        p = v if v.min() >= 0 and v.max() <= 1 else 1 / (1 + np.exp(-v))
        return np.stack([1 - p, p], axis=1)
    if out.min() >= 0 and np.allclose(out.sum(1), 1, atol=1e-4):
        return out
    e = np.exp(out - out.max(1, keepdims=True))
    return e / e.sum(1, keepdims=True)


def class_probabilities(model: Any, X: Any, num_classes: int | None = None) -> np.ndarray:
    """(N, C) class probabilities of any classifier on ``X``: an object with ``predict_proba``,
    a neuralgrad Module (logits, probabilities or one score column), an object with
    ``predict`` (hard labels become one-hot rows of ``num_classes``) or a callable on arrays."""
    X = np.asarray(as_numpy(X), dtype=np.float64)
    if hasattr(model, "predict_proba"):
        return _as_probabilities(np.asarray(as_numpy(model.predict_proba(X)), np.float64))
    if hasattr(model, "parameters") and hasattr(model, "train"):
        return _as_probabilities(_module_outputs(model, X))
    if hasattr(model, "predict"):
        labels = np.asarray(as_numpy(model.predict(X))).astype(np.int64).reshape(-1)
        n = num_classes or int(labels.max(initial=0)) + 1
        return np.eye(max(n, 2))[labels]
    if callable(model):
        return _as_probabilities(np.asarray(as_numpy(model(X)), np.float64))
    raise TypeError(
        f"model must be a Module, a callable or have predict_proba/predict; got "
        f"{type(model).__name__}"
    )


def _grid(X: np.ndarray, resolution: int, padding: float) -> tuple[np.ndarray, ...]:
    """A ``resolution``² grid over the data's range widened by ``padding`` of it each side."""
    lo, hi = X.min(0), X.max(0)
    pad = padding * np.where(hi > lo, hi - lo, 1.0)
    xs = np.linspace(lo[0] - pad[0], hi[0] + pad[0], resolution)
    ys = np.linspace(lo[1] - pad[1], hi[1] + pad[1], resolution)
    gx, gy = np.meshgrid(xs, ys)
    return gx, gy, np.c_[gx.ravel(), gy.ravel()]


def plot_decision_boundary(
    model: Any,
    X: Any,
    y: Any = None,
    *,
    resolution: int = 200,
    padding: float = 0.1,
    title: str | None = None,
    ax: Any = None,
    path: str | os.PathLike | None = None,
) -> Any:
    """Shade the plane by ``model``'s class probabilities (see ``class_probabilities``) over
    the range of the 2-D points ``X``, draw the points coloured by ``y`` on top, and return
    the Figure (``ax``'s when drawing into an existing Axes); saved as a PNG to ``path``."""
    X = np.asarray(as_numpy(X), dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"decision boundaries are drawn for 2-D inputs; X has shape {X.shape}")
    labels = None if y is None else np.asarray(as_numpy(y)).astype(np.int64).reshape(-1)
    n_cls = None if labels is None else int(labels.max()) + 1
    gx, gy, grid = _grid(X, resolution, padding)
    P = class_probabilities(model, grid, n_cls)
    colors = PALETTE[np.arange(P.shape[1]) % len(PALETTE)]
    shade = 0.55 * (P @ colors) + 0.45  # each class's colour mixed by probability, lightened
    if ax is None:
        ax = new_figure(5, 4.5).subplots()
    extent = (gx.min(), gx.max(), gy.min(), gy.max())
    ax.imshow(
        shade.reshape(*gx.shape, 3),
        origin="lower",
        extent=extent,
        aspect="auto",
        interpolation="bilinear",
    )
    if P.shape[1] == 2 and P[:, 1].min() < 0.5 < P[:, 1].max():  # a boundary to draw
        ax.contour(gx, gy, P[:, 1].reshape(gx.shape), levels=[0.5], colors="k", linewidths=1)
    point_colors = "k" if labels is None else PALETTE[labels % len(PALETTE)]
    ax.scatter(X[:, 0], X[:, 1], c=point_colors, s=14, edgecolors="k", linewidths=0.4)
    ax.set_xlim(extent[:2])
    ax.set_ylim(extent[2:])
    if title:
        ax.set_title(title)
    return save(ax.figure, path)
