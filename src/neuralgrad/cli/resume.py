"""``neuralgrad resume RUN``: continue an interrupted (or finished) run from its last epoch's
checkpoint, with the same data, split, preprocessing and recipe; ``--epochs`` raises the total.
Resuming gives the same weights as an uninterrupted run."""

from __future__ import annotations

import argparse
import os
from typing import Any

from .. import rundir as R
from ..rundir import load_run, run_directory
from ..train import load_checkpoint
from .config import saved_data_settings
from .data import load_data
from .errors import CLIError, bad_input
from .session import train_into

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Add the ``resume`` subcommand and its options to the subparsers ``sub``."""
    p = sub.add_parser(
        "resume",
        help="continue a run from its last checkpoint",
        description=__doc__.split("\n\n")[0],
    )
    p.add_argument("run", help="a run directory")
    p.add_argument("--epochs", type=int, help="epochs in all (default: the recipe's)")
    p.add_argument("--verbose", type=int, choices=(0, 1, 2), default=1)
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    """Carry out ``neuralgrad resume`` with the parsed ``args``; the exit status."""
    saved = load_run(args.run)
    out = os.path.abspath(run_directory(args.run))
    ckpt = os.path.join(out, R.CHECKPOINT)
    if not os.path.isfile(ckpt):
        raise CLIError(f"{out} has no {R.CHECKPOINT}: nothing to resume from")
    with bad_input(f"{ckpt}: "):
        done = int(load_checkpoint(ckpt)["epoch"])
    if saved.status.get("stopped_epoch") is not None:
        raise CLIError(
            f"{out} stopped early at epoch {saved.status['stopped_epoch'] + 1} (no improvement "
            f"in {saved.recipe.patience} epochs): nothing to resume; train a new run instead"
        )
    epochs = saved.recipe.epochs if args.epochs is None else args.epochs
    if done >= epochs:
        raise CLIError(
            f"the run has trained {done} of {epochs} epochs; pass --epochs with more than "
            f"{done} to train further"
        )
    saved.data = saved_data_settings(saved.data, os.path.join(out, R.RUN))
    data = load_data(saved.data)
    if data.features.feature_names != saved.prep.features.feature_names:
        raise CLIError(
            f"{saved.data['data']}: its feature columns are no longer the ones the run was "
            "trained on"
        )
    saved.recipe = saved.recipe.replace(epochs=epochs)
    saved.status.update(finished=False)
    print(f"resuming {out} at epoch {done + 1} of {epochs}")
    splits = data.splits(saved.recipe.validation_fraction, saved.data["test"])
    train_into(saved, splits, out, resume_from=ckpt, verbose=args.verbose)
    return 0
