"""``neuralgrad summary RUN``: what a saved run holds: the task, the data's columns and classes,
the layers with their output shapes and parameter counts, the training settings and the test
scores."""

from __future__ import annotations

import argparse
from typing import Any

from ..nn.summary import summary
from .rundir import load_run, run_file

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "summary",
        help="architecture and parameter counts of a saved model",
        description=__doc__.split("\n\n")[0],
    )
    p.add_argument("run", help="a run directory or its model.ng")
    p.set_defaults(func=run)
    return p


def _short(items: list[Any], most: int = 8) -> str:
    text = ", ".join(str(i) for i in items[:most])
    return text + (f", ... ({len(items)} in all)" if len(items) > most else "")


def run(args: argparse.Namespace) -> int:
    saved = load_run(args.run)
    prep, t = saved.prep, saved.training
    print(f"run file: {run_file(args.run)}")
    print(
        f"task: {prep.task}; target: {prep.target!r}"
        + (f"; classes: {_short(prep.classes)}" if prep.classes is not None else "")
    )
    names = prep.encoder.feature_names
    print(f"inputs: {len(names)} features: {_short(names)}")
    if prep.encoder.categories:
        print(f"one-hot columns: {_short(list(prep.encoder.categories))}")
    summary(saved.model, (1, saved.model.in_features))
    keys = (
        "data",
        "hidden",
        "activation",
        "dropout",
        "batch_norm",
        "optimizer",
        "lr",
        "schedule",
        "epochs",
        "batch_size",
        "early_stopping",
        "seed",
    )
    print("training: " + ", ".join(f"{k}={t[k]}" for k in keys if k in t))
    state = "finished" if t.get("finished") else "interrupted (resume it)"
    print(f"epochs trained: {t.get('epochs_done', 0)} ({state})")
    scores = t.get("test_scores") or {}
    if scores:
        print("test scores: " + ", ".join(f"{k} {v:.4g}" for k, v in scores.items()))
    return 0
