"""``neuralgrad train``: fit an MLP on a built-in data set or a CSV file and write a run
directory (see ``rundir``). Settings come from options or a TOML/YAML ``--config`` file."""

from __future__ import annotations

import argparse
import os
from typing import Any

from .. import manual_seed
from ..models import ACTIVATIONS, MLP
from .data import BUILTIN, is_builtin, load_training_data
from .errors import CLIError, bad_input
from .fitting import OPTIMIZERS, SCHEDULES, train_run
from .rundir import MODEL_FILE, Run

__all__ = ["add_parser", "run", "SETTINGS"]

#: The settings a run records (and ``resume`` reuses), with their defaults.
SETTINGS: dict[str, Any] = {
    "data": None,
    "target": None,
    "features": None,
    "task": "auto",
    "onehot": False,
    "hidden": [128, 64],
    "activation": "relu",
    "dropout": 0.0,
    "batch_norm": False,
    "optimizer": "adam",
    "lr": 1e-3,
    "schedule": "none",
    "epochs": 50,
    "batch_size": 32,
    "early_stopping": 0,
    "seed": 0,
    "val": 0.1,
    "test": 0.2,
}


def _ints(text: str) -> list[int]:
    try:
        sizes = [int(s) for s in text.split(",") if s.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected sizes like 128,64, got {text!r}") from None
    if any(n < 1 for n in sizes):
        raise argparse.ArgumentTypeError(f"layer sizes must be >= 1, got {text!r}")
    return sizes


def _names(text: str) -> list[str]:
    return [s.strip() for s in text.split(",") if s.strip()]


def _fraction(text: str) -> float:
    value = float(text)
    if not 0 <= value < 1:
        raise argparse.ArgumentTypeError(f"expected a fraction in [0, 1), got {text}")
    return value


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "train", help="train an MLP and write a run directory", description=__doc__.split("\n\n")[0]
    )
    p.add_argument("data", nargs="?", help=f"a CSV file, or a built-in: {', '.join(BUILTIN)}")
    p.add_argument("--config", help="a TOML or YAML file of these settings (options win)")
    p.add_argument("--target", help="the CSV column to predict")
    p.add_argument("--features", type=_names, help="feature columns a,b,c (default: all others)")
    p.add_argument(
        "--task",
        choices=("auto", "classification", "regression"),
        help="default: inferred from the target (text or whole numbers: classes)",
    )
    p.add_argument("--onehot", action="store_true", help="one-hot encode text feature columns")
    p.add_argument("--hidden", type=_ints, help="hidden layer sizes (default 128,64)")
    p.add_argument("--activation", choices=sorted(ACTIVATIONS), help="default relu")
    p.add_argument("--dropout", type=float, help="dropout after each hidden layer (default 0)")
    p.add_argument("--batch-norm", action="store_true", help="BatchNorm1d in hidden layers")
    p.add_argument("--optimizer", choices=sorted(OPTIMIZERS), help="default adam")
    p.add_argument("--lr", type=float, help="learning rate (default 0.001)")
    p.add_argument("--schedule", choices=SCHEDULES, help="learning-rate schedule (default none)")
    p.add_argument("--epochs", type=int, help="most epochs (default 50)")
    p.add_argument("--batch-size", type=int, help="default 32")
    p.add_argument(
        "--early-stopping",
        type=int,
        metavar="PATIENCE",
        help="stop after PATIENCE epochs without a better validation loss and "
        "keep the best weights (default: off)",
    )
    p.add_argument("--seed", type=int, help="seed of the weights and batch order (default 0)")
    p.add_argument("--val", type=_fraction, help="validation fraction (default 0.1)")
    p.add_argument("--test", type=_fraction, help="held-out test fraction (default 0.2)")
    p.add_argument("--out", help="run directory (default runs/<data name>)")
    p.add_argument("--overwrite", action="store_true", help="replace a run already in --out")
    p.add_argument("--verbose", type=int, choices=(0, 1, 2), default=1)
    p.set_defaults(func=run)
    return p


def settings_of(args: argparse.Namespace) -> dict[str, Any]:
    """The run's settings: the options given, the defaults for the rest, checked."""
    s = {k: SETTINGS[k] if getattr(args, k, None) is None else getattr(args, k) for k in SETTINGS}
    s["onehot"] = bool(s["onehot"])
    if s["data"] is None:
        raise CLIError(f"name the data: a CSV file or a built-in data set ({', '.join(BUILTIN)})")
    if s["epochs"] < 1 or s["batch_size"] < 1 or s["lr"] <= 0 or s["early_stopping"] < 0:
        raise CLIError("--epochs and --batch-size must be >= 1, --lr > 0 and --early-stopping >= 0")
    if not 0 <= s["dropout"] < 1 or s["val"] + s["test"] >= 1:
        raise CLIError("--dropout must be in [0, 1) and --val + --test below 1")
    if not is_builtin(s["data"]):
        s["data"] = os.path.abspath(s["data"])  # resume may run from another directory
    return s


def _out_dir(args: argparse.Namespace, data: str) -> str:
    name = os.path.splitext(os.path.basename(data))[0]
    out = os.path.abspath(args.out or os.path.join("runs", name))
    if os.path.exists(os.path.join(out, MODEL_FILE)) and not args.overwrite:
        raise CLIError(
            f"{out} already holds a run; pass --overwrite to replace it, or "
            f"'neuralgrad resume {args.out or out}' to continue it"
        )
    with bad_input():
        os.makedirs(out, exist_ok=True)
    return out


def run(args: argparse.Namespace) -> int:
    s = settings_of(args)
    out = _out_dir(args, s["data"])
    data = load_training_data(s["data"], s["target"], s["features"], s["task"], s["onehot"])
    splits = data.splits(s["val"], s["test"])
    if not len(splits["train"][1]):
        raise CLIError(f"{s['data']}: too few rows to train on after holding out --val and --test")
    prep = data.preprocessing().fit(*splits["train"])
    manual_seed(s["seed"])
    model = MLP(
        prep.x_scaler.mean_.shape[0],
        s["hidden"],
        prep.out_features,
        s["activation"],
        s["dropout"],
        s["batch_norm"],
    )
    s.update(task=data.task, target=data.target, epochs_done=0, finished=False)
    train_run(Run(model, prep, s), splits, out, verbose=args.verbose)
    return 0
