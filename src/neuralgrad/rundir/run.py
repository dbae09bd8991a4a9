"""``Run``: a trained (or training) model with everything needed to use it again, and how it is
written into a run directory:

    recipe.json        the Recipe (usable again as ``neuralgrad train --config``)
    run.json           format and version, the data it was trained on, the model's sizes,
                       its progress (epochs done, finished, stopped and restored epochs)
    model.ng           the weights (``neuralgrad.save`` of the state dict)
    preprocessing.ng   the fitted feature encoder, scalers, classes and head
    checkpoint.ng      the resume checkpoint (optimizer, schedule, RNG state...)
    history.csv/.json  per-epoch losses and metrics;  metrics.json  test scores
    curves.png         the learning curves

Every front end that trains writes this layout and ``evaluate``, ``predict``, ``summary`` and
``resume`` read it, whichever front end wrote it.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any

from ..recipe import Preprocessing, Recipe
from ..serialization import save

__all__ = [
    "Run",
    "FORMAT",
    "VERSION",
    "RECIPE",
    "RUN",
    "MODEL",
    "PREPROCESSING",
    "CHECKPOINT",
    "HISTORY_CSV",
    "HISTORY_JSON",
    "METRICS",
    "CURVES",
    "write_json",
]

FORMAT, VERSION = "neuralgrad-run", 2
RECIPE, RUN, MODEL, PREPROCESSING = "recipe.json", "run.json", "model.ng", "preprocessing.ng"
CHECKPOINT, HISTORY_CSV, HISTORY_JSON = "checkpoint.ng", "history.csv", "history.json"
METRICS, CURVES = "metrics.json", "curves.png"


def write_json(path: str, value: Any) -> None:
    """Write ``value`` as indented JSON, atomically (a crash mid-write keeps the old file)."""
    tmp = f"{path}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(value, fh, indent=1)
        fh.write("\n")
    os.replace(tmp, path)


@dataclass
class Run:
    """``recipe`` and ``prep`` describe the model, ``model`` holds its weights; ``data`` says
    what it was trained on (source, target, features, task, test fraction...) and ``status``
    how far training got (``epochs_done``, ``finished``, ``stopped_epoch``,
    ``restored_epoch``, ``test_scores``)."""

    recipe: Recipe
    prep: Preprocessing
    model: Any
    data: dict[str, Any] = field(default_factory=dict)
    status: dict[str, Any] = field(default_factory=dict)

    def description(self) -> dict[str, Any]:
        """The contents of ``run.json``."""
        return {
            "format": FORMAT,
            "version": VERSION,
            "data": self.data,
            "model": {
                "kind": type(self.model).__name__,
                "in_features": self.model.in_features,
                "out_features": self.model.out_features,
            },
            "status": self.status,
        }

    def save(self, directory: str | os.PathLike) -> None:
        """Write the recipe, description, weights and preprocessing into ``directory`` (made
        if needed); each file is replaced atomically."""
        out = os.fspath(directory)
        os.makedirs(out, exist_ok=True)
        save(self.model.state_dict(), os.path.join(out, MODEL))
        save(self.prep.state_dict(), os.path.join(out, PREPROCESSING))
        write_json(os.path.join(out, RECIPE), self.recipe.to_dict())
        write_json(os.path.join(out, RUN), self.description())

    def record(self, history: Any, scores: dict | None, directory: str | os.PathLike) -> list[str]:
        """After training: save the run with its final status, the history JSON, the test
        scores and the curves; the names of the files written."""
        out = os.fspath(directory)
        self.status.update(
            epochs_done=len(history),
            finished=True,
            stopped_epoch=history.stopped_epoch,
            restored_epoch=history.restored_epoch,
            test_scores=scores,
        )
        self.save(out)
        history.to_json(os.path.join(out, HISTORY_JSON))
        written = [RECIPE, RUN, MODEL, PREPROCESSING, HISTORY_JSON]
        if scores is not None:
            write_json(os.path.join(out, METRICS), scores)
            written.append(METRICS)
        try:
            metric = [self.prep.head.score_name]
            history.plot(os.path.join(out, CURVES), metrics=("loss", *metric))
            written.append(CURVES)
        except ModuleNotFoundError:
            print(f"note: {CURVES} not drawn: matplotlib is not installed (pip install matplotlib)")
        return written
