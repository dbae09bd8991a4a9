"""``neuralgrad predict RUN INPUT.csv``: predictions for every row of a CSV file (extra columns,
the target among them, are ignored), written as CSV: the row number, the prediction, and for
classification each class's probability."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

import numpy as np

from ..datasets.table import read_table, require_pandas
from ..recipe import Preprocessing
from ..rundir import load_run
from .errors import bad_input
from .scoring import predict_outputs

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Add the ``predict`` subcommand and its options to the subparsers ``sub``."""
    p = sub.add_parser(
        "predict", help="predict every row of a CSV file", description=__doc__.split("\n\n")[0]
    )
    p.add_argument("run", help="a run directory")
    p.add_argument("input", help="a CSV file with the model's feature columns")
    p.add_argument("--sep", help="the CSV separator (default: sniffed)")
    p.add_argument("--out", help="output CSV file (default: standard output)")
    p.set_defaults(func=run)
    return p


def _table(prep: Preprocessing, outputs: np.ndarray) -> Any:
    """A DataFrame: ``row, prediction[, prob_<class>...]``."""
    pd = require_pandas()

    rows = np.arange(1, len(outputs) + 1)
    if not prep.head.classification:
        cols = (
            ["prediction"]
            if outputs.shape[1] == 1
            else [f"prediction_{i}" for i in range(outputs.shape[1])]
        )
        return pd.DataFrame({"row": rows, **dict(zip(cols, outputs.T))})
    predicted = prep.labels.inverse_transform(outputs.argmax(axis=1))
    probs = {f"prob_{c}": outputs[:, i] for i, c in enumerate(prep.labels.classes)}
    return pd.DataFrame({"row": rows, "prediction": predicted, **probs})


def run(args: argparse.Namespace) -> int:
    """Carry out ``neuralgrad predict`` with the parsed ``args``; the exit status."""
    saved = load_run(args.run)
    table = read_table(args.input, args.sep)
    outputs = predict_outputs(saved.model, saved.prep, saved.prep.features.transform(table))
    frame = _table(saved.prep, outputs)
    if args.out is None:
        frame.to_csv(sys.stdout, index=False, float_format="%.7g", lineterminator="\n")
        return 0
    with bad_input():
        frame.to_csv(args.out, index=False, float_format="%.7g", lineterminator="\n")
    print(f"wrote {len(frame)} predictions to {os.path.abspath(args.out)}", file=sys.stderr)
    return 0
