"""The learner's own data: a small CSV file sent from the page, read by the library's one CSV
reader (``datasets.load_csv``: pandas, separator sniffed, errors naming the column and row) and
held to the playground's bounds. The last column is the target; the one or two before it are
the inputs x1 (and x2)."""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass

import numpy as np

from ..datasets import load_csv
from ..datasets.table import read_table
from ..errors import InputError
from ..preprocessing import LabelEncoder
from .limits import MAX_CSV_BYTES, MAX_POINTS, MIN_POINTS

__all__ = ["UploadedTable", "read_upload", "MAX_CLASSES"]

#: Classes an uploaded table may have (each gets a colour of its own on the page).
MAX_CLASSES = 8


@dataclass
class UploadedTable:
    """An uploaded table: ``raw`` inputs (n, 1 or 2), targets ``y`` (class ids, or values of
    shape (n, 1)), the ``task``, the class ``labels``, and the column names."""

    name: str
    raw: np.ndarray
    y: np.ndarray
    task: str
    labels: LabelEncoder | None
    inputs: list[str]
    target: str


def _safe_name(name: str) -> str:
    base = os.path.basename(str(name or "")) or "data.csv"
    return re.sub(r"[^A-Za-z0-9._-]", "_", base)[:80]


def read_upload(name: str, text: str) -> UploadedTable:
    """Check and read an uploaded CSV file's ``text``; bad input raises ``InputError`` whose
    message names the file as the learner called it."""
    name = _safe_name(name)
    if not isinstance(text, str):
        raise InputError("csv: the file's text is missing", "csv")
    size = len(text.encode("utf-8"))
    if size > MAX_CSV_BYTES:
        raise InputError(
            f"csv: {name} is {size:,} bytes; the playground takes files up to "
            f"{MAX_CSV_BYTES:,} bytes",
            "csv",
        )
    if not text.strip():
        raise InputError(
            f"csv: {name} is empty: expected a header row, then one row per point "
            "(x1,x2,label or x,y)",
            "csv",
        )
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, name)
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        try:
            return _read(path, name)
        except InputError as e:  # name the file as the learner knows it, not the copy
            raise InputError("csv: " + str(e).replace(path, name), "csv") from None


def _read(path: str, name: str) -> UploadedTable:
    header = read_table(path).header
    if len(header) not in (2, 3):
        raise InputError(
            f"{name} has {len(header)} columns {header}; the playground takes two or three: "
            "x,y (a curve to fit) or x1,x2,label (points to classify)"
        )
    table = load_csv(path, header[-1], header[:-1])
    n = len(table.y)
    if not MIN_POINTS <= n <= MAX_POINTS:
        raise InputError(f"{name} has {n} rows; the playground takes {MIN_POINTS} to {MAX_POINTS}")
    if table.labels is not None and len(table.labels) > MAX_CLASSES:
        raise InputError(
            f"{name}: the target {header[-1]!r} has {len(table.labels)} classes; the playground "
            f"shows at most {MAX_CLASSES}"
        )
    return UploadedTable(name, table.X, table.y, table.task, table.labels, header[:-1], header[-1])
