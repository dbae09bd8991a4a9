"""Resume checkpoints: everything ``fit`` needs to continue a run as if it had never stopped.

A checkpoint is a ``neuralgrad.save`` file (atomic write) holding the model's and optimizer's
state dicts, each callback's state (early stopping, schedules, best checkpoint value), the
global RNG state and the training loader's generator state, the number of finished epochs, the
history and the seed of the validation split. ``fit(..., resume_from=path)`` restores it, so 10
epochs straight and 5 + resume + 5 give bit-identical weights.
"""

from __future__ import annotations

import os
from typing import Any

from .. import random as ng_random
from ..serialization import load, save

__all__ = ["training_state", "save_checkpoint", "load_checkpoint", "restore_training_state"]

_FORMAT = "neuralgrad.train.checkpoint"
_VERSION = 1


def _loader_generator(trainer: Any) -> Any:
    return getattr(getattr(trainer, "train_loader", None), "generator", None)


def training_state(trainer: Any) -> dict[str, Any]:
    """The resume state of a running ``fit`` at the end of epoch ``trainer.epoch``."""
    gen = _loader_generator(trainer)
    return {
        "format": _FORMAT,
        "version": _VERSION,
        "epoch": trainer.epoch + 1,
        "model": trainer.model.state_dict(),
        "optimizer": trainer.optimizer.state_dict(),
        "callbacks": trainer.callbacks.state_dict(),
        "history": trainer.history.state_dict(),
        "rng": {
            "global": ng_random.default_generator.get_state(),
            "loader": None if gen is None else gen.get_state(),
        },
        "split_seed": trainer.split_seed,
    }


def save_checkpoint(path: str | os.PathLike, trainer: Any) -> None:
    """Write ``training_state(trainer)`` to ``path`` atomically."""
    save(training_state(trainer), path)


def load_checkpoint(path: str | os.PathLike) -> dict[str, Any]:
    """Read a resume checkpoint, checking that it is one (a weights-only file is not)."""
    state = load(path)
    if not isinstance(state, dict) or state.get("format") != _FORMAT:
        raise ValueError(
            f"{os.fspath(path)} is not a resume checkpoint (a weights-only file? "
            "write one with ModelCheckpoint(..., save_weights_only=False))"
        )
    if state.get("version") != _VERSION:
        raise ValueError(
            f"{os.fspath(path)}: checkpoint version {state.get('version')!r} is not "
            f"one this neuralgrad reads ({_VERSION})"
        )
    return state


def restore_training_state(trainer: Any, state: dict[str, Any]) -> int:
    """Put the model, optimizer, history and RNG states back; return the epoch to start from.
    (Callbacks get theirs after ``on_train_begin``, which resets them.)"""
    trainer.model.load_state_dict(state["model"])
    trainer.optimizer.load_state_dict(state["optimizer"])
    trainer.history.load_state_dict(state["history"])
    ng_random.default_generator.set_state(state["rng"]["global"])
    gen = _loader_generator(trainer)
    saved = state["rng"]["loader"]
    if (gen is None) != (saved is None):
        raise ValueError(
            "resume: the checkpoint was written with"
            f"{'out' if saved is None else ''} a generator for the training "
            "loader, but this run has" + (" one" if gen is not None else " none")
        )
    if gen is not None:
        gen.set_state(saved)
    return int(state["epoch"])
