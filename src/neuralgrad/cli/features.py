"""``FeatureEncoder``: the input columns a model reads, in order, with the categories of the
text columns it one-hot encodes, so training, evaluation and prediction turn a CSV file into
the same feature matrix."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..preprocessing import one_hot
from .errors import CLIError
from .table import Table

__all__ = ["FeatureEncoder"]


class FeatureEncoder:
    """``columns``: the input column names in order; ``categories``: for each one-hot column,
    its categories (sorted; category ``i`` is output ``i`` of that column's block)."""

    def __init__(self, columns: list[str], categories: dict[str, list[str]] | None = None) -> None:
        self.columns = list(columns)
        self.categories = dict(categories or {})

    @classmethod
    def fit(cls, table: Table, columns: list[str], onehot: bool) -> FeatureEncoder:
        """Learn which of ``columns`` hold text (one-hot encoded when ``onehot``, else an
        error naming them) and their categories."""
        text = [c for c in columns if not table.is_numeric(c)]
        if text and not onehot:
            first = next((v for v in table.columns[text[0]] if v.strip() and not _number(v)), "?")
            raise CLIError(
                f"{table.path}: column(s) {text} are not numeric (e.g. "
                f"{text[0]!r} holds {first.strip()!r}); pass --onehot to one-hot "
                "encode them, or leave them out with --features"
            )
        cats = {c: sorted({v.strip() for v in table.columns[c] if v.strip()}) for c in text}
        return cls(columns, cats)

    @property
    def feature_names(self) -> list[str]:
        """The model's input names: a numeric column as is, a one-hot column as
        ``column=category`` for each category."""
        names: list[str] = []
        for c in self.columns:
            names += [f"{c}={v}" for v in self.categories[c]] if c in self.categories else [c]
        return names

    def transform(self, table: Table) -> np.ndarray:
        """The float32 feature matrix of ``table``; a missing column, a non-numeric or missing
        value, or a category not seen in training raises ``CLIError``."""
        table.require(self.columns, "feature column")
        blocks = [
            self._encode(table, c) if c in self.categories else table.numbers(c)[:, None]
            for c in self.columns
        ]
        if not blocks:
            return np.zeros((len(table), 0), np.float32)
        return np.concatenate(blocks, axis=1).astype(np.float32)

    def _encode(self, table: Table, column: str) -> np.ndarray:
        cats = self.categories[column]
        index = {v: i for i, v in enumerate(cats)}
        ids = []
        for row, cell in enumerate(table.columns[column]):
            if cell.strip() not in index:
                what = (
                    "is empty (a missing value)"
                    if not cell.strip()
                    else f"is {cell.strip()!r}, a category not seen in training ({cats})"
                )
                raise CLIError(
                    f"{table.path}: column {column!r}, row {row + 1} (line "
                    f"{table.lines[row]}) {what}"
                )
            ids.append(index[cell.strip()])
        return one_hot(np.array(ids, dtype=np.int64), len(cats))

    def state_dict(self) -> dict[str, Any]:
        return {
            "columns": list(self.columns),
            "categories": {c: list(v) for c, v in self.categories.items()},
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> FeatureEncoder:
        return cls(state["columns"], state["categories"])


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True
