"""Resume checkpoints: everything ``fit`` needs to continue a run as if it had never stopped.

A checkpoint is a ``neuralgrad.save`` file (atomic write) holding the model's and optimizer's
state dicts, each callback's state (early stopping, schedules, best checkpoint value), the
global RNG state and the states of the training data's own generators (the loader's, an
augmentation's), the number of finished epochs, whether training had stopped (early stopping,
a NaN), the history and the seed of the validation split, sealed by a SHA-256 digest of all of
it. ``fit(..., resume_from=path)`` checks the file, its digest, its structure and its fit to the
run (``checkpoint_checks``) before it touches any state, then restores it, so 10 epochs
straight and 5 + resume + 5 give bit-identical weights, and a damaged or edited checkpoint is
refused with a ``CheckpointError`` instead of resuming into other weights.
"""

from __future__ import annotations

import os
from typing import Any

from .. import random as ng_random
from ..serialization import content_digest, load, save
from .checkpoint_checks import (
    FORMAT,
    CheckpointError,
    check_fits,
    check_structure,
    data_generators,
)

__all__ = [
    "training_state",
    "save_checkpoint",
    "write_checkpoint",
    "load_checkpoint",
    "restore_training_state",
    "CheckpointError",
]

_VERSION = 2  # 2: the digest, the generators of the data, whether training had stopped


def training_state(trainer: Any) -> dict[str, Any]:
    """The resume state of a running ``fit`` at the end of epoch ``trainer.epoch``."""
    return {
        "format": FORMAT,
        "version": _VERSION,
        "epoch": trainer.epoch + 1,
        "stopped": bool(trainer.stop_training),
        "model": trainer.model.state_dict(),
        "optimizer": trainer.optimizer.state_dict(),
        "callbacks": trainer.callbacks.state_dict(),
        "history": trainer.history.state_dict(),
        "rng": {
            "global": ng_random.get_rng_state(),
            "data": [g.get_state() for g in data_generators(trainer)],
        },
        "split_seed": trainer.split_seed,
    }


def write_checkpoint(path: str | os.PathLike, state: dict[str, Any]) -> None:
    """Seal ``state`` (a ``training_state``, possibly changed on purpose) with the digest of
    its contents and write it to ``path`` atomically."""
    body = {k: v for k, v in state.items() if k != "digest"}
    save({**body, "digest": content_digest(body)}, path)


def save_checkpoint(path: str | os.PathLike, trainer: Any) -> None:
    """Write ``training_state(trainer)`` to ``path`` atomically, sealed by its digest."""
    write_checkpoint(path, training_state(trainer))


def load_checkpoint(path: str | os.PathLike) -> dict[str, Any]:
    """Read a resume checkpoint and check that it is one, undamaged and well formed (a
    weights-only file, a damaged or an edited one raise ``CheckpointError``, as does a file
    ``neuralgrad.load`` cannot read)."""
    name = os.fspath(path)
    try:
        state = load(name)
    except CheckpointError:
        raise
    except ValueError as e:  # SerializationError: already names the file
        raise CheckpointError(str(e)) from None
    check_structure(state, name)
    if state["version"] >= 2:
        body = {k: v for k, v in state.items() if k != "digest"}
        if state.get("digest") != content_digest(body):
            raise CheckpointError(
                f"{name}: the checkpoint's contents do not match the digest written with them: "
                "it is damaged or was edited (to change a checkpoint on purpose, write it with "
                "neuralgrad.train.resume.write_checkpoint)"
            )
    return state


def restore_training_state(trainer: Any, state: dict[str, Any], name: str = "checkpoint") -> int:
    """Check that ``state`` fits this run, then put the model, optimizer, history, callbacks
    and RNG states back; return the epoch to start from (the run's ``epochs`` when training had
    stopped, so nothing more is trained). Callbacks get their states in ``Trainer.steps`` after
    ``on_train_begin``, which resets them; their states are checked here with the rest."""
    check_fits(trainer, state, name)
    trainer.model.load_state_dict(state["model"])
    trainer.optimizer.load_state_dict(state["optimizer"])
    trainer.history.load_state_dict(state["history"])
    rng = state["rng"]
    ng_random.set_rng_state(rng["global"])
    saved = rng["data"] if "data" in rng else [s for s in (rng["loader"],) if s is not None]
    for g, s in zip(data_generators(trainer), saved):
        g.set_state(s)
    if state.get("stopped"):
        trainer.stop_training = True
    return int(state["epoch"])
