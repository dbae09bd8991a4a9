"""Turning what ``fit`` is given into loaders, with the checks that must fail before training
starts: X and y of different lengths, NaN or infinite values, a validation split that leaves a
part empty. ``validation_split`` is shuffled, and stratified for class labels."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..preprocessing.split import split_indices
from ..random import Generator
from ..utils.data import DataLoader, Dataset, Subset, TensorDataset

__all__ = ["as_dataset", "check_finite", "make_loader", "split_validation"]


def _length(x: Any, name: str) -> int:
    shape = getattr(x, "shape", None)
    if shape is None:
        x = np.asarray(x)
        shape = x.shape
    if len(shape) == 0:
        raise ValueError(f"{name} is a scalar; it needs one row per sample")
    return int(shape[0])


def as_dataset(data: Any, what: str) -> Dataset:
    """A ``Dataset`` from a Dataset or an ``(X, y)`` pair of arrays or tensors."""
    if isinstance(data, Dataset):
        return data
    if isinstance(data, (tuple, list)) and len(data) == 2:
        X, y = data
        nx, ny = _length(X, f"{what}: X"), _length(y, f"{what}: y")
        if nx != ny:
            raise ValueError(
                f"{what}: X has {nx} samples but y has {ny}; X and y need one row per sample each"
            )
        return TensorDataset(X, y)
    raise TypeError(
        f"{what} must be an (X, y) pair, a Dataset or a DataLoader, not {type(data).__name__}"
    )


def _tensor_dataset(dataset: Any) -> TensorDataset | None:
    """The ``TensorDataset`` under ``dataset`` (through Subsets), if there is one."""
    while isinstance(dataset, Subset):
        dataset = dataset.dataset
    return dataset if isinstance(dataset, TensorDataset) else None


def check_finite(dataset: Any, what: str) -> None:
    """Raise ``ValueError`` naming the count and first sample of NaN or infinite values in
    the arrays of a tensor dataset (other datasets are read lazily and not scanned)."""
    base = _tensor_dataset(dataset)
    if base is None:
        return
    names = (
        ("X", "y")
        if len(base.tensors) == 2
        else tuple(f"input {i}" for i in range(len(base.tensors)))
    )
    for name, t in zip(names, base.tensors):
        a = t._data
        if a.dtype.kind != "f" or np.isfinite(a.sum()):
            continue
        bad = ~np.isfinite(a.reshape(len(a), -1)).all(axis=1)
        if bad.any():
            raise ValueError(
                f"{what}: {name} has NaN or infinite values in {int(bad.sum())} "
                f"sample(s), the first at row {int(np.argmax(bad))}; clean or "
                "impute them before training"
            )


def class_labels(dataset: Any) -> np.ndarray | None:
    """The integer class labels of a tensor dataset (its last tensor, when 1-D integer), in
    the dataset's order; None otherwise (regression targets, generic datasets)."""
    base = _tensor_dataset(dataset)
    if base is None or len(base.tensors) < 2:
        return None
    y = base.tensors[-1]._data
    if y.ndim != 1 or y.dtype.kind not in "iu":
        return None
    idx = np.arange(len(y))
    while isinstance(dataset, Subset):  # the labels as this (possibly nested) subset orders them
        idx, dataset = idx[np.asarray(dataset.indices, dtype=np.int64)], dataset.dataset
    return np.asarray(y)[idx] if isinstance(dataset, TensorDataset) else None


def split_validation(dataset: Any, fraction: float, seed: int) -> tuple[Subset, Subset]:
    """Shuffle ``dataset`` and hold out ``fraction`` of it for validation, stratified by the
    class labels when it has them (``preprocessing.split_indices``)."""
    if not 0.0 < fraction < 1.0:
        raise ValueError(f"validation_split must lie in (0, 1), got {fraction}")
    labels = class_labels(dataset)
    g = Generator().manual_seed(seed)
    target = labels if labels is not None else len(dataset)
    train_idx, val_idx = split_indices(
        target, (1.0 - fraction, fraction), stratify=labels is not None, generator=g
    )
    if len(train_idx) == 0 or len(val_idx) == 0:
        raise ValueError(
            f"validation_split={fraction} of {len(dataset)} samples leaves "
            f"{'no validation' if len(val_idx) == 0 else 'no training'} samples"
        )
    return Subset(dataset, train_idx), Subset(dataset, val_idx)


def make_loader(
    data: Any,
    what: str,
    batch_size: int,
    shuffle: bool,
    generator: Generator | None = None,
    transform: Callable[[Any], Any] | None = None,
) -> DataLoader:
    """A checked ``DataLoader`` over ``data`` (a DataLoader is checked and used as is)."""
    if isinstance(data, DataLoader):
        check_finite(data.dataset, what)
        if transform is not None:
            raise ValueError(f"{what} is a DataLoader: give the transform to the DataLoader itself")
        return data
    dataset = as_dataset(data, what)
    check_finite(dataset, what)
    return DataLoader(
        dataset, batch_size=batch_size, shuffle=shuffle, generator=generator, transform=transform
    )
