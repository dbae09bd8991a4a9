"""What the examples share: the ``--out`` folder (default: a temporary ``runs/`` folder, never
the repository) and the ``--quick`` flag for a run of a few seconds (the tests use it)."""

from __future__ import annotations

import argparse
import os
import tempfile


def parse_args(name: str, description: str) -> argparse.Namespace:
    """``--out DIR`` (created; default ``<tmp>/neuralgrad-runs/<name>``) and ``--quick``."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument(
        "--out",
        default=os.path.join(tempfile.gettempdir(), "neuralgrad-runs", name),
        help="folder for the pictures (created)",
    )
    p.add_argument("--quick", action="store_true", help="a short run (seconds), for tests")
    args = p.parse_args()
    os.makedirs(args.out, exist_ok=True)
    return args


def wrote(out: str, *names: str) -> None:
    """Say which files the example wrote."""
    print(f"wrote {out}{os.sep}: {', '.join(names)}")
