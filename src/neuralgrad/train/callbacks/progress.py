"""``ProgressBar``: training progress in Keras's layout, through ``tqdm.auto`` (a widget in a
notebook, text in a terminal or a log). Each epoch gives a bar line (``Epoch 3/20 12/12
|████| 00:01 0.08s/step``) and a metrics line (``loss: 0.1234 - accuracy: 0.9650 - val_loss:
...``), both within 80 columns: the metrics wrap between values, so a ``val_*`` value is never
cut, and very large or small values are written in scientific notation."""

from __future__ import annotations

import sys
import time
from typing import IO, Any

from .base import Callback

__all__ = ["ProgressBar", "format_logs", "format_value", "WIDTH"]

WIDTH = 80
_BAR = "{desc} {n_fmt}/{total_fmt} |{bar}| {elapsed} {rate_inv_fmt}{postfix}"


def format_value(value: Any) -> str:
    """A logged number: 4 decimals in [1e-3, 1e5), scientific notation outside (0 as 0.0000)."""
    if not isinstance(value, float):
        return str(value)
    if value == 0 or 1e-3 <= abs(value) < 1e5:
        return f"{value:.4f}"
    return f"{value:.3e}"


def format_logs(logs: dict, width: int = WIDTH, prefix: str = "", indent: str = "") -> str:
    """``'loss: 0.1234 - accuracy: 0.9650 - val_loss: ...'``: the training values, then the
    validation values, then the learning rate, after ``prefix``; wrapped between values (later
    lines start with ``indent``) so that no line is wider than ``width``."""
    keys = [k for k in logs if k not in ("time", "lr")]
    ordered = [k for k in keys if not k.startswith("val_")]
    ordered += [k for k in keys if k.startswith("val_")]
    items = [f"{k}: {format_value(logs[k])}" for k in ordered]
    if "lr" in logs:
        items.append(f"lr: {format_value(float(logs['lr']))}")
    lines, line = [], prefix
    for item in items:
        joined = f"{line} - {item}" if line.strip() else f"{line}{item}"
        if line.strip() and len(joined) > width:
            lines.append(line)
            line = indent + item
        else:
            line = joined
    lines.append(line)
    return "\n".join(lines)


def _tqdm() -> Any:
    try:
        from tqdm.auto import tqdm  # optional: pip install 'neuralgrad[cli]'
    except ImportError:
        return None
    return tqdm


class ProgressBar(Callback):
    """Show progress (``fit(verbose=1)`` adds one). ``bar=None``: a live tqdm bar when
    ``stream`` (stdout by default) is a terminal or a notebook runs it, else the finished bar
    line written once per epoch (logs stay readable); ``bar=False`` (``verbose=2``): one
    ``Epoch i/n - time - metrics`` line per epoch. Live bar text is refreshed at most every
    ``refresh`` seconds."""

    order = -10

    def __init__(
        self, stream: IO[str] | None = None, bar: bool | None = None, refresh: float = 0.25
    ) -> None:
        self.stream, self.bar, self.refresh = stream, bar, refresh
        self._out: IO[str] = sys.stdout
        self._tqdm: Any = None
        self._pbar: Any = None
        self._live = False

    def on_train_begin(self, logs: dict | None = None) -> None:
        self._out = self.stream or sys.stdout
        tty = bool(getattr(self._out, "isatty", lambda: False)())
        self._tqdm = _tqdm() if self.bar is not False else None
        notebook = self._tqdm is not None and "notebook" in getattr(self._tqdm, "__module__", "")
        self._live = self._tqdm is not None and (bool(self.bar) or tty or notebook)
        params = getattr(self.trainer, "params", {})
        self._epochs, self._steps = params.get("epochs", 0), params.get("steps")

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self._title = f"Epoch {epoch + 1}/{self._epochs}"
        self._seen, self._sum, self._next, self._start = 0, 0.0, 0.0, time.perf_counter()
        if self._live:
            self._pbar = self._tqdm(
                total=self._steps,
                desc=self._title,
                file=self._out,
                leave=True,
                mininterval=self.refresh,
                unit="step",
                ncols=WIDTH,
                bar_format=_BAR,
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
            loss = format_value(self._sum / max(self._seen, 1))
            self._pbar.set_postfix_str(f"loss: {loss}", refresh=False)
            self._next = now + self.refresh

    def _bar_line(self) -> str:
        """The finished epoch's bar line, as the live bar would show it."""
        elapsed = time.perf_counter() - self._start
        steps = self._steps or 0
        if self._tqdm is None:
            return f"{self._title} {steps}/{steps} - {elapsed:.2f}s"
        return self._tqdm.format_meter(
            steps, steps, elapsed, ncols=WIDTH, prefix=self._title, unit="step", bar_format=_BAR
        )

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        logs = logs or {}
        if self.bar is False:
            head = f"{self._title} - {logs.get('time', 0.0):.2f}s"
            print(format_logs(logs, prefix=head, indent="    "), file=self._out, flush=True)
            return
        if self._pbar is not None:
            self._pbar.set_postfix_str("", refresh=True)
            self._pbar.close()
            self._pbar = None
        else:
            print(self._bar_line(), file=self._out)
        print(format_logs(logs), file=self._out, flush=True)

    def on_train_end(self, logs: dict | None = None) -> None:
        if self._pbar is not None:
            self._pbar.close()
            self._pbar = None
