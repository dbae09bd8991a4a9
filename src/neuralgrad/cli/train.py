"""``neuralgrad train``: fit an MLP on a built-in data set or a CSV file and write a run
directory. The recipe comes from its defaults, a TOML/YAML/JSON ``--config`` file (a run's own
``recipe.json`` is one) and the options, in that order; ``neuralgrad train digits`` is the
README's main job."""

from __future__ import annotations

import argparse
import os
from typing import Any

from .. import rundir as R
from ..recipe import Preprocessing, Recipe, build_model
from ..rundir import Run
from .config import read_config, split_config
from .data import BUILTIN, DATA_DEFAULTS, is_builtin, load_data
from .errors import CLIError, bad_input
from .flags import add_recipe_flags, given_recipe_fields
from .session import train_into

__all__ = ["add_parser", "run", "QUICK_EPOCHS"]

#: ``--quick`` trains at most this many epochs (a check that everything works).
QUICK_EPOCHS = 8


def _names(text: str) -> list[str]:
    return [s.strip() for s in text.split(",") if s.strip()]


def _fraction(text: str) -> float:
    value = float(text)
    if not 0 <= value < 1:
        raise argparse.ArgumentTypeError(f"expected a fraction in [0, 1), got {text}")
    return value


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Add the ``train`` subcommand and its options to the subparsers ``sub``."""
    p = sub.add_parser(
        "train",
        help="train an MLP and write a run directory",
        description=__doc__.split("\n\n")[0],
    )
    S = argparse.SUPPRESS
    p.add_argument("data", nargs="?", default=S, help=f"a CSV file, or one of {', '.join(BUILTIN)}")
    p.add_argument("--config", help="a TOML, YAML or JSON file of settings (options win)")
    g = p.add_argument_group("data")
    g.add_argument("--target", default=S, help="the CSV column to predict")
    g.add_argument(
        "--features", type=_names, default=S, help="feature columns a,b,c (default: all others)"
    )
    g.add_argument(
        "--task",
        choices=("auto", "classification", "regression"),
        default=S,
        help="default: inferred (text, or integers with few values: classes; floats: regression)",
    )
    g.add_argument("--onehot", action="store_true", default=S, help="one-hot encode text columns")
    g.add_argument("--sep", default=S, help="the CSV separator (default: sniffed: , ; or tab)")
    g.add_argument("--test", type=_fraction, default=S, help="held-out test fraction (default 0.2)")
    add_recipe_flags(p)
    r = p.add_argument_group("run")
    r.add_argument("--out", help="run directory (default runs/<data name>)")
    r.add_argument("--overwrite", action="store_true", help="replace a run already in --out")
    r.add_argument("--quick", action="store_true", help=f"at most {QUICK_EPOCHS} epochs (a check)")
    r.add_argument(
        "--capture",
        action="store_true",
        help="record the training step once and replay it (neuralgrad.capture): same numbers",
    )
    r.add_argument("--verbose", type=int, choices=(0, 1, 2), default=1)
    p.set_defaults(func=run)
    return p


def settings_of(args: argparse.Namespace) -> tuple[Recipe, dict[str, Any]]:
    """The recipe and the data spec: defaults, then the config file, then the options."""
    config: dict[str, Any] = read_config(args.config) if args.config else {}
    recipe_fields, data = split_config(config, args.config or "")
    recipe_fields.update(given_recipe_fields(args))
    spec = {**DATA_DEFAULTS, **data}
    spec.update({k: getattr(args, k) for k in DATA_DEFAULTS if hasattr(args, k)})
    if not 0 <= spec["test"] < 1:
        raise CLIError(f"test must be a fraction in [0, 1), got {spec['test']!r}")
    recipe = Recipe.from_dict(recipe_fields)
    if args.quick:
        recipe = recipe.replace(epochs=min(recipe.epochs, QUICK_EPOCHS))
    if spec["data"] is not None and not is_builtin(spec["data"]):
        spec["data"] = os.path.abspath(spec["data"])  # resume may run from another directory
    return recipe, spec


def _out_dir(args: argparse.Namespace, data: str) -> str:
    name = os.path.splitext(os.path.basename(data))[0]
    out = os.path.abspath(args.out or os.path.join("runs", name))
    if os.path.exists(os.path.join(out, R.RUN)):
        if not args.overwrite:
            raise CLIError(
                f"{out} already holds a run; pass --overwrite to replace it, or "
                f"'neuralgrad resume {args.out or out}' to continue it"
            )
        for f in (R.CHECKPOINT, R.HISTORY_CSV, R.HISTORY_JSON, R.METRICS, R.CURVES):
            if os.path.exists(os.path.join(out, f)):
                os.remove(os.path.join(out, f))
    with bad_input():
        os.makedirs(out, exist_ok=True)
    return out


def run(args: argparse.Namespace) -> int:
    """Carry out ``neuralgrad train`` with the parsed ``args``; the exit status."""
    recipe, spec = settings_of(args)
    data = load_data(spec)
    out = _out_dir(args, spec["data"])
    splits = data.splits(recipe.validation_fraction, spec["test"])
    if not len(splits["train"][1]):
        raise CLIError(f"{spec['data']}: too few rows to train on after holding out the test rows")
    for line in data.describe(spec["data"]):
        print(line)
    sizes = {k: len(v[1]) for k, v in splits.items()}
    print(f"split: {sizes['train']} training, {sizes['val']} validation, {sizes['test']} test rows")
    targets = 1 if data.y.ndim == 1 else data.y.shape[1]
    prep = Preprocessing.for_recipe(
        recipe, data.features, data.target, data.task, data.labels, targets
    ).fit(*splits["train"])
    model = build_model(recipe, len(data.features.feature_names), prep.head)
    spec.update(task=data.task)
    status = {"epochs_done": 0, "finished": False}
    train_into(
        Run(recipe, prep, model, spec, status),
        splits,
        out,
        verbose=args.verbose,
        capture=args.capture,
    )
    return 0
