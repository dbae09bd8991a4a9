"""``neuralgrad data NAME --out FILE.csv``: a built-in data set as a CSV file (its feature
columns, then its target), the format ``train``, ``evaluate`` and ``predict`` read."""

from __future__ import annotations

import argparse
import os
from typing import Any

import numpy as np

from ..datasets.table import require_pandas
from .data import BUILTIN, builtin_data
from .errors import CLIError, bad_input

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Add the ``data`` subcommand and its options to the subparsers ``sub``."""
    p = sub.add_parser(
        "data", help="write a built-in data set as a CSV file", description=__doc__.split("\n\n")[0]
    )
    p.add_argument("name", choices=sorted(BUILTIN), help="the built-in data set")
    p.add_argument("--out", required=True, help="the CSV file to write")
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    """Carry out ``neuralgrad data`` with the parsed ``args``; the exit status."""
    pd = require_pandas()

    data = builtin_data(args.name, "auto")
    frame = pd.DataFrame(data.X, columns=data.features.feature_names)
    if data.labels is not None:
        frame[data.target] = data.labels.inverse_transform(data.y)
    else:
        frame[data.target] = np.asarray(data.y)[:, 0]
    if os.path.isdir(args.out):
        raise CLIError(f"{args.out} is a directory; name the CSV file to write")
    with bad_input():
        frame.to_csv(args.out, index=False, float_format="%.6g")
    print(f"wrote {len(frame)} rows of {args.name!r} to {args.out} (target column {data.target!r})")
    return 0
