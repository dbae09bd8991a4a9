"""One training run, shared by ``train`` and ``resume``: optimizer, schedule and callbacks from
the run's settings, ``train.fit`` with a resume checkpoint every epoch, then the held-out test
scores and the run directory's files (run file, history CSV/JSON, curves, metrics)."""

from __future__ import annotations

import json
import math
import os
from typing import Any

import numpy as np

from .. import optim
from ..train import Callback, CSVLogger, EarlyStopping, ModelCheckpoint, fit
from . import rundir as R
from .rundir import Run
from .scoring import describe, score

__all__ = ["OPTIMIZERS", "SCHEDULES", "make_optimizer", "make_scheduler", "train_run"]

OPTIMIZERS = {
    "sgd": optim.SGD,
    "adam": optim.Adam,
    "adamw": optim.AdamW,
    "rmsprop": optim.RMSprop,
    "adagrad": optim.Adagrad,
    "adadelta": optim.Adadelta,
}
SCHEDULES = ("none", "step", "exponential", "cosine", "plateau", "onecycle")
Splits = dict[str, tuple[np.ndarray, np.ndarray]]


def make_optimizer(name: str, params: Any, lr: float) -> optim.Optimizer:
    return OPTIMIZERS[name](params, lr=lr)


def make_scheduler(name: str, opt: optim.Optimizer, epochs: int, steps: int) -> tuple[Any, str]:
    """The schedule called ``name`` over ``epochs`` epochs of ``steps`` batches, and whether
    it steps per 'epoch' or per 'batch' (one-cycle)."""
    sched = optim.lr_scheduler
    if name == "step":  # divide by 10 at a third and two thirds of the run
        return sched.StepLR(opt, step_size=max(1, epochs // 3), gamma=0.1), "epoch"
    if name == "exponential":  # lr · 0.01 by the last epoch
        return sched.ExponentialLR(opt, gamma=0.01 ** (1 / max(1, epochs))), "epoch"
    if name == "cosine":
        return sched.CosineAnnealingLR(opt, T_max=max(1, epochs)), "epoch"
    if name == "plateau":
        return sched.ReduceLROnPlateau(opt, factor=0.5, patience=5), "epoch"
    if name == "onecycle":
        lr = opt.param_groups[0]["lr"]
        return sched.OneCycleLR(opt, max_lr=lr, total_steps=max(2, epochs * steps)), "batch"
    return None, "epoch"


class _SaveRun(Callback):
    """Rewrite the run file at each epoch's end, so an interrupted run can still be evaluated
    or resumed with ``neuralgrad resume``. Runs after ``ModelCheckpoint``, so the epochs it
    records are in the checkpoint."""

    order = 20

    def __init__(self, run: Run, path: str) -> None:
        self.run, self.path = run, path

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        self.run.training["epochs_done"] = epoch + 1
        self.run.save(self.path)


def _callbacks(run: Run, out: str, resume: bool, has_val: bool) -> list[Callback]:
    patience = run.training["early_stopping"]
    cbs: list[Callback] = [
        CSVLogger(os.path.join(out, R.HISTORY_CSV), append=resume),
        ModelCheckpoint(os.path.join(out, R.CHECKPOINT_FILE)),
        _SaveRun(run, os.path.join(out, R.MODEL_FILE)),
    ]
    if patience:
        cbs.insert(
            0,
            EarlyStopping(
                "val_loss" if has_val else "loss", patience=patience, restore_best_weights=True
            ),
        )
    return cbs


def _write_outputs(run: Run, history: Any, scores: dict | None, out: str) -> list[str]:
    """The run file, history JSON, metrics and curves; the names of the files written."""
    run.training.update(
        epochs_done=len(history),
        finished=True,
        test_scores=scores,
        restored_epoch=history.restored_epoch,
    )
    run.save(os.path.join(out, R.MODEL_FILE))
    history.to_json(os.path.join(out, R.HISTORY_JSON))
    written = [R.MODEL_FILE, R.CHECKPOINT_FILE, R.HISTORY_CSV, R.HISTORY_JSON]
    if scores is not None:
        with open(os.path.join(out, R.SCORES), "w", encoding="utf-8") as fh:
            json.dump(scores, fh, indent=1)
        written.append(R.SCORES)
    try:
        history.plot(os.path.join(out, R.CURVES), metrics=("loss", *run.prep.metrics()))
        written.append(R.CURVES)
    except ModuleNotFoundError:
        print(
            f"note: {R.CURVES} not drawn: matplotlib is not installed "
            "(pip install neuralgrad[train])"
        )
    return written


def train_run(
    run: Run, splits: Splits, out: str, *, resume_from: str | None = None, verbose: int = 1
) -> dict[str, float] | None:
    """Fit ``run.model`` on the training split (validating on 'val' when it has samples), up
    to ``run.training['epochs']`` epochs in all; write the run directory; print and return
    the test scores (None without a test split)."""
    t, prep = run.training, run.prep
    train, val = prep.pair(*splits["train"]), None
    if len(splits["val"][1]):
        val = prep.pair(*splits["val"])
    opt = make_optimizer(t["optimizer"], run.model.parameters(), t["lr"])
    sched, interval = make_scheduler(
        t["schedule"], opt, t["epochs"], math.ceil(len(train[1]) / t["batch_size"])
    )
    history = fit(
        run.model,
        train,
        loss=prep.loss(),
        optimizer=opt,
        epochs=t["epochs"],
        batch_size=t["batch_size"],
        validation_data=val,
        metrics=prep.metrics(),
        scheduler=sched,
        scheduler_interval=interval,
        callbacks=_callbacks(run, out, resume_from is not None, val is not None),
        verbose=verbose,
        resume_from=resume_from,
    )
    scores = score(run.model, prep, *splits["test"]) if len(splits["test"][1]) else None
    written = _write_outputs(run, history, scores, out)
    best = (
        ""
        if history.restored_epoch is None
        else f"; best epoch {history.restored_epoch + 1} restored"
    )
    print(f"trained {len(history)} epoch{'' if len(history) == 1 else 's'}{best}")
    if scores is not None:
        print("test " + describe(scores, "held-out test samples"))
    print(f"wrote {out}{os.sep}: {', '.join(written)}")
    return scores
