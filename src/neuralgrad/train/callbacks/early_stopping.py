"""``EarlyStopping``: stop when the monitored value has not improved for ``patience`` epochs and
optionally put back the weights of the best epoch (the course's "keep the best result")."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from .base import Callback
from .monitor import Monitor

__all__ = ["EarlyStopping", "snapshot_weights"]


def snapshot_weights(model: Any) -> OrderedDict:
    """A copy of ``model.state_dict()`` that later training does not change."""
    return OrderedDict((k, v.detach().clone()) for k, v in model.state_dict().items())


class EarlyStopping(Callback):
    """Stop training once ``monitor`` has gone ``patience`` epochs without improving by more than
    ``min_delta`` (``keras.callbacks.EarlyStopping``, same arguments and rules).

    An epoch improves when ``optim.improvement.is_better(value, best, mode, min_delta, 'abs')``;
    each epoch without improvement adds one to ``wait`` and training stops at the end of the
    epoch where ``wait`` reaches ``patience``. ``baseline``: the value must also beat it to reset
    ``wait``. ``restore_best_weights``: at the end of training (stopped early or not) the model
    gets the weights of the best epoch back. ``start_from_epoch`` epochs of warm-up are not
    watched. The stopped and restored epochs are written into ``History``.
    """

    def __init__(
        self,
        monitor: str = "val_loss",
        min_delta: float = 0.0,
        patience: int = 0,
        verbose: int = 0,
        mode: str = "auto",
        baseline: float | None = None,
        restore_best_weights: bool = False,
        start_from_epoch: int = 0,
    ) -> None:
        if patience < 0:
            raise ValueError(f"patience must be >= 0, got {patience}")
        self.watch = Monitor(monitor, mode, min_delta, owner="EarlyStopping")
        self.patience, self.verbose, self.baseline = patience, verbose, baseline
        self.restore_best_weights, self.start_from_epoch = restore_best_weights, start_from_epoch
        self._reset()

    def _reset(self) -> None:
        self.wait = 0
        self.stopped_epoch = 0
        self.best_epoch = 0
        self.best_weights: OrderedDict | None = None
        self.watch.reset()

    @property
    def best(self) -> float:
        return self.watch.best

    def on_train_begin(self, logs: dict | None = None) -> None:
        self._reset()

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        if epoch < self.start_from_epoch:
            return
        current = self.watch.value(logs)
        if self.restore_best_weights and self.best_weights is None:
            self.best_weights = snapshot_weights(self.model)  # something to restore, always
        self.wait += 1
        if self.watch.improves(current):
            self.watch.best, self.best_epoch = current, epoch
            if self.restore_best_weights:
                self.best_weights = snapshot_weights(self.model)
            if self.baseline is None or self.watch.improves(current, self.baseline):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.trainer.stop_training = True

    def on_train_end(self, logs: dict | None = None) -> None:
        history = getattr(self.trainer, "history", None)
        if self.stopped_epoch > 0:
            if history is not None:
                history.stopped_epoch = self.stopped_epoch
            if self.verbose:
                print(f"Epoch {self.stopped_epoch + 1}: early stopping")
        if self.restore_best_weights and self.best_weights is not None:
            self.model.load_state_dict(self.best_weights)
            if history is not None:
                history.restored_epoch = self.best_epoch
            if self.verbose:
                print(
                    f"Restoring model weights from the end of the best epoch: "
                    f"{self.best_epoch + 1}."
                )

    def state_dict(self) -> dict[str, Any]:
        return {
            "wait": self.wait,
            "stopped_epoch": self.stopped_epoch,
            "best_epoch": self.best_epoch,
            "best_weights": self.best_weights,
            **self.watch.state_dict(),
        }

    def load_state_dict(self, state: dict[str, Any]) -> None:
        self.wait, self.stopped_epoch = int(state["wait"]), int(state["stopped_epoch"])
        self.best_epoch, self.best_weights = int(state["best_epoch"]), state["best_weights"]
        self.watch.load_state_dict(state)
