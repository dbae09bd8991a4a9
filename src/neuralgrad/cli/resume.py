"""``neuralgrad resume RUN``: continue an interrupted (or finished) run from its last epoch's
checkpoint, with the same data, split, preprocessing and settings; ``--epochs`` raises the
total. Resuming gives the same weights as an uninterrupted run."""

from __future__ import annotations

import argparse
import os
from typing import Any

from ..train import load_checkpoint
from .data import load_training_data
from .errors import CLIError, bad_input
from .fitting import train_run
from .rundir import CHECKPOINT_FILE, load_run, run_file

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "resume",
        help="continue a run from its last checkpoint",
        description=__doc__.split("\n\n")[0],
    )
    p.add_argument("run", help="a run directory (or its model.ng)")
    p.add_argument("--epochs", type=int, help="epochs in all (default: the run's own)")
    p.add_argument("--verbose", type=int, choices=(0, 1, 2), default=1)
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    saved = load_run(args.run)
    out = os.path.dirname(os.path.abspath(run_file(args.run)))
    ckpt = os.path.join(out, CHECKPOINT_FILE)
    if not os.path.isfile(ckpt):
        raise CLIError(f"{out} has no {CHECKPOINT_FILE}: nothing to resume from")
    with bad_input(f"{ckpt}: "):
        done = int(load_checkpoint(ckpt)["epoch"])
    t = saved.training
    epochs = t["epochs"] if args.epochs is None else args.epochs
    if done >= epochs:
        raise CLIError(
            f"the run has trained {done} of {epochs} epochs; pass --epochs with "
            f"more than {done} to train further"
        )
    data = load_training_data(t["data"], t["target"], t["features"], t["task"], t["onehot"])
    if data.encoder.feature_names != saved.prep.encoder.feature_names:
        raise CLIError(
            f"{t['data']}: its feature columns are no longer the ones the run was trained on"
        )
    t.update(epochs=epochs, finished=False)
    print(f"resuming {out} at epoch {done + 1} of {epochs}")
    train_run(saved, data.splits(t["val"], t["test"]), out, resume_from=ckpt, verbose=args.verbose)
    return 0
