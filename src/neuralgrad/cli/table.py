"""A CSV file read as named text columns, with the checks and error messages of
``datasets.load_csv`` (which the CLI shares: one reader, one set of messages). Columns become
numbers (features, targets) only when a command knows which it needs."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..datasets.csv import parse_numbers, parse_target, read_rows
from .errors import CLIError, bad_input

__all__ = ["Table", "read_table"]


@dataclass
class Table:
    """The header, each column's cells (text) and each row's line number in ``path``."""

    path: str
    header: list[str]
    columns: dict[str, list[str]]
    lines: list[int]

    def __len__(self) -> int:
        return len(self.lines)

    def require(self, names: list[str], what: str = "column") -> None:
        """Raise naming the columns of ``names`` the file lacks, and the ones it has."""
        missing = [c for c in names if c not in self.columns]
        if missing:
            raise CLIError(
                f"{self.path}: {what}(s) {missing} not found; the columns are {self.header}"
            )

    def is_numeric(self, name: str) -> bool:
        """Whether every non-empty cell of the column parses as a number."""
        try:
            np.array([v.strip() for v in self.columns[name] if v.strip()], dtype=np.float64)
        except ValueError:
            return False
        return True

    def numbers(self, name: str) -> np.ndarray:
        """The column as float64; a missing or non-numeric cell raises naming its row."""
        with bad_input():
            return parse_numbers(self.columns[name], name, self.lines, self.path)

    def target(self, name: str, task: str) -> tuple[np.ndarray, list[Any] | None]:
        """The column as a target: class ids and sorted class names, or (n, 1) floats."""
        with bad_input():
            return parse_target(self.columns[name], name, self.lines, self.path, task)


def read_table(path: str | os.PathLike) -> Table:
    """Read ``path`` (a header row, then one sample per row); a missing, empty or ragged file
    raises ``CLIError``."""
    name = os.fspath(path)
    if not os.path.isfile(name):
        raise CLIError(
            f"{name}: no such file" if not os.path.exists(name) else f"{name} is not a file"
        )
    with bad_input():
        header, rows = read_rows(name, ",", "utf-8")
    columns = {c: [cells[j] for _, cells in rows] for j, c in enumerate(header)}
    return Table(name, header, columns, [line for line, _ in rows])
