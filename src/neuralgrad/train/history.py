"""``History``: what ``fit`` returns: per-epoch training and validation loss and metrics, the
learning rate and the time of each epoch, and where early stopping stopped and restored."""

from __future__ import annotations

import json
import os
from typing import Any

__all__ = ["History"]


class History:
    """Per-epoch records (``keras.callbacks.History``'s layout): ``history['loss']``,
    ``history['val_accuracy']``, ``history['lr']``, ``history['time']``... one entry per
    entry of ``epoch`` (epochs count from 0). ``stopped_epoch`` is the epoch early stopping
    stopped at and ``restored_epoch`` the one whose weights it put back (None when it did not).
    """

    def __init__(self) -> None:
        self.epoch: list[int] = []
        self.history: dict[str, list[float]] = {}
        self.params: dict[str, Any] = {}
        self.stopped_epoch: int | None = None
        self.restored_epoch: int | None = None
        self.stop_reason: str | None = None

    def record(self, epoch: int, logs: dict[str, float]) -> None:
        """Add one epoch's logs (a key first seen late is padded with NaN for earlier epochs)."""
        for key, value in logs.items():
            column = self.history.setdefault(key, [float("nan")] * len(self.epoch))
            column.append(float(value))
        self.epoch.append(epoch)
        for column in self.history.values():
            if len(column) < len(self.epoch):
                column.append(float("nan"))

    def __getitem__(self, key: str) -> list[float]:
        return self.history[key]

    def __contains__(self, key: str) -> bool:
        return key in self.history

    def __len__(self) -> int:
        return len(self.epoch)

    def state_dict(self) -> dict[str, Any]:
        """Plain data (for resume checkpoints and JSON)."""
        return {
            "epoch": list(self.epoch),
            "history": {k: list(v) for k, v in self.history.items()},
            "stopped_epoch": self.stopped_epoch,
            "restored_epoch": self.restored_epoch,
            "stop_reason": self.stop_reason,
        }

    def load_state_dict(self, state: dict[str, Any]) -> None:
        self.epoch = [int(e) for e in state["epoch"]]
        self.history = {k: [float(x) for x in v] for k, v in state["history"].items()}
        self.stopped_epoch, self.restored_epoch = state["stopped_epoch"], state["restored_epoch"]
        self.stop_reason = state.get("stop_reason")

    def to_json(self, path: str | os.PathLike) -> None:
        """Write ``state_dict()`` as JSON (NaN as null, so other tools can read it)."""
        state = self.state_dict()
        state["history"] = {
            k: [None if x != x else x for x in v] for k, v in state["history"].items()
        }
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(state, fh, indent=1)

    def plot(
        self, path: str | os.PathLike | None = None, metrics: tuple[str, ...] | None = None
    ) -> Any:
        """Learning curves (training vs validation) as a matplotlib Figure, saved to ``path``
        when given (``train.curves.plot_history``)."""
        from .curves import plot_history

        return plot_history(self, path, metrics)

    def _repr_png_(self) -> bytes | None:
        """Jupyter shows a history as its learning curves."""
        from .curves import figure_png

        return figure_png(self.plot) if self.epoch else None

    def __repr__(self) -> str:
        last = {k: round(v[-1], 4) for k, v in self.history.items() if v}
        return f"History(epochs={len(self.epoch)}, last={last})"
