"""The run directory: what training leaves behind (recipe, description, weights, fitted
preprocessing, history, curves, test scores), written by every front end that trains and read
by ``evaluate``, ``predict``, ``summary`` and ``resume`` whichever front end wrote it. See
``run`` for the layout; ``load_run`` checks a directory before building its model."""

from . import run as _run
from .load import load_run, run_directory
from .run import *  # noqa: F403 - the layout's names, listed once in run.__all__

__all__ = ["load_run", "run_directory", *_run.__all__]
