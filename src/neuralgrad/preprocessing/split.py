"""Shuffled, optionally stratified splits into parts of given fractions (train/validation/test).

Stratified: every class is spread over the parts in the proportions asked for, to within one
sample, so a rare class can't vanish from the validation or test split. Each part is shuffled.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Sequence
from typing import Any

import numpy as np

from .._tensor import Tensor
from ..random import Generator, rng
from ..utils.seeding import rng_from_seed
from .encoding import as_class_labels

__all__ = ["split_indices", "train_val_test_split"]


def _round_to_total(ideal: np.ndarray, total: int) -> np.ndarray:
    """Whole numbers summing to ``total``, each the floor or ceiling of ``ideal`` (largest
    remainders first; ties to the earlier entry)."""
    counts = np.floor(ideal + 1e-9).astype(np.int64)
    order = np.argsort(-(ideal - counts), kind="stable")
    counts[order[: total - counts.sum()]] += 1
    return counts


def _allocate(class_counts: np.ndarray, part_sizes: np.ndarray) -> np.ndarray:
    """A (classes, parts) table of counts with the given row and column sums, each entry the
    floor or ceiling of its proportional share (such a rounding always exists: the shares'
    row and column sums are whole numbers). Largest remainders are served first; alternating
    paths settle the rest."""
    ideal = np.outer(class_counts, part_sizes) / max(class_counts.sum(), 1)
    base = np.floor(ideal + 1e-9).astype(np.int64)
    allowed = ideal - base > 1e-9
    extra = np.zeros(base.shape, dtype=bool)
    row_need = class_counts - base.sum(axis=1)
    col_need = part_sizes - base.sum(axis=0)
    for flat in np.argsort(-(ideal - base), axis=None, kind="stable"):
        k, i = divmod(int(flat), len(part_sizes))
        if allowed[k, i] and row_need[k] > 0 and col_need[i] > 0:
            extra[k, i] = True
            row_need[k] -= 1
            col_need[i] -= 1
    while row_need.any():
        _augment(extra, allowed, row_need, col_need)
    return base + extra


def _augment(
    extra: np.ndarray, allowed: np.ndarray, row_need: np.ndarray, col_need: np.ndarray
) -> None:
    """Give one more sample to a class that still needs a part, along an alternating path
    (class → part it may grow in → class that may give that part up → ...) ending at a part
    that still has room."""
    rows, cols = extra.shape
    came_from_col: dict[int, int | None] = {k: None for k in range(rows) if row_need[k] > 0}
    came_from_row: dict[int, int] = {}
    queue = deque(came_from_col)
    while queue:
        k = queue.popleft()
        for i in range(cols):
            if not allowed[k, i] or extra[k, i] or i in came_from_row:
                continue
            came_from_row[i] = k
            if col_need[i] > 0:
                col_need[i] -= 1
                while True:  # flip the path back to its starting class
                    k = came_from_row[i]
                    extra[k, i] = True
                    prev = came_from_col[k]
                    if prev is None:
                        row_need[k] -= 1
                        return
                    extra[k, prev] = False
                    i = prev
            for k2 in np.flatnonzero(extra[:, i]).tolist():
                if k2 not in came_from_col:
                    came_from_col[k2] = i
                    queue.append(k2)
    raise AssertionError("no stratified allocation exists")  # impossible, see _allocate


def _part_sizes(n: int, fractions: Sequence[float]) -> np.ndarray:
    f = np.asarray(fractions, dtype=np.float64)
    if f.ndim != 1 or f.size == 0 or (f < 0).any() or not math.isclose(f.sum(), 1.0):
        raise ValueError(f"fractions must be non-negative and sum to 1, got {list(fractions)}")
    return _round_to_total(f * n, n)


def split_indices(
    y_or_n: Any,
    fractions: Sequence[float],
    *,
    stratify: bool = True,
    generator: Generator | None = None,
) -> list[np.ndarray]:
    """Row indices of each part, shuffled; ``fractions`` lists every part and sums to 1.

    ``y_or_n``: the class labels (stratified when ``stratify``) or just the number of samples.
    Draws from ``generator`` or the global generator (so ``manual_seed`` reproduces it).
    """
    return _split(y_or_n, fractions, stratify, rng(generator))


def _split(
    y_or_n: Any, fractions: Sequence[float], stratify: bool, g: np.random.Generator
) -> list[np.ndarray]:
    if isinstance(y_or_n, (int, np.integer)) or not stratify:
        n = int(y_or_n) if isinstance(y_or_n, (int, np.integer)) else len(y_or_n)
        sizes = _part_sizes(n, fractions)
        return np.split(g.permutation(n), np.cumsum(sizes)[:-1])
    labels = as_class_labels(y_or_n, "stratified split: y")
    sizes = _part_sizes(labels.size, fractions)
    classes, inverse = np.unique(labels, return_inverse=True)
    table = _allocate(np.bincount(inverse, minlength=classes.size), sizes)
    parts: list[list[np.ndarray]] = [[] for _ in sizes]
    for k in range(classes.size):
        members = g.permutation(np.flatnonzero(inverse == k))
        for i, chunk in enumerate(np.split(members, np.cumsum(table[k])[:-1])):
            parts[i].append(chunk)
    return [g.permutation(np.concatenate([np.zeros(0, np.int64), *p])) for p in parts]


def train_val_test_split(
    X: Any, y: Any, val: float = 0.1, test: float = 0.2, stratify: bool = True, seed: int | None = 0
) -> dict[str, tuple]:
    """Split ``(X, y)`` into ``{'train', 'val', 'test'}`` pairs of NumPy arrays.

    ``val`` and ``test`` are fractions of all samples; train gets the rest. Stratified by the
    class labels ``y`` unless ``stratify=False`` (regression). ``seed=None`` draws from the
    global generator.
    """
    Xa = np.asarray(X.detach() if isinstance(X, Tensor) else X)
    ya = np.asarray(y.detach() if isinstance(y, Tensor) else y)
    if Xa.ndim == 0 or ya.ndim == 0 or len(Xa) != len(ya):
        raise ValueError(
            f"X and y must have the same number of samples, got X of shape "
            f"{Xa.shape} and y of shape {ya.shape}"
        )
    if not (0 <= val < 1 and 0 <= test < 1 and val + test < 1):
        raise ValueError(
            f"val and test are fractions with val + test < 1, got val={val}, test={test}"
        )
    parts = _split(ya, (1.0 - val - test, val, test), stratify, rng_from_seed(seed))
    return {name: (Xa[idx], ya[idx]) for name, idx in zip(("train", "val", "test"), parts)}
