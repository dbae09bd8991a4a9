"""``FeatureEncoder``: the input columns a model reads, in order, with the categories of the text
columns it one-hot encodes, so training, evaluation and prediction turn a table into the same
feature matrix. Works on ``datasets.table.Table`` (or anything with its column methods)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import InputError, quoted
from .encoding import one_hot

__all__ = ["FeatureEncoder"]


class FeatureEncoder:
    """``columns``: the input column names in order; ``categories``: for each one-hot column,
    its categories (sorted; category ``i`` is output ``i`` of that column's block)."""

    def __init__(self, columns: list[str], categories: dict[str, list[str]] | None = None) -> None:
        self.columns = list(columns)
        self.categories = {c: list(v) for c, v in (categories or {}).items()}

    @classmethod
    def fit(cls, table: Any, columns: list[str], onehot: bool = False) -> FeatureEncoder:
        """Learn which of ``columns`` hold text (one-hot encoded when ``onehot``, else an error
        naming the column, a row and its value) and their categories."""
        table.require(columns, "feature column")
        text = [c for c in columns if table.kind(c) == "text"]
        if text and not onehot:
            cells = table.cells(text[0])
            row = int(np.argmax([c != "" and not _is_number(c) for c in cells]))
            raise InputError(
                f"{table.where(text[0], row)} is {quoted(str(cells[row]))}: column(s) {text} "
                "hold text, not numbers; pass --onehot (onehot=True) to one-hot encode them, or "
                "leave them out of the features"
            )
        return cls(columns, {c: sorted(set(table.text(c, "category"))) for c in text})

    @classmethod
    def numeric(cls, n_features: int, prefix: str = "x") -> FeatureEncoder:
        """The encoder of an array's columns named ``x0, x1, ...`` (built-in data sets and
        arrays given to the estimators)."""
        return cls([f"{prefix}{i}" for i in range(n_features)])

    @property
    def feature_names(self) -> list[str]:
        """The model's input names: a numeric column as is, a one-hot column as
        ``column=category`` for each category."""
        names: list[str] = []
        for c in self.columns:
            names += [f"{c}={v}" for v in self.categories[c]] if c in self.categories else [c]
        return names

    def transform(self, table: Any) -> np.ndarray:
        """The float32 feature matrix of ``table``; a missing column, a non-numeric or missing
        value, or a category not seen in training raises ``InputError`` naming it."""
        table.require(self.columns, "feature column")
        blocks = [
            self._encode(table, c) if c in self.categories else table.numbers(c)[:, None]
            for c in self.columns
        ]
        if not blocks:
            return np.zeros((len(table), 0), np.float32)
        return np.concatenate(blocks, axis=1).astype(np.float32)

    def _encode(self, table: Any, column: str) -> np.ndarray:
        cats = self.categories[column]
        index = {v: i for i, v in enumerate(cats)}
        cells = table.text(column, "category")
        unseen = [row for row, cell in enumerate(cells) if cell not in index]
        if unseen:
            row = unseen[0]
            raise InputError(
                f"{table.where(column, row)} is {quoted(str(cells[row]))}, a category not seen in "
                f"training ({cats})"
            )
        return one_hot(np.array([index[c] for c in cells], dtype=np.int64), len(cats))

    def state_dict(self) -> dict[str, Any]:
        return {"columns": list(self.columns), "categories": dict(self.categories)}

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> FeatureEncoder:
        return cls(state["columns"], state["categories"])


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True
