"""Tabular data from the user's own CSV files (read through ``table``, i.e. pandas): feature and
target columns picked by name, text features one-hot encoded on request, the task inferred
from the target, and errors that name the column and row before any training starts. The
command line reads its files through these same functions."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import InputError, quoted
from ..preprocessing.encoding import LabelEncoder
from ..preprocessing.features import FeatureEncoder
from ..preprocessing.split import train_val_test_split
from .table import Table, read_table

__all__ = ["load_csv", "TabularData", "infer_task", "read_target", "TASKS", "MAX_INFERRED_CLASSES"]

TASKS = ("classification", "regression")
#: An integer target with more distinct values than this is taken for a regression target.
MAX_INFERRED_CLASSES = 20


@dataclass
class TabularData:
    """What ``load_csv`` returns; unpacks as ``X, y = load_csv(...)``.

    ``task`` is 'classification' (``y``: int64 class ids; ``labels`` maps them to the class
    names, ``classes`` lists them) or 'regression' (``y``: float32 of shape (n, 1)).
    ``features`` is the fitted ``FeatureEncoder`` (apply it to another file's table).
    """

    X: np.ndarray
    y: np.ndarray
    feature_names: list[str]
    target: str
    task: str
    features: FeatureEncoder
    labels: LabelEncoder | None

    @property
    def classes(self) -> list[Any] | None:
        return None if self.labels is None else self.labels.classes

    def __iter__(self) -> Any:
        return iter((self.X, self.y))

    def split(
        self,
        val: float = 0.1,
        test: float = 0.2,
        stratify: bool | None = None,
        seed: int | None = 0,
    ) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """``train_val_test_split`` of ``(X, y)``; stratified for classification by default."""
        strat = self.task == "classification" if stratify is None else stratify
        return train_val_test_split(self.X, self.y, val=val, test=test, stratify=strat, seed=seed)


def infer_task(kind: str, distinct: int) -> str:
    """The task a target column implies: text, or integers with at most
    ``MAX_INFERRED_CLASSES`` distinct values, are classes; floats (``151.0`` included) and
    integers with more distinct values are a regression target."""
    if kind == "text" or (kind == "integer" and distinct <= MAX_INFERRED_CLASSES):
        return "classification"
    return "regression"


def _check_task(task: str) -> None:
    if task not in ("auto", *TASKS):
        raise InputError(f"task must be 'auto', 'classification' or 'regression', not {task!r}")


def read_target(
    table: Table, column: str, task: str = "auto", labels: LabelEncoder | None = None
) -> tuple[np.ndarray, str, LabelEncoder | None]:
    """The ``column`` of ``table`` as a target: ``(y, task, labels)``. Classification: int64
    ids through ``labels`` (fitted here when None; unknown labels raise); regression: float32
    of shape (n, 1). 'auto' infers the task (``infer_task``)."""
    _check_task(task)
    table.require([column], "target column")
    kind = table.kind(column)
    cells = table.text(column, "label")
    if task == "auto":
        task = infer_task(kind, len(set(cells)))
    if task == "regression":
        return table.numbers(column, "regression targets").astype(np.float32)[:, None], task, None
    values: np.ndarray = cells
    if kind == "integer":
        values = _integer_labels(table, column, cells)
    elif kind != "text":
        values = table.numbers(column, "labels")
    if labels is None:
        labels = LabelEncoder().fit(values)
        if len(labels) < 2:
            raise InputError(
                f"{table.path}: the target {column!r} has a single class {labels.classes}; "
                "classification needs at least two (or pass --task regression)"
            )
    return labels.transform(values, f"{table.path}, column {column!r}"), task, labels


def _integer_labels(table: Table, column: str, cells: np.ndarray) -> np.ndarray:
    """Whole-number labels read exactly (through float64, 2**53 + 1 would become 2**53 and
    two classes one); a label outside the int64 range raises naming its row."""
    values = [int(c) for c in cells]
    lo, hi = np.iinfo(np.int64).min, np.iinfo(np.int64).max
    for row, v in enumerate(values):
        if not lo <= v <= hi:
            raise InputError(
                f"{table.where(column, row)} is {quoted(cells[row])}, a label outside the 64-bit "
                "integer range; write such labels as text (e.g. with a letter in front)"
            )
    return np.array(values, dtype=np.int64)


def feature_columns(table: Table, target: str, features: list[str] | None) -> list[str]:
    """The feature columns: ``features`` in that order, or every column but the target."""
    table.require([target, *(features or [])])
    columns = [c for c in table.header if c != target] if features is None else list(features)
    if target in columns:
        raise InputError(f"{table.path}: the target {target!r} is also listed as a feature")
    if not columns:
        raise InputError(f"{table.path}: no feature columns besides the target {target!r}")
    return columns


def load_csv(
    path: str | os.PathLike,
    target: str,
    features: list[str] | None = None,
    *,
    task: str = "auto",
    sep: str | None = None,
    onehot: bool = False,
    encoding: str = "utf-8",
) -> TabularData:
    """Read ``path`` (a header row, then one sample per row) into float32 features ``X`` and the
    ``target`` column ``y``.

    ``features``: the feature columns by name, in this order (default: every other column).
    ``task``: 'classification', 'regression' or 'auto' (see ``infer_task``). ``sep``: the
    separator (default: sniffed among ``,`` ``;`` and tab). ``onehot``: one-hot encode text
    feature columns (otherwise they are an error). Missing columns, empty or non-numeric cells
    and malformed files raise ``InputError`` (a ``ValueError``) naming the column and row.
    """
    _check_task(task)
    table = read_table(path, sep=sep, encoding=encoding)
    columns = feature_columns(table, target, features)
    encoder = FeatureEncoder.fit(table, columns, onehot)
    y, task, labels = read_target(table, target, task)
    X = encoder.transform(table)
    return TabularData(X, y, encoder.feature_names, target, task, encoder, labels)
