"""Pictures of models and training: learning curves, decision boundaries, first-layer weights,
activation histograms, activation functions and their derivatives, loss landscapes with
optimizer paths, each hidden unit's map over the input plane, confusion matrices, lr
schedules, and callbacks that draw during ``fit``. Every function returns a matplotlib
``Figure`` (shown inline in Jupyter) and saves a PNG when given ``path``, except ``graph``,
which returns the autograd graph as DOT text that Jupyter shows as SVG.

Nothing heavy loads here: each name is imported on first use, and matplotlib (the ``plot``
extra: ``pip install neuralgrad[plot]``) only inside the functions that draw.
"""

from __future__ import annotations

import importlib
from typing import Any

# light (NumPy only); bound here so that the name is the function, not the submodule of the
# same name that importing it would otherwise leave on the package
from .graph import graph as graph

# name -> module that defines it (relative to this package, or absolute).
_EXPORTS = {
    "plot_history": "neuralgrad.train.curves",  # the one implementation, under train
    "plot_decision_boundary": ".decision_boundary",
    "class_probabilities": ".decision_boundary",
    "plot_weights": ".weights",
    "plot_activations": ".activations",
    "collect_activations": ".activations",
    "plot_confusion_matrix": ".confusion",
    "plot_lr_schedule": ".schedule",
    "plot_activation_functions": ".activation_functions",
    "activation_and_derivative": ".activation_functions",
    "plot_loss_landscape": ".landscape",
    "optimizer_path": ".landscape",
    "plot_unit_maps": ".hidden_units",
    "unit_maps": ".hidden_units",
    "DecisionBoundary": ".callbacks",
    "WeightTiles": ".callbacks",
}

__all__ = sorted([*_EXPORTS, "graph"])


def __getattr__(name: str) -> Any:
    """Load a picture's module when its name is first used (PEP 562)."""
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name], __name__), name)
    raise AttributeError(f"module 'neuralgrad.plot' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
