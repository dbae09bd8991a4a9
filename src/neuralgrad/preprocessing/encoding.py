"""One-hot encoding of integer class labels, as NumPy arrays (targets for MSE or BCE losses)."""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["one_hot", "as_class_labels"]


def as_class_labels(y: Any, what: str = "labels") -> np.ndarray:
    """``y`` as a 1-D int64 array of class ids; floats must be whole numbers. Raises naming
    the first value that is not a class id."""
    a = np.asarray(y)
    if a.ndim == 2 and a.shape[1] == 1:
        a = a[:, 0]
    if a.ndim != 1:
        raise ValueError(f"{what} must be a 1-D array of class ids, got shape {a.shape}")
    if a.dtype.kind == "f":
        bad = ~np.isfinite(a) | (a != np.round(a))
        if bad.any():
            i = int(np.argmax(bad))
            raise ValueError(f"{what} must be whole class ids, but entry {i} is {a[i].item()!r}")
    elif a.dtype.kind not in "biu":
        raise TypeError(f"{what} must be integer class ids, got dtype {a.dtype}")
    return a.astype(np.int64)


def one_hot(y: Any, num_classes: int | None = None, dtype: Any = np.float32) -> np.ndarray:
    """Rows of ``num_classes`` zeros with a one at each label: shape ``(N, num_classes)``.

    ``num_classes=None`` uses ``max(y) + 1``. Labels outside ``[0, num_classes)`` raise.
    """
    labels = as_class_labels(y)
    if num_classes is None:
        num_classes = int(labels.max()) + 1 if labels.size else 0
    if labels.size:
        low, high = int(labels.min()), int(labels.max())
        if low < 0 or high >= num_classes:
            bad = low if low < 0 else high
            raise ValueError(
                f"one_hot: label {bad} is outside [0, {num_classes}) (num_classes={num_classes})"
            )
    out = np.zeros((labels.size, num_classes), dtype=dtype)
    out[np.arange(labels.size), labels] = 1
    return out
