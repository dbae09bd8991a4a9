"""``neuralgrad evaluate RUN DATA``: a saved model's scores on a labelled CSV file (every row)
or on a built-in data set's held-out test split."""

from __future__ import annotations

import argparse
import json
import os
from typing import Any

from ..rundir import RUN, load_run, run_directory
from .config import saved_data_settings
from .data import load_labelled
from .scoring import describe, score

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Add the ``evaluate`` subcommand and its options to the subparsers ``sub``."""
    p = sub.add_parser(
        "evaluate",
        help="score a saved model on labelled data",
        description=__doc__.split("\n\n")[0],
    )
    p.add_argument("run", help="a run directory")
    p.add_argument("data", help="a labelled CSV file, or a built-in data set's name")
    p.add_argument("--target", help="the label column (default: the training target's name)")
    p.add_argument("--sep", help="the CSV separator (default: sniffed)")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    """Carry out ``neuralgrad evaluate`` with the parsed ``args``; the exit status."""
    saved = load_run(args.run)
    settings = saved_data_settings(saved.data, os.path.join(run_directory(args.run), RUN))
    split = (saved.recipe.validation_fraction, settings["test"])
    X, y, where = load_labelled(args.data, saved.prep, split, args.target, args.sep)
    scores = score(saved.model, saved.prep, X, y)
    print(json.dumps(scores) if args.json else describe(scores, where))
    return 0
