"""The 8×8 handwritten digits (UCI optdigits, as scikit-learn ships it), stored in the package:
1,797 images, no download. Credit: E. Alpaydin & C. Kaynak, UCI ML Repository, CC BY 4.0
(see ``datasets/data/README.md``)."""

from __future__ import annotations

import numpy as np

from ..preprocessing.split import train_val_test_split
from .shipped import shipped_images

__all__ = ["load_digits", "digits_split", "DIGITS_SHAPE"]

DIGITS_SHAPE = (8, 8)


def load_digits() -> tuple[np.ndarray, np.ndarray]:
    """All 1,797 digits: ``X`` float32 of shape (1797, 64) with pixel values 0..16 (row-major
    8×8 images) and ``y`` int64 class ids 0..9. Fresh arrays on every call."""
    return shipped_images("digits.npz")


def digits_split(seed: int = 0) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """The digits split into ``{'train', 'val', 'test'}`` ``(X, y)`` pairs: a stratified,
    shuffled 70 % / 10 % / 20 %. With the default ``seed`` the held-out test split is fixed, so
    reported test accuracies are comparable."""
    X, y = load_digits()
    return train_val_test_split(X, y, val=0.1, test=0.2, stratify=True, seed=seed)
