"""Tabular data from the user's own CSV files: feature and target columns picked by name, with
errors that say which column and row is wrong before any training starts. Standard library
``csv`` and NumPy only (no pandas)."""

from __future__ import annotations

import csv as _csv
import os
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..preprocessing.split import train_val_test_split

__all__ = ["load_csv", "TabularData", "read_rows", "parse_numbers", "parse_target"]


@dataclass
class TabularData:
    """What ``load_csv`` returns; unpacks as ``X, y = load_csv(...)``.

    ``classes`` lists the class names (class id ``i`` is ``classes[i]``) for a classification
    target and is None for regression.
    """

    X: np.ndarray
    y: np.ndarray
    feature_names: list[str]
    target: str
    classes: list[Any] | None

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
        strat = self.classes is not None if stratify is None else stratify
        return train_val_test_split(self.X, self.y, val=val, test=test, stratify=strat, seed=seed)


def read_rows(
    path: str | os.PathLike, delimiter: str, encoding: str
) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and ``(line number, cells)`` for every non-blank row, checking row widths."""
    with open(path, newline="", encoding=encoding) as f:
        reader = _csv.reader(f, delimiter=delimiter)
        header = next(reader, None)
        while header is not None and not any(c.strip() for c in header):
            header = next(reader, None)
        if header is None:
            raise ValueError(
                f"{os.fspath(path)} is empty: expected a header row naming the "
                "columns, then one row per sample"
            )
        header = [c.strip() for c in header]
        rows = []
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                raise ValueError(
                    f"{os.fspath(path)}, line {reader.line_num}: {len(cells)} "
                    f"values, but the header names {len(header)} columns"
                )
            rows.append((reader.line_num, cells))
    if not rows:
        raise ValueError(f"{os.fspath(path)} has a header but no data rows")
    dupes = sorted({c for c in header if header.count(c) > 1})
    if dupes:
        raise ValueError(f"{os.fspath(path)}: duplicate column names {dupes}")
    return header, rows


def parse_numbers(values: list[str], column: str, lines: list[int], path: str) -> np.ndarray:
    """A column as float64, or an error naming the column, row and value that is not a finite
    number."""
    try:
        out = np.array([v.strip() for v in values], dtype=np.float64)
        if np.isfinite(out).all():
            return out
    except ValueError:
        pass
    for i, v in enumerate(values):
        try:
            ok = bool(np.isfinite(float(v)))
        except ValueError:
            ok = False
        if not ok:
            what = (
                "is empty (a missing value)"
                if not v.strip()
                else f"is {v.strip()!r}, not a finite number"
            )
            raise ValueError(
                f"{path}: column {column!r}, row {i + 1} (line {lines[i]}) {what}; "
                "features must be numeric: encode categories and fill missing values "
                "first"
            )
    return np.array([float(v) for v in values])  # forms only Python parses, e.g. "1_000"


def parse_target(
    values: list[str], column: str, lines: list[int], path: str, task: str
) -> tuple[np.ndarray, list[Any] | None]:
    """The target as float32 of shape (n, 1) (regression) or int64 class ids with the class
    names (sorted: numerically for numbers)."""
    cells = [v.strip() for v in values]
    for i, v in enumerate(cells):
        if not v:
            raise ValueError(
                f"{path}: target column {column!r}, row {i + 1} (line {lines[i]}) "
                "is empty (a missing label)"
            )
    try:
        nums = np.array(cells, dtype=np.float64)
    except ValueError:
        nums = None
    if task == "regression" or (nums is not None and not np.isfinite(nums).all()):
        return parse_numbers(values, column, lines, path).astype(np.float32)[:, None], None
    if nums is None:
        names: np.ndarray = np.array(cells)
    elif (nums == np.round(nums)).all():
        names = nums.astype(np.int64)
    elif task == "auto":  # fractional numbers: a regression target
        return nums.astype(np.float32)[:, None], None
    else:
        names = nums
    classes, ids = np.unique(names, return_inverse=True)
    return ids.astype(np.int64).reshape(-1), classes.tolist()


def load_csv(
    path: str | os.PathLike,
    target: str,
    features: list[str] | None = None,
    *,
    task: str = "auto",
    delimiter: str = ",",
    encoding: str = "utf-8",
) -> TabularData:
    """Read ``path`` (a header row, then one sample per row) into float32 features ``X`` and the
    ``target`` column ``y``.

    ``features``: the feature columns by name, in this order (default: every other column).
    ``task``: 'classification' (y int64 class ids, names in ``.classes``, sorted), 'regression'
    (y float32 of shape (n, 1)) or 'auto' (text or whole-number targets are classes,
    fractional ones regression).
    Missing columns, non-numeric or missing feature values and empty files raise ``ValueError``
    naming the column and row.
    """
    if task not in ("auto", "classification", "regression"):
        raise ValueError(f"task must be 'auto', 'classification' or 'regression', got {task!r}")
    name = os.fspath(path)
    header, rows = read_rows(path, delimiter, encoding)
    features = [c for c in header if c != target] if features is None else list(features)
    missing = [c for c in [target, *features] if c not in header]
    if missing:
        raise ValueError(f"{name}: column(s) {missing} not found; the columns are {header}")
    if target in features:
        raise ValueError(f"{name}: the target {target!r} is also listed as a feature")
    lines = [line for line, _ in rows]
    columns = {c: [cells[j] for _, cells in rows] for j, c in enumerate(header)}
    X = (
        np.stack([parse_numbers(columns[c], c, lines, name) for c in features], axis=1)
        if features
        else np.zeros((len(rows), 0))
    )
    y, classes = parse_target(columns[target], target, lines, name, task)
    return TabularData(X.astype(np.float32), y, features, target, classes)
