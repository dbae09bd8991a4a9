"""``Callback`` and ``CallbackList``: code that ``fit`` runs at fixed points of training, with
Keras's hook names and firing order.

During ``fit``::

    on_train_begin
      on_epoch_begin(epoch)                        (epoch counts from 0)
        on_train_batch_begin(batch) / on_train_batch_end(batch, logs={'loss', 'size'})
        on_test_begin                              (validation, when there is validation data)
          on_test_batch_begin(batch) / on_test_batch_end(batch)
        on_test_end(logs)
      on_epoch_end(epoch, logs)                    (loss, metrics, val_*, lr, time)
    on_train_end(logs)

``evaluate`` fires the ``on_test_*`` hooks and ``predict`` the ``on_predict_*`` hooks. A callback
reaches the run through ``self.trainer`` (``model``, ``optimizer``, ``history``, ``params``,
``stop_training``...), set by ``set_trainer`` before the first hook. Callbacks that carry state
across epochs (early stopping's best value, a scheduler) return it from ``state_dict`` so a
resume checkpoint can hold it.

Callbacks run in the order given, except that a class may set ``order``: the progress display
(-10) runs first, as Keras puts its progress bar first, and ``ModelCheckpoint`` (10) last, so a
checkpoint written at an epoch's end holds the other callbacks' state of that epoch.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["Callback", "CallbackList", "StopTraining", "HOOKS"]

HOOKS = (
    "on_train_begin",
    "on_train_end",
    "on_epoch_begin",
    "on_epoch_end",
    "on_train_batch_begin",
    "on_train_batch_end",
    "on_test_begin",
    "on_test_end",
    "on_test_batch_begin",
    "on_test_batch_end",
    "on_predict_begin",
    "on_predict_end",
    "on_predict_batch_begin",
    "on_predict_batch_end",
)


class StopTraining(Exception):  # noqa: N818  (a signal, not an error)
    """Raised by a callback or a hook inside a training step to end training at once: the loop
    skips the rest of the step (no backward, no update), then finishes the epoch's bookkeeping
    (validation, ``on_epoch_end``) and stops. ``history.stop_reason`` keeps the message."""


class Callback:
    """Base class: every hook does nothing (``keras.callbacks.Callback``'s names)."""

    trainer: Any = None
    order: int = 0

    def set_trainer(self, trainer: Any) -> None:
        """Give the callback the running loop's state (model, optimizer, history, params)."""
        self.trainer = trainer

    @property
    def model(self) -> Any:
        return None if self.trainer is None else self.trainer.model

    def state_dict(self) -> dict[str, Any]:
        """What a resume checkpoint must keep of this callback (nothing by default)."""
        return {}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        """Restore what ``state_dict`` returned."""

    def on_train_begin(self, logs: dict | None = None) -> None: ...
    def on_train_end(self, logs: dict | None = None) -> None: ...
    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None: ...
    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None: ...
    def on_train_batch_begin(self, batch: int, logs: dict | None = None) -> None: ...
    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None: ...
    def on_test_begin(self, logs: dict | None = None) -> None: ...
    def on_test_end(self, logs: dict | None = None) -> None: ...
    def on_test_batch_begin(self, batch: int, logs: dict | None = None) -> None: ...
    def on_test_batch_end(self, batch: int, logs: dict | None = None) -> None: ...
    def on_predict_begin(self, logs: dict | None = None) -> None: ...
    def on_predict_end(self, logs: dict | None = None) -> None: ...
    def on_predict_batch_begin(self, batch: int, logs: dict | None = None) -> None: ...
    def on_predict_batch_end(self, batch: int, logs: dict | None = None) -> None: ...


class CallbackList:
    """Calls a hook on each callback in order. Per-batch hooks call only the callbacks that
    override them, so an epoch with no batch-level callbacks costs no Python work per batch."""

    def __init__(self, callbacks: Iterable[Callback] = (), trainer: Any = None) -> None:
        self.callbacks = sorted(callbacks, key=lambda cb: getattr(cb, "order", 0))
        for cb in self.callbacks:
            if not isinstance(cb, Callback):
                raise TypeError(f"callbacks must be Callback instances, got {type(cb).__name__}")
            if trainer is not None:
                cb.set_trainer(trainer)
        self._bound = {
            name: [
                getattr(cb, name)
                for cb in self.callbacks
                if getattr(type(cb), name) is not getattr(Callback, name)
            ]
            for name in HOOKS
        }

    def __iter__(self):
        return iter(self.callbacks)

    def hooks(self, hook: str) -> list:
        """The bound ``hook`` methods of the callbacks that override it (the loop fetches the
        per-batch ones once per epoch and skips the batch logs when there are none)."""
        return self._bound[hook]

    def call(self, hook: str, *args: Any) -> None:
        for fn in self._bound[hook]:
            fn(*args)

    # Named forwards, so the loop reads like Keras's.
    def on_train_begin(self, logs: dict | None = None) -> None:
        self.call("on_train_begin", logs)

    def on_train_end(self, logs: dict | None = None) -> None:
        self.call("on_train_end", logs)

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self.call("on_epoch_begin", epoch, logs)

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        self.call("on_epoch_end", epoch, logs)

    def state_dict(self) -> dict[str, dict]:
        """Each callback's state under a key naming its class (``EarlyStopping``, and
        ``EarlyStopping#2`` for a second one)."""
        return {key: cb.state_dict() for key, cb in self._keyed()}

    def load_state_dict(self, states: dict[str, dict]) -> None:
        """Give each callback the state saved under its key; callbacks absent from the
        checkpoint start fresh."""
        for key, cb in self._keyed():
            if key in states:
                cb.load_state_dict(states[key])

    def _keyed(self) -> list[tuple[str, Callback]]:
        seen: dict[str, int] = {}
        out = []
        for cb in self.callbacks:
            name = type(cb).__name__
            seen[name] = seen.get(name, 0) + 1
            out.append((name if seen[name] == 1 else f"{name}#{seen[name]}", cb))
        return out
