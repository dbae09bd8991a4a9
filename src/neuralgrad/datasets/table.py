"""The user's CSV files read once, through pandas: the separator sniffed (``,`` ``;`` or tab;
``sep`` overrides), every cell kept as text until a command knows which columns are features
and which the target, and every problem (a missing column, an empty cell, text where a number
belongs, a ragged row) reported with its column, row and line. Needs pandas (an extra:
``pip install 'neuralgrad[cli]'``), imported here only when a file is read."""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._files import open_regular
from ..errors import InputError, quoted

__all__ = ["SEPARATORS", "Table", "read_table", "sniff_separator", "require_pandas"]

SEPARATORS = (",", ";", "\t")
_SEP_NAMES = {",": "','", ";": "';'", "\t": "tab"}


def sniff_separator(header: str) -> str:
    """The separator of a CSV file from its header line: the candidate that splits it into the
    most columns (outside quotes); ``,`` when none occurs."""
    try:
        counts = {s: len(next(csv.reader([header], delimiter=s))) for s in SEPARATORS}
    except csv.Error:  # a header field past the csv module's size limit: count plainly
        counts = {s: header.count(s) + 1 for s in SEPARATORS}
    best = max(SEPARATORS, key=lambda s: (counts[s], -SEPARATORS.index(s)))
    return best if counts[best] > 1 else ","


def require_pandas() -> Any:
    """pandas, or an ``InputError`` saying how to install it (an optional extra)."""
    try:
        import pandas as pd
    except ImportError:
        raise InputError(
            "reading CSV files needs pandas: pip install 'neuralgrad[cli]' (or pip install pandas)"
        ) from None
    return pd


@dataclass
class Table:
    """A CSV file's cells as stripped text (``frame``: a pandas DataFrame of str, missing cells
    as ''), the separator used and each data row's line number in the file (None when quoted
    line breaks make them uncertain)."""

    path: str
    frame: Any
    sep: str
    lines: list[int] | None

    @property
    def header(self) -> list[str]:
        return list(self.frame.columns)

    def __len__(self) -> int:
        return len(self.frame)

    def where(self, column: str, row: int) -> str:
        """``"column 'x', row 3 (line 5)"``: a cell's place, as every message names it."""
        line = f" (line {self.lines[row]})" if self.lines is not None else ""
        return f"{self.path}: column {column!r}, row {row + 1}{line}"

    def require(self, names: list[str], what: str = "column") -> None:
        """Raise naming the columns of ``names`` the file lacks and the ones it has (with a hint
        when the header looks split on the wrong separator)."""
        missing = [c for c in names if c not in self.frame.columns]
        if not missing:
            return
        hint = ""
        if len(self.header) == 1:
            other = [s for s in SEPARATORS if s != self.sep and s in self.header[0]]
            if other:
                hint = (
                    f" (the header looks {_SEP_NAMES[other[0]]}-separated: pass "
                    f"--sep {other[0]!r}, or sep={other[0]!r} to load_csv)"
                )
        raise InputError(
            f"{self.path}: {what}(s) {missing} not found; the columns are {self.header}{hint}"
        )

    def cells(self, column: str) -> np.ndarray:
        """The column's cells as an array of str."""
        return self.frame[column].to_numpy(dtype=str)

    def kind(self, column: str) -> str:
        """'integer', 'float' or 'text' (missing cells ignored; a column with no value is
        'text')."""
        cells = self.cells(column)
        cells = cells[cells != ""]
        values = np.asarray(require_pandas().to_numeric(cells, errors="coerce"), dtype=np.float64)
        spelled_nan = np.char.lower(cells.astype(str)) == "nan"  # a number, if not a finite one
        if not len(cells) or (np.isnan(values) & ~spelled_nan).any():
            return "text"
        return "integer" if all(_is_int(c) for c in cells) else "float"

    def numbers(self, column: str, what: str = "features") -> np.ndarray:
        """The column as float64; an empty cell or one that is not a finite number raises naming
        its column, row and line."""
        cells = self.cells(column)
        values = np.asarray(require_pandas().to_numeric(cells, errors="coerce"), dtype=np.float64)
        bad = ~np.isfinite(values)
        if bad.any():
            row = int(np.argmax(bad))
            cell = str(cells[row])
            problem = (
                "is empty (a missing value)"
                if cell == ""
                else f"is {quoted(cell)}, not a finite number"
            )
            raise InputError(
                f"{self.where(column, row)} {problem}; {what} must be numeric: fill missing "
                "values and encode text columns first"
            )
        return values

    def text(self, column: str, what: str = "value") -> np.ndarray:
        """The column's cells as str; an empty cell raises naming its row."""
        cells = self.cells(column)
        empty = cells == ""
        if empty.any():
            row = int(np.argmax(empty))
            raise InputError(f"{self.where(column, row)} is empty (a missing {what})")
        return cells


def _is_int(cell: str) -> bool:
    body = cell.lstrip("+-")
    return body.isascii() and body.isdigit()  # str.isdigit also takes '²', which int() refuses


def _read_text(path: str, encoding: str) -> str:
    fh, _ = open_regular(path, InputError, "a CSV file")
    try:
        with fh:
            data = fh.read()
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: not {encoding} text ({e.reason} at byte {e.start})") from None
    except LookupError:
        raise InputError(f"{path}: unknown text encoding {encoding!r}") from None
    except OSError as e:
        raise InputError(f"{path}: {e.strerror or e}") from None


def _line_numbers(text: str, rows: int) -> list[int] | None:
    """The line number of each data row: the non-blank lines after the header, in order (None
    when a quoted cell spans lines, so the count does not match)."""
    numbers = [i + 1 for i, line in enumerate(text.splitlines()) if line.strip()]
    return numbers[1:] if len(numbers) == rows + 1 else None


def read_table(path: str | os.PathLike, sep: str | None = None, encoding: str = "utf-8") -> Table:
    """Read ``path`` (a header row, then one sample per row; blank lines skipped); ``sep=None``
    sniffs the separator. An empty, header-only or ragged file, duplicate or empty column names
    and unreadable text raise ``InputError``."""
    name = os.fspath(path)
    text = _read_text(name, encoding)
    first = next((line for line in text.splitlines() if line.strip()), None)
    if first is None:
        raise InputError(
            f"{name} is empty: expected a header row naming the columns, then one row per sample"
        )
    if sep is not None and (not isinstance(sep, str) or len(sep) != 1 or sep in "\"'\n\r"):
        raise InputError(f"sep must be one character such as ',' ';' or a tab, got {sep!r}")
    sep = sep or sniff_separator(first)
    pd = require_pandas()
    try:
        raw = pd.read_csv(io.StringIO(text), sep=sep, header=None, dtype=str, keep_default_na=False)
    except pd.errors.ParserError as e:
        detail = str(e).split("C error: ")[-1].strip()
        raise InputError(f"{name}: {detail} (the header names fewer columns)") from None
    for column in raw.columns:  # one column at a time: the stripped copy never doubles the table
        raw[column] = raw[column].str.strip()
    header = raw.iloc[0].tolist()
    _check_header(name, header)
    if len(raw) < 2:
        raise InputError(f"{name} has a header but no data rows")
    frame = raw.iloc[1:].reset_index(drop=True)
    frame.columns = header
    return Table(name, frame, sep, _line_numbers(text, len(frame)))


def _check_header(name: str, header: list[str]) -> None:
    dupes = sorted({c for c in header if header.count(c) > 1})
    if dupes:
        raise InputError(f"{name}: duplicate column names {dupes}")
    if "" in header:
        raise InputError(f"{name}: column {header.index('') + 1} of the header has no name")
