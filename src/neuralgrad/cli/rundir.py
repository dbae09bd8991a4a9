"""The run directory and its one self-contained run file, ``model.ng``: a ``neuralgrad.save``
dict holding the model (kind, config, weights), the fitted preprocessing and the training
settings, so ``evaluate``, ``predict``, ``summary`` and ``resume`` need nothing else.

    {"format": "neuralgrad-run", "version": 1,
     "model": {"kind": "MLP", "config": {...}, "state_dict": {...}},
     "preprocessing": {...}, "training": {settings, epochs_done, finished, test scores}}
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from ..models import MLP
from ..serialization import load, save
from .errors import CLIError, bad_input
from .pipeline import Preprocessing

__all__ = ["FORMAT", "VERSION", "MODEL_FILE", "CHECKPOINT_FILE", "Run", "run_file", "load_run"]

FORMAT, VERSION = "neuralgrad-run", 1
MODEL_FILE, CHECKPOINT_FILE = "model.ng", "checkpoint.ng"
HISTORY_CSV, HISTORY_JSON, CURVES, SCORES = (
    "history.csv",
    "history.json",
    "curves.png",
    "metrics.json",
)
_KINDS = {"MLP": MLP}


@dataclass
class Run:
    """A trained (or training) model with its preprocessing and training record."""

    model: MLP
    prep: Preprocessing
    training: dict[str, Any]

    def state(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "model": {
                "kind": type(self.model).__name__,
                "config": self.model.config(),
                "state_dict": self.model.state_dict(),
            },
            "preprocessing": self.prep.state_dict(),
            "training": self.training,
        }

    def save(self, path: str | os.PathLike) -> None:
        """Write the run file atomically (a crash mid-write keeps the previous one)."""
        save(self.state(), path)


def run_file(path: str | os.PathLike) -> str:
    """The run file of ``path``: the path itself, or ``model.ng`` inside a run directory."""
    path = os.fspath(path)
    return os.path.join(path, MODEL_FILE) if os.path.isdir(path) else path


def _check(state: Any, path: str) -> None:
    if not isinstance(state, dict) or state.get("format") != FORMAT:
        hint = (
            " (a resume checkpoint? pass the run directory or its model.ng)"
            if isinstance(state, dict) and "optimizer" in state
            else ""
        )
        raise CLIError(f"{path} is not a neuralgrad run file (written by 'neuralgrad train'){hint}")
    if state.get("version") != VERSION:
        raise CLIError(
            f"{path}: run file version {state.get('version')!r} is not one this "
            f"neuralgrad reads ({VERSION})"
        )
    if state["model"].get("kind") not in _KINDS:
        raise CLIError(f"{path}: unknown model kind {state['model'].get('kind')!r}")


def load_run(path: str | os.PathLike) -> Run:
    """The run saved at ``path`` (a run directory or its ``model.ng``), model in eval mode;
    a missing file or one that is not a run file raises ``CLIError``."""
    name = run_file(path)
    if not os.path.isfile(name):
        raise CLIError(f"{name}: no such file (expected a run directory or its {MODEL_FILE})")
    with bad_input(f"{name} is not a neuralgrad run file: "):
        state = load(name)
    _check(state, name)
    try:
        model = _KINDS[state["model"]["kind"]].from_config(state["model"]["config"])
        model.load_state_dict(state["model"]["state_dict"])
        prep = Preprocessing.from_state(state["preprocessing"])
    except (KeyError, TypeError, ValueError, RuntimeError) as e:
        raise CLIError(f"{name}: a damaged run file ({type(e).__name__}: {e})") from None
    return Run(model.eval(), prep, dict(state["training"]))
