"""The ``neuralgrad`` command line (also ``python -m neuralgrad``)::

    neuralgrad train digits --out runs/digits        (the main job)
    neuralgrad train data.csv --target label --onehot --config settings.toml
    neuralgrad evaluate runs/digits digits          neuralgrad evaluate runs/x test.csv
    neuralgrad predict runs/x new.csv --out predictions.csv
    neuralgrad summary runs/digits                  neuralgrad resume runs/x --epochs 80
    neuralgrad data digits --out digits.csv         neuralgrad recipe [--json]
    neuralgrad playground [--port 8765] [--no-browser]

Exit status: 0 done, 2 bad usage or input (one line on stderr, no traceback), 1 an
unexpected failure (with its traceback).
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence

from .errors import CLIError, InputError

__all__ = ["main", "build_parser", "CLIError"]


def build_parser() -> argparse.ArgumentParser:
    """The ``neuralgrad`` parser with one sub-command per module."""
    from .. import __version__
    from . import evaluate, export, playground, predict, recipe, resume, run, summary, train

    parser = argparse.ArgumentParser(
        prog="neuralgrad",
        description="Train, evaluate and use neuralgrad MLPs on built-in data sets and CSV files.",
    )
    parser.add_argument("--version", action="version", version=f"neuralgrad {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in (train, evaluate, predict, summary, resume, export, recipe, run, playground):
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line on ``argv`` (default ``sys.argv[1:]``); return the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(argv)
        return args.func(args)
    except SystemExit as e:  # argparse: --help, --version, usage errors (status 2)
        return e.code if isinstance(e.code, int) else (0 if e.code is None else 2)
    except InputError as e:
        print(f"neuralgrad: error: {' '.join(str(e).split())}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `neuralgrad predict ... | head`: the reader left early
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        print("neuralgrad: interrupted", file=sys.stderr)
        return 130
    except Exception:
        traceback.print_exc()
        print(
            "neuralgrad: unexpected failure (the traceback above); please report it",
            file=sys.stderr,
        )
        return 1
