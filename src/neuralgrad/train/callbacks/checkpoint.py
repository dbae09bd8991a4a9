"""``ModelCheckpoint``: save the model (or the whole training state, for resuming) at the end of
every epoch or only when the monitored value improves. Files are written atomically by
``neuralgrad.save``: a crash mid-write leaves the previous file whole; weights that hold NaN or
infinity are never written, so the last good file stays."""

from __future__ import annotations

import os
import warnings
from typing import Any

from ...serialization import save
from ..resume import save_checkpoint
from .base import Callback
from .monitor import Monitor
from .terminate_on_nan import all_finite

__all__ = ["ModelCheckpoint"]


class ModelCheckpoint(Callback):
    """Write a checkpoint at the end of each epoch (``keras.callbacks.ModelCheckpoint``).

    ``filepath`` may hold fields filled from the epoch's logs, e.g.
    ``'ckpt/epoch{epoch:02d}-{val_loss:.3f}.ng'`` (``epoch`` counts from 1). With
    ``save_best_only`` a file is written only when ``monitor`` improves on the best so far (the
    shared ``optim.improvement.is_better`` rule; ``initial_value_threshold`` is the value to beat
    first). ``save_weights_only`` writes ``model.state_dict()``; otherwise the file is a full
    resume checkpoint (model, optimizer, schedules, callbacks' state, RNG state, epoch and
    history) that ``fit(..., resume_from=path)`` continues from. Weights that are not finite
    are not written (with a ``RuntimeWarning``): a diverged run never replaces a good file.
    """

    order = 10  # last: the checkpoint sees the other callbacks' state of this epoch

    def __init__(
        self,
        filepath: str | os.PathLike,
        monitor: str = "val_loss",
        verbose: int = 0,
        save_best_only: bool = False,
        save_weights_only: bool = False,
        mode: str = "auto",
        initial_value_threshold: float | None = None,
    ) -> None:
        self.filepath = os.fspath(filepath)
        self.watch = Monitor(monitor, mode, owner="ModelCheckpoint")
        if initial_value_threshold is not None:
            self.watch.best = float(initial_value_threshold)
        self.verbose, self.save_best_only = verbose, save_best_only
        self.save_weights_only = save_weights_only
        self.last_saved: str | None = None

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        logs = logs or {}
        if self.save_best_only:
            current = self.watch.value(logs)
            if not self.watch.improves(current):
                return
            if self.verbose:
                print(
                    f"Epoch {epoch + 1}: {self.watch.monitor} improved from "
                    f"{self.watch.best:.5f} to {current:.5f}, saving the model"
                )
            self.watch.best = current
        self._save(self._path(epoch, logs))

    def _path(self, epoch: int, logs: dict) -> str:
        try:
            return self.filepath.format(epoch=epoch + 1, **logs)
        except KeyError as e:
            raise KeyError(
                f"ModelCheckpoint filepath {self.filepath!r} names {e}, which is not "
                f"among the logged values {sorted(logs)}"
            ) from None

    def _save(self, path: str) -> None:
        if not all(all_finite(t) for t in self.model.state_dict().values()):
            warnings.warn(
                f"ModelCheckpoint: the weights hold NaN or infinity; {path} is not written "
                "(a file already there keeps the last finite weights)",
                RuntimeWarning,
                stacklevel=2,
            )
            return
        directory = os.path.dirname(os.path.abspath(path))
        os.makedirs(directory, exist_ok=True)
        if self.save_weights_only:
            save(self.model.state_dict(), path)
        else:
            save_checkpoint(path, self.trainer)
        self.last_saved = path

    def state_dict(self) -> dict[str, Any]:
        return self.watch.state_dict()

    def load_state_dict(self, state: dict[str, Any]) -> None:
        self.watch.load_state_dict(state)
