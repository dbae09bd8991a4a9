"""``neuralgrad run SCRIPT [ARGS...]``: run a PyTorch script on neuralgrad, unchanged.

The script runs as ``__main__`` with ``neuralgrad.install_as_torch()`` in effect, so its
``import torch`` (and ``torch.nn``, ``torch.utils.data``...) gets neuralgrad. ``sys.argv`` is
``[SCRIPT, *ARGS]``, and its exit status and tracebacks are Python's own.
"""

from __future__ import annotations

import argparse
import os
import runpy
import sys
import traceback
from types import TracebackType
from typing import Any

from .errors import CLIError

__all__ = ["add_parser", "run", "run_script"]


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Add the ``run`` subcommand and its options to the subparsers ``sub``."""
    p = sub.add_parser(
        "run",
        help="run a PyTorch script on neuralgrad (import torch gives neuralgrad)",
        description=__doc__.split("\n\n")[0],
    )
    p.add_argument("script", help="the Python file to run as __main__")
    p.add_argument("args", nargs=argparse.REMAINDER, help="arguments for the script")
    p.set_defaults(func=run)
    return p


def _from_script(tb: TracebackType | None, script: str) -> TracebackType | None:
    """The traceback from the script's first frame on (without this runner's frames)."""
    t = tb
    while t is not None:
        if os.path.abspath(t.tb_frame.f_code.co_filename) == script:
            return t
        t = t.tb_next
    return tb


def _exit_status(e: SystemExit) -> int:
    """What Python exits with for ``SystemExit(code)``: None is 0, an int is itself, anything
    else is printed to stderr and gives 1."""
    if e.code is None:
        return 0
    if isinstance(e.code, int):
        return e.code
    print(e.code, file=sys.stderr)
    return 1


def run_script(script: str, args: list[str]) -> int:
    """Run ``script`` as ``__main__`` with ``torch`` resolving to neuralgrad; its exit status."""
    from .._torch_alias import install_as_torch

    path = os.path.abspath(script)
    if not os.path.isfile(path):
        raise CLIError(f"can't open file {script!r}: no such file")
    install_as_torch()
    sys.argv = [script, *args]
    sys.path.insert(0, os.path.dirname(path))  # the script's folder first, as `python SCRIPT`
    try:
        runpy.run_path(path, run_name="__main__")
    except SystemExit as e:
        return _exit_status(e)
    except BaseException as e:  # noqa: BLE001 - reported as Python reports an uncaught error
        sys.stdout.flush()
        traceback.print_exception(type(e), e, _from_script(e.__traceback__, path))
        return 130 if isinstance(e, KeyboardInterrupt) else 1
    return 0


def run(args: argparse.Namespace) -> int:
    """Carry out ``neuralgrad run`` with the parsed ``args``; the exit status."""
    return run_script(args.script, args.args)
