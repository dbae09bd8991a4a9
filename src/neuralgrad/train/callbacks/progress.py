"""``ProgressBar``: training progress on the terminal. A tqdm bar per epoch (loss and metrics
refreshed a few times a second) when tqdm is installed and the output is a terminal; otherwise
one line per epoch, so CI logs do not fill up."""

from __future__ import annotations

import sys
import time
from typing import IO, Any

from .base import Callback

__all__ = ["ProgressBar", "format_logs"]


def format_logs(logs: dict) -> str:
    """``'loss: 0.1234 - accuracy: 0.9650 - lr: 0.001'``: the epoch's values, time first."""
    parts = [f"{logs['time']:.2f}s"] if "time" in logs else []
    for key, value in logs.items():
        if key == "time":
            continue
        if key == "lr":
            parts.append(f"lr: {value:.3g}")
        elif isinstance(value, float):
            parts.append(f"{key}: {value:.4f}")
        else:
            parts.append(f"{key}: {value}")
    return " - ".join(parts)


def _tqdm() -> Any:
    try:
        from tqdm.auto import tqdm  # optional: pip install neuralgrad[train]
    except ImportError:
        return None
    return tqdm


class ProgressBar(Callback):
    """Show progress (``fit(verbose=1)`` adds one). ``bar=None`` picks tqdm when it is installed
    and ``stream`` (stdout by default) is a terminal; ``bar=False`` always prints one line per
    epoch. Bar text is refreshed at most every ``refresh`` seconds."""

    order = -10

    def __init__(
        self, stream: IO[str] | None = None, bar: bool | None = None, refresh: float = 0.25
    ) -> None:
        self.stream, self.bar, self.refresh = stream, bar, refresh
        self._out: IO[str] = sys.stdout
        self._tqdm: Any = None
        self._pbar: Any = None

    def on_train_begin(self, logs: dict | None = None) -> None:
        self._out = self.stream or sys.stdout
        tty = bool(getattr(self._out, "isatty", lambda: False)())
        self._tqdm = _tqdm() if (self.bar is None and tty) or self.bar else None
        params = getattr(self.trainer, "params", {})
        self._epochs, self._steps = params.get("epochs", 0), params.get("steps")

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self._title = f"Epoch {epoch + 1}/{self._epochs}"
        self._seen, self._sum, self._next = 0, 0.0, 0.0
        if self._tqdm is not None:
            self._pbar = self._tqdm(
                total=self._steps,
                desc=self._title,
                file=self._out,
                leave=True,
                mininterval=self.refresh,
                unit="batch",
            )

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        if self._pbar is None:
            return
        size = logs.get("size", 1)
        self._seen += size
        self._sum += logs["loss"] * size
        self._pbar.update(1)
        now = time.perf_counter()
        if now >= self._next:  # the text costs more than the bar: throttle it
            self._pbar.set_postfix_str(f"loss: {self._sum / max(self._seen, 1):.4f}", refresh=False)
            self._next = now + self.refresh

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        text = format_logs(logs or {})
        if self._pbar is not None:
            self._pbar.set_postfix_str(text, refresh=True)
            self._pbar.close()
            self._pbar = None
        else:
            print(f"{self._title} - {text}", file=self._out, flush=True)

    def on_train_end(self, logs: dict | None = None) -> None:
        if self._pbar is not None:
            self._pbar.close()
            self._pbar = None
