"""Where the command line's data comes from: a built-in data set by name or the user's CSV file
(read by ``datasets.load_csv``, the same reader and encoders the library uses), split into
training, validation and test parts the same way on every run, so ``resume`` and ``evaluate``
see the same held-out rows."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .. import datasets
from ..datasets.csv import read_target
from ..datasets.table import read_table
from ..preprocessing import FeatureEncoder, LabelEncoder, train_val_test_split
from ..recipe import Preprocessing
from .errors import CLIError

__all__ = [
    "BUILTIN",
    "DATA_DEFAULTS",
    "Data",
    "builtin_data",
    "load_data",
    "load_labelled",
    "is_builtin",
]

#: Built-in data sets: name -> (loader returning (X, y), task, target name, feature prefix).
BUILTIN: dict[str, tuple[Callable[[], tuple[np.ndarray, np.ndarray]], str, str, str]] = {
    "digits": (datasets.load_digits, "classification", "digit", "pixel"),
    "xor": (datasets.make_xor, "classification", "label", "x"),
    "moons": (datasets.make_moons, "classification", "label", "x"),
    "circles": (datasets.make_circles, "classification", "label", "x"),
    "spirals": (datasets.make_spirals, "classification", "label", "x"),
    "blobs": (datasets.make_blobs, "classification", "label", "x"),
    "regression": (datasets.make_regression, "regression", "y", "x"),
}
#: The data settings of ``train`` and their defaults (a CSV's separator is sniffed).
DATA_DEFAULTS: dict[str, Any] = {
    "data": None,
    "target": None,
    "features": None,
    "task": "auto",
    "onehot": False,
    "sep": None,
    "test": 0.2,
}
SPLIT_SEED = 0  # fixed: the held-out test rows are the same on every run


def is_builtin(source: str) -> bool:
    """Whether ``source`` names a shipped dataset (a file of that name takes precedence)."""
    return source in BUILTIN and not os.path.exists(source)


@dataclass
class Data:
    """Raw features and targets (class ids, or values) with what describes them; ``how``
    says where the task came from (built-in, inferred, --task)."""

    X: np.ndarray
    y: np.ndarray
    task: str
    target: str
    features: FeatureEncoder
    labels: LabelEncoder | None
    how: str

    def splits(self, validation: float, test: float) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """``{'train', 'val', 'test'}`` pairs: ``test`` of all rows held out, ``validation``
        of the rest for validation; stratified for classification."""
        return train_val_test_split(
            self.X,
            self.y,
            val=validation * (1 - test),
            test=test,
            stratify=self.task == "classification",
            seed=SPLIT_SEED,
        )

    def describe(self, source: str) -> list[str]:
        """What training is about to use, printed before it starts."""
        how = self.how
        if self.labels is not None:
            what = f"classification, {len(self.labels)} classes {_short(self.labels.classes)}"
        else:
            what = "regression"
        names = self.features.feature_names
        return [
            f"data: {source}: {len(self.y)} rows; target {self.target!r}: {what} ({how})",
            f"features: {len(names)} columns: {_short(names)}",
        ]


def _short(items: list[Any], most: int = 6) -> str:
    if len(items) <= most:
        return ", ".join(map(str, items))
    return f"{', '.join(map(str, items[: most - 1]))}, ..., {items[-1]}"


def builtin_data(name: str, task: str = "auto") -> Data:
    """A built-in data set as ``Data`` (a ``task`` other than its own is an error)."""
    load, kind, target, prefix = BUILTIN[name]
    if task not in ("auto", kind):
        raise CLIError(f"the built-in data set {name!r} is a {kind} task, not {task}")
    X, y = load()
    features = FeatureEncoder.numeric(X.shape[1], prefix)
    X = X.astype(np.float32)
    if kind == "regression":
        return Data(X, y.reshape(len(y), -1), kind, target, features, None, "built-in")
    labels = LabelEncoder().fit(y)
    return Data(X, labels.transform(y), kind, target, features, labels, "built-in")


def load_data(spec: dict[str, Any]) -> Data:
    """The data a ``train`` spec names (``DATA_DEFAULTS``' keys): a built-in set by name, or a
    CSV file with its ``target`` column."""
    source, task = spec["data"], spec["task"]
    if source is None:
        raise CLIError(f"name the data: a CSV file or a built-in data set ({', '.join(BUILTIN)})")
    if is_builtin(source):
        return builtin_data(source, task)
    if not os.path.exists(source):
        raise CLIError(f"{source}: no such file, nor a built-in data set ({', '.join(BUILTIN)})")
    if spec["target"] is None:
        header = read_table(source, spec["sep"]).header
        raise CLIError(f"{source}: name the target column with --target (the columns are {header})")
    table = datasets.load_csv(
        source,
        spec["target"],
        spec["features"],
        task=task,
        sep=spec["sep"],
        onehot=spec["onehot"],
    )
    return Data(
        table.X,
        table.y,
        table.task,
        table.target,
        table.features,
        table.labels,
        "inferred; --task overrides" if task == "auto" else "--task",
    )


def _short_names(names: list[str]) -> str:
    return str(names) if len(names) <= 6 else f"[{names[0]}, ... {names[-1]}] ({len(names)})"


def load_labelled(
    source: str,
    prep: Preprocessing,
    split: tuple[float, float],
    target: str | None = None,
    sep: str | None = None,
) -> tuple[np.ndarray, np.ndarray, str]:
    """Raw ``(X, y)`` to score a model on and a description: a built-in data set's test split
    (``split``: the run's validation and test fractions), or every row of a CSV file whose
    ``target`` column (default: the training target) holds labels the model knows."""
    if is_builtin(source):
        data = builtin_data(source, prep.task)
        if data.features.feature_names != prep.features.feature_names:
            raise CLIError(
                f"the built-in data set {source!r} has the features "
                f"{_short_names(data.features.feature_names)}, not the model's "
                f"{_short_names(prep.features.feature_names)}"
            )
        X, y = data.splits(*split)["test"]
        if prep.labels is not None:
            y = prep.labels.transform(data.labels.inverse_transform(y), repr(source))
        return X, y, f"test samples of {source!r}"
    table = read_table(source, sep)
    table.require([target or prep.target], "target column")
    X = prep.features.transform(table)
    y, _, _ = read_target(table, target or prep.target, prep.task, prep.labels)
    return X, y, f"samples of {source}"
