"""``LRScheduler``: step a learning-rate schedule from the training loop, once per batch or once
per epoch; ``ReduceLROnPlateau`` is fed the monitored value at each epoch's end."""

from __future__ import annotations

from typing import Any

from ...optim.lr_scheduler import ReduceLROnPlateau
from .base import Callback
from .monitor import Monitor

__all__ = ["LRScheduler"]


class LRScheduler(Callback):
    """Call ``scheduler.step()`` after every batch (``interval='batch'``: OneCycleLR, CyclicLR,
    warm-ups counted in steps) or after every epoch (``'epoch'``). A ``ReduceLROnPlateau`` steps
    per epoch with ``logs[monitor]`` (the validation loss by default). The schedule's state goes
    into resume checkpoints. ``fit(..., scheduler=s)`` wraps ``s`` in one of these."""

    def __init__(self, scheduler: Any, interval: str = "epoch", monitor: str = "val_loss") -> None:
        if interval not in ("batch", "epoch"):
            raise ValueError(f"interval {interval!r} is unknown; expected 'batch' or 'epoch'")
        self.plateau = isinstance(scheduler, ReduceLROnPlateau)
        if self.plateau and interval == "batch":
            raise ValueError(
                "ReduceLROnPlateau watches a value logged at each epoch's end; use interval='epoch'"
            )
        if not hasattr(scheduler, "step"):
            raise TypeError(f"scheduler must have a step() method; got {type(scheduler).__name__}")
        self.scheduler, self.interval = scheduler, interval
        self.watch = Monitor(monitor, owner="LRScheduler(ReduceLROnPlateau)")

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        if self.interval == "batch":
            self.scheduler.step()

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        if self.interval != "epoch":
            return
        if self.plateau:
            self.scheduler.step(self.watch.value(logs))
        else:
            self.scheduler.step()

    def state_dict(self) -> dict[str, Any]:
        return {"scheduler": self.scheduler.state_dict()}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        self.scheduler.load_state_dict(state["scheduler"])
