"""A confusion matrix as a picture: rows the true class, columns the predicted one, each cell
shaded by its share of the row (the recall) and labelled with its count."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..metrics import confusion_matrix
from ._figure import new_figure, save

__all__ = ["plot_confusion_matrix"]


def plot_confusion_matrix(
    y_pred: Any,
    y_true: Any,
    *,
    classes: Sequence[str] | None = None,
    num_classes: int | None = None,
    title: str | None = None,
    path: str | os.PathLike | None = None,
) -> Any:
    """Draw ``metrics.confusion_matrix(y_pred, y_true)`` (``y_pred``: labels or scores) with
    the counts written in the cells; ``classes`` names the rows and columns. Returns the
    Figure."""
    n = len(classes) if classes is not None and num_classes is None else num_classes
    cm = confusion_matrix(y_pred, y_true, n)
    k = len(cm)
    names = [str(c) for c in classes] if classes is not None else [str(i) for i in range(k)]
    rows = cm.sum(1, keepdims=True)
    share = np.divide(cm, rows, out=np.zeros(cm.shape), where=rows > 0)
    side = min(2.5 + 0.45 * k, 12)
    ax = new_figure(side + 1.0, side).subplots()
    image = ax.imshow(share, cmap="Blues", vmin=0, vmax=1)
    ax.figure.colorbar(image, ax=ax, label="share of the true class")
    for i in range(k):
        for j in range(k):
            ax.text(
                j,
                i,
                str(cm[i, j]),
                ha="center",
                va="center",
                fontsize=8,
                color="white" if share[i, j] > 0.5 else "black",
            )
    ax.set_xticks(range(k), names, rotation=45 if max(map(len, names)) > 2 else 0)
    ax.set_yticks(range(k), names)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    accuracy = np.trace(cm) / max(cm.sum(), 1)
    ax.set_title(title or f"confusion matrix (accuracy {accuracy:.1%})")
    return save(ax.figure, path)
