"""``neuralgrad summary RUN``: what a saved run holds: the data it was trained on (task,
columns, classes), the recipe, the layers with their output shapes and parameter counts, how
far training got and the test scores."""

from __future__ import annotations

import argparse
from typing import Any

from ..nn.summary import summary
from ..recipe import Recipe
from ..rundir import load_run, run_directory

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Add the ``summary`` subcommand and its options to the subparsers ``sub``."""
    p = sub.add_parser(
        "summary",
        help="what a saved run holds: data, recipe, layers, scores",
        description=__doc__.split("\n\n")[0],
    )
    p.add_argument("run", help="a run directory")
    p.set_defaults(func=run)
    return p


def _short(items: list[Any], most: int = 8) -> str:
    text = ", ".join(str(i) for i in items[:most])
    return text + (f", ... ({len(items)} in all)" if len(items) > most else "")


def run(args: argparse.Namespace) -> int:
    """Carry out ``neuralgrad summary`` with the parsed ``args``; the exit status."""
    saved = load_run(args.run)
    prep, status = saved.prep, saved.status
    print(f"run directory: {run_directory(args.run)}")
    classes = f"; classes: {_short(prep.labels.classes)}" if prep.labels is not None else ""
    print(f"data: {saved.data.get('data')}; task: {prep.task}; target: {prep.target!r}{classes}")
    names = prep.features.feature_names
    print(f"inputs: {len(names)} features: {_short(names)}")
    if prep.features.categories:
        print(f"one-hot columns: {_short(list(prep.features.categories))}")
    defaults = Recipe.defaults()
    changed = {k: v for k, v in saved.recipe.to_dict().items() if v != defaults[k]}
    print(
        "recipe (besides the defaults): "
        + (", ".join(f"{k}={v}" for k, v in changed.items()) or "none")
    )
    print(f"loss: {prep.head.loss}; outputs: {prep.head.out_features} ({prep.head.out_activation})")
    summary(saved.model, (1, saved.model.in_features))
    state = "finished" if status.get("finished") else "interrupted (resume it)"
    print(f"epochs trained: {status.get('epochs_done', 0)} of {saved.recipe.epochs} ({state})")
    scores = status.get("test_scores") or {}
    if scores:
        print("test scores: " + ", ".join(f"{k} {v:.4g}" for k, v in scores.items()))
    return 0
