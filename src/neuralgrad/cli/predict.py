"""``neuralgrad predict RUN INPUT.csv``: predictions for every row of a CSV file (extra columns,
the target among them, are ignored), written as CSV: the row number, the prediction, and for
classification each class's probability."""

from __future__ import annotations

import argparse
import csv
import os
import sys
from typing import Any

from .errors import bad_input
from .rundir import load_run
from .scoring import predict_outputs
from .table import read_table

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "predict", help="predict every row of a CSV file", description=__doc__.split("\n\n")[0]
    )
    p.add_argument("run", help="a run directory or its model.ng")
    p.add_argument("input", help="a CSV file with the model's feature columns")
    p.add_argument("--out", help="output CSV file (default: standard output)")
    p.set_defaults(func=run)
    return p


def _rows(prep: Any, probs: Any) -> tuple[list[str], list[list[Any]]]:
    """Header and rows: ``row, prediction[, prob_<class>...]``."""
    if prep.task == "regression":
        return ["row", "prediction"], [[i + 1, f"{v:.7g}"] for i, v in enumerate(probs[:, 0])]
    header = ["row", "prediction", *(f"prob_{c}" for c in prep.classes)]
    rows = [
        [i + 1, prep.classes[int(p.argmax())], *(f"{q:.6f}" for q in p)]
        for i, p in enumerate(probs)
    ]
    return header, rows


def run(args: argparse.Namespace) -> int:
    saved = load_run(args.run)
    table = read_table(args.input)
    outputs = predict_outputs(saved.model, saved.prep, saved.prep.encoder.transform(table))
    header, rows = _rows(saved.prep, outputs)
    if args.out is None:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerows([header, *rows])
        return 0
    with bad_input(), open(args.out, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows([header, *rows])
    print(f"wrote {len(rows)} predictions to {os.path.abspath(args.out)}", file=sys.stderr)
    return 0
