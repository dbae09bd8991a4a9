"""One training run into a run directory, shared by ``train`` and ``resume``: the recipe's
training through ``recipe.fit_recipe`` with a resume checkpoint, the history CSV and the run
saved at every epoch, then the held-out test scores and the run directory's other files."""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from .. import rundir as R
from ..recipe import fit_recipe
from ..rundir import Run
from ..train import Callback, CSVLogger, ModelCheckpoint
from .errors import CLIError
from .scoring import describe, score

__all__ = ["train_into"]

Splits = dict[str, tuple[np.ndarray, np.ndarray]]


class SaveRun(Callback):
    """Save the run at each epoch's end, so an interrupted run can still be evaluated or
    resumed. Runs after ``ModelCheckpoint``, so the epochs it records are in the checkpoint."""

    order = 20

    def __init__(self, run: Run, directory: str) -> None:
        self.run, self.directory = run, directory

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        self.run.status["epochs_done"] = epoch + 1
        self.run.save(self.directory)


def train_into(
    run: Run,
    splits: Splits,
    out: str,
    *,
    resume_from: str | None = None,
    verbose: int = 1,
    capture: bool = False,
) -> dict[str, Any] | None:
    """Fit ``run.model`` on the training split (validating on 'val' when the recipe holds one
    out), up to ``run.recipe.epochs`` epochs in all; write the run directory; print and return
    the test scores (None without a test split)."""
    recipe, prep = run.recipe, run.prep
    train = prep.pair(*splits["train"])
    val = prep.pair(*splits["val"]) if len(splits["val"][1]) else None
    if val is None and recipe.validation_fraction > 0:
        raise CLIError(
            f"too few rows to hold out validation_fraction={recipe.validation_fraction} "
            f"({len(train[1])} training rows); pass --validation-fraction 0"
        )
    callbacks = [
        CSVLogger(os.path.join(out, R.HISTORY_CSV), append=resume_from is not None),
        ModelCheckpoint(os.path.join(out, R.CHECKPOINT)),
        SaveRun(run, out),
    ]
    history = fit_recipe(
        recipe,
        run.model,
        prep.head,
        train,
        validation=val,
        callbacks=callbacks,
        verbose=verbose,
        resume_from=resume_from,
        capture=capture,
    )
    scores = score(run.model, prep, *splits["test"]) if len(splits["test"][1]) else None
    written = run.record(history, scores, out)
    _report(history, scores, out, [R.CHECKPOINT, R.HISTORY_CSV, *written])
    return scores


def _report(history: Any, scores: dict | None, out: str, written: list[str]) -> None:
    epochs = len(history)
    line = f"trained {epochs} epoch{'' if epochs == 1 else 's'}"
    if history.stopped_epoch is not None:
        line += f" (stopped early at epoch {history.stopped_epoch + 1})"
    if history.restored_epoch is not None:
        line += f"; best epoch {history.restored_epoch + 1} restored"
    print(line)
    if scores is not None:
        print("test " + describe(scores, "held-out test samples"))
    print(f"wrote {out}{os.sep}: {', '.join(sorted(set(written), key=written.index))}")
