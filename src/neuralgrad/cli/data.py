"""Where the CLI's data comes from: a built-in data set by name or the user's CSV file, as raw
features and targets plus what describes them (feature encoder, task, class names), split into
training, validation and test parts the same way on every run (so ``resume`` and
``evaluate`` see the same held-out split)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .. import datasets
from ..preprocessing import train_val_test_split
from .errors import CLIError
from .features import FeatureEncoder
from .pipeline import TASKS, Preprocessing
from .table import read_table

__all__ = ["BUILTIN", "Data", "load_training_data", "load_labelled"]

#: Built-in data sets: name -> (loader returning (X, y), task).
BUILTIN: dict[str, tuple[Callable[[], tuple[np.ndarray, np.ndarray]], str]] = {
    "digits": (datasets.load_digits, "classification"),
    "xor": (datasets.make_xor, "classification"),
    "moons": (datasets.make_moons, "classification"),
    "circles": (datasets.make_circles, "classification"),
    "spirals": (datasets.make_spirals, "classification"),
    "blobs": (datasets.make_blobs, "classification"),
    "regression": (datasets.make_regression, "regression"),
}
SPLIT_SEED = 0  # fixed: the held-out test split is the same on every run


@dataclass
class Data:
    """Raw features and targets with what the preprocessing needs to know about them."""

    X: np.ndarray
    y: np.ndarray
    task: str
    target: str
    encoder: FeatureEncoder
    classes: list[Any] | None

    def splits(self, val: float, test: float) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """``{'train', 'val', 'test'}`` pairs; stratified for classification."""
        return train_val_test_split(
            self.X,
            self.y,
            val=val,
            test=test,
            stratify=self.task == "classification",
            seed=SPLIT_SEED,
        )

    def preprocessing(self) -> Preprocessing:
        return Preprocessing(self.task, self.target, self.encoder, self.classes)


def is_builtin(source: str) -> bool:
    return source in BUILTIN and not os.path.exists(source)


def _builtin(name: str, task: str) -> Data:
    load, kind = BUILTIN[name]
    if task not in ("auto", kind):
        raise CLIError(f"the built-in data set {name!r} is a {kind} task, not {task}")
    X, y = load()
    prefix = "pixel" if name == "digits" else "x"
    encoder = FeatureEncoder([f"{prefix}{i}" for i in range(X.shape[1])])
    classes = np.unique(y).tolist() if kind == "classification" else None
    return Data(X.astype(np.float32), y, kind, "target", encoder, classes)


def _csv(
    path: str, target: str | None, features: list[str] | None, task: str, onehot: bool
) -> Data:
    table = read_table(path)
    if target is None:
        raise CLIError(
            f"{path}: name the target column with --target (the columns are {table.header})"
        )
    table.require([target, *(features or [])])
    columns = features if features is not None else [c for c in table.header if c != target]
    if target in columns:
        raise CLIError(f"{path}: the target {target!r} is also listed as a feature")
    if not columns:
        raise CLIError(f"{path}: no feature columns besides the target {target!r}")
    encoder = FeatureEncoder.fit(table, columns, onehot)
    y, classes = table.target(target, task)
    kind = "regression" if classes is None else "classification"
    if kind == "classification" and len(classes) < 2:
        raise CLIError(
            f"{path}: the target {target!r} has a single class {classes}; "
            "classification needs at least two (or pass --task regression)"
        )
    return Data(encoder.transform(table), y, kind, target, encoder, classes)


def load_training_data(
    source: str,
    target: str | None = None,
    features: list[str] | None = None,
    task: str = "auto",
    onehot: bool = False,
) -> Data:
    """A built-in data set by name, or the CSV file ``source`` with its ``target`` column;
    ``task`` is 'auto' (inferred from the target) or one of ``TASKS``."""
    if task != "auto" and task not in TASKS:
        raise CLIError(f"task must be 'auto', 'classification' or 'regression', not {task!r}")
    if is_builtin(source):
        return _builtin(source, task)
    if not os.path.exists(source):
        raise CLIError(f"{source}: no such file, nor a built-in data set ({', '.join(BUILTIN)})")
    return _csv(source, target, features, task, onehot)


def _short(names: list[str]) -> str:
    return str(names) if len(names) <= 6 else f"[{names[0]}, ... {names[-1]}] ({len(names)})"


def _class_ids(names: list[Any], known: list[Any], where: str) -> np.ndarray:
    index = {str(c): i for i, c in enumerate(known)}
    unknown = sorted({str(n) for n in names} - set(index))
    if unknown:
        raise CLIError(
            f"{where}: label(s) {unknown} are not among the classes the model was "
            f"trained on ({known})"
        )
    return np.array([index[str(n)] for n in names], dtype=np.int64)


def load_labelled(
    source: str, prep: Preprocessing, target: str | None, split: tuple[float, float]
) -> tuple[np.ndarray, np.ndarray, str]:
    """Raw ``(X, y)`` to score a model on, and a description: a built-in data set's held-out
    test split (``split`` = the run's (val, test) fractions), or every row of a CSV file whose
    ``target`` column (default: the training target) holds labels the model knows."""
    if is_builtin(source):
        data = _builtin(source, prep.task)
        if data.encoder.feature_names != prep.encoder.feature_names:
            raise CLIError(
                f"the built-in data set {source!r} has the features "
                f"{_short(data.encoder.feature_names)}, not the model's "
                f"{_short(prep.encoder.feature_names)}"
            )
        X, y = data.splits(*split)["test"]
        if prep.task == "classification":
            y = _class_ids([data.classes[i] for i in y], prep.classes, source)
        return X, y, f"held-out test samples of {source!r}"
    table = read_table(source)
    target = target or prep.target
    table.require([target], "target column")
    X = prep.encoder.transform(table)
    y, names = table.target(target, prep.task)
    if prep.task == "classification":
        y = _class_ids([names[i] for i in y], prep.classes, source)
    return X, y, f"samples of {source}"
