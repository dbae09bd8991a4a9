"""How many trials the reliability checks run: a short form in every test run (seconds), the
full counts on demand with ``NEURALGRAD_LONG=1`` (e.g. ``NEURALGRAD_LONG=1 bash scripts/test.sh
tests/fuzz tests/test_modes.py``; see docs/how-to/model-files.md)."""

from __future__ import annotations

import os

LONG = os.environ.get("NEURALGRAD_LONG", "") not in ("", "0")


def trials(short: int, long: int) -> int:
    """``long`` under ``NEURALGRAD_LONG=1``, else ``short``."""
    return long if LONG else short
