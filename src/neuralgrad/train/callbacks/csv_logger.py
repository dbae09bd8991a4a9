"""``CSVLogger``: one row per epoch (epoch, loss, metrics, validation values, lr, time) in a CSV
file, flushed as it is written so a crashed run keeps its rows."""

from __future__ import annotations

import csv
import os
from typing import IO, Any

from .base import Callback

__all__ = ["CSVLogger"]


class CSVLogger(Callback):
    """Append each epoch's logs to ``filename`` (``keras.callbacks.CSVLogger``; epochs count
    from 0 as there). The header is ``epoch`` then the first epoch's log keys in their order; a
    value missing in a later epoch is written 'NA'. ``append=True`` continues an existing file
    (use it when resuming) without writing a second header."""

    def __init__(
        self, filename: str | os.PathLike, separator: str = ",", append: bool = False
    ) -> None:
        self.filename, self.sep, self.append = os.fspath(filename), separator, append
        self.keys: list[str] | None = None
        self._file: IO[str] | None = None
        self._writer: Any = None

    def on_train_begin(self, logs: dict | None = None) -> None:
        directory = os.path.dirname(os.path.abspath(self.filename))
        os.makedirs(directory, exist_ok=True)
        has_rows = (
            self.append and os.path.exists(self.filename) and os.path.getsize(self.filename) > 0
        )
        self.keys = self._header() if has_rows else None
        self._file = open(self.filename, "a" if self.append else "w", newline="", encoding="utf-8")
        self._writer = csv.writer(self._file, delimiter=self.sep, lineterminator="\n")

    def _header(self) -> list[str] | None:
        with open(self.filename, newline="", encoding="utf-8") as fh:
            first = next(csv.reader(fh, delimiter=self.sep), None)
        return first[1:] if first and first[0] == "epoch" else None

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        logs = logs or {}
        if self._file is None:
            self.on_train_begin()
        if self.keys is None:
            self.keys = list(logs)
            self._writer.writerow(["epoch", *self.keys])
        self._writer.writerow([epoch, *(logs.get(k, "NA") for k in self.keys)])
        self._file.flush()

    def on_train_end(self, logs: dict | None = None) -> None:
        if self._file is not None:
            self._file.close()
        self._file, self._writer = None, None
