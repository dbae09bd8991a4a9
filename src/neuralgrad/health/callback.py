"""``HealthMonitor``: the health check during ``fit``, on the real training step of the first
batch of every ``every``-th epoch (no extra forward pass): activations, gradients after the
backward, and the update the optimizer actually made."""

from __future__ import annotations

import numpy as np

from .._devices import to_numpy
from ..train.callbacks.base import Callback
from .probe import Probe, layer_rows
from .report import Report
from .rules import Thresholds, diagnose, nonfinite_findings

__all__ = ["HealthMonitor"]

KEY = "health_findings"


class HealthMonitor(Callback):
    """Check training health once every ``every`` epochs (ours; Keras has no counterpart).

    ``reports`` maps each checked epoch to its ``Report``; the history (and the epoch's logs,
    so ``CSVLogger`` writes it) get a ``health_findings`` column: the number of findings, NaN
    for epochs not checked. With ``verbose`` the findings are printed (``verbose=2``: the
    per-layer table too, also when healthy).
    """

    order = -1  # before the loggers, so the column reaches them

    def __init__(
        self, every: int = 1, verbose: int = 1, thresholds: Thresholds | None = None
    ) -> None:
        if every < 1:
            raise ValueError(f"HealthMonitor: every must be >= 1, got {every}")
        self.every, self.verbose = every, verbose
        self.thresholds = thresholds or Thresholds()
        self.reports: dict[int, Report] = {}
        self._probe: Probe | None = None
        self._before: dict | None = None
        self._report: Report | None = None
        self._due = False

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self._due, self._report = epoch % self.every == 0, None

    def on_train_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        if not self._due or self._report is not None or self._probe is not None:
            return
        model = self.trainer.model
        self._probe = Probe(model, getattr(self.trainer, "loss", None), self.thresholds.margin)
        self._before = {id(p): np.array(to_numpy(p._data)) for p in model.parameters()}

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        if self._probe is not None:
            self._finish((logs or {}).get("loss"), measured=True)

    def _finish(self, loss: float | None, measured: bool) -> None:
        """The report of the watched step; a step cut short (``StopTraining`` from a NaN) has
        no gradients or update of its own, only the activations and the first NaN."""
        probe, self._probe = self._probe, None
        probe.remove()
        rows = layer_rows(
            self.trainer.model, probe, before=self._before if measured else None, grads=measured
        )
        self._before = None
        findings = nonfinite_findings(probe.first_bad, loss=loss) + diagnose(rows, self.thresholds)
        self._report = Report(findings, rows, loss)

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        if self._probe is not None:
            self._finish(None, measured=False)
        report, self._report = self._report, None
        count = float("nan") if report is None else float(len(report.findings))
        history = self.trainer.history
        column = history.history.setdefault(KEY, [float("nan")] * len(history.epoch))
        if column and len(column) == len(history.epoch):
            column[-1] = count
        if logs is not None:
            logs[KEY] = count
        if report is None:
            return
        self.reports[epoch] = report
        if self.verbose >= 2 or (self.verbose and not report.ok):
            print(f"HealthMonitor, epoch {epoch + 1}: {report}")

    def on_train_end(self, logs: dict | None = None) -> None:
        if self._probe is not None:  # stopped before the epoch's end
            self._probe.remove()
            self._probe, self._before = None, None
