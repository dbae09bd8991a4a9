"""``Head``: what a network's outputs mean for a task, with its loss resolved: how many outputs
it has, which loss trains them, how targets are encoded for that loss and how outputs become
probabilities or predictions. ``softmax`` here is the package's one NumPy softmax."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .. import metrics as M
from ..errors import InputError
from ..metrics import get_metric
from ..ops.creation import tensor
from ..options import resolve
from .choices import LOSSES

__all__ = ["Head", "TASKS", "softmax", "sigmoid"]

TASKS = ("classification", "regression")
_FOR_TASK = {
    "classification": ("cross_entropy", "binary_cross_entropy", "hinge", "perceptron"),
    "regression": ("mse", "squared_error", "l1", "huber"),
}
_ONE_SCORE = ("binary_cross_entropy", "perceptron")  # one output for two classes


def softmax(z: np.ndarray) -> np.ndarray:
    """Row-wise softmax of (n, C) scores, computed stably (the row maximum subtracted)."""
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def sigmoid(z: np.ndarray) -> np.ndarray:
    """1 / (1 + exp(-z)) without overflow warnings for large |z|."""
    return np.exp(-np.logaddexp(0.0, -z))


class _LogitAccuracy:
    """Accuracy of one-logit outputs: a logit above 0 is class 1 (logged as 'accuracy')."""

    __name__ = "accuracy"

    def __call__(self, outputs: Any, targets: Any) -> float:
        return M.accuracy(outputs, targets, threshold=0.0)


@dataclass(frozen=True)
class Head:
    """``task``: 'classification' (``size`` classes) or 'regression' (``size`` targets);
    ``loss`` and ``settings``: the resolved loss choice."""

    task: str
    size: int
    loss: str
    settings: dict = field(default_factory=dict)

    @classmethod
    def resolve(cls, task: str, size: int, loss: Any = "auto") -> Head:
        """The head of a task with ``size`` classes or targets trained with ``loss`` (a recipe
        choice); a loss that does not fit the task raises ``InputError`` naming 'loss'."""
        if task not in TASKS:
            raise InputError(f"task must be one of {list(TASKS)}, not {task!r}")
        name, settings = resolve(loss, LOSSES, "loss")
        if name == "auto":
            name = "mse" if task == "regression" else "cross_entropy"
            name = "binary_cross_entropy" if task == "classification" and size == 2 else name
            settings = {}
        if name not in _FOR_TASK[task]:
            raise InputError(
                f"loss: {name!r} does not fit a {task} task; choose one of {list(_FOR_TASK[task])}",
                "loss",
            )
        if name in _ONE_SCORE and size != 2:
            raise InputError(f"loss: {name!r} needs two classes, the data has {size}", "loss")
        return cls(task, int(size), name, settings)

    @property
    def classification(self) -> bool:
        return self.task == "classification"

    @property
    def out_features(self) -> int:
        return 1 if self.loss in _ONE_SCORE else self.size

    @property
    def out_activation(self) -> str:
        """scikit-learn's name for what turns outputs into predictions."""
        if not self.classification:
            return "identity"
        if self.loss == "perceptron":
            return "step"
        return "logistic" if self.loss == "binary_cross_entropy" else "softmax"

    def criterion(self) -> Any:
        """The loss module."""
        return LOSSES[self.loss].target(**self.settings)

    def targets(self, y: np.ndarray) -> np.ndarray:
        """Targets as the loss takes them: class ids (int64), one float column for
        binary cross-entropy, float32 (n, k) for regression."""
        if not self.classification:
            return np.asarray(y, np.float32).reshape(len(y), -1)
        ids = np.asarray(y, np.int64).reshape(-1)
        return ids.astype(np.float32)[:, None] if self.out_features == 1 else ids

    def probabilities(self, outputs: np.ndarray) -> np.ndarray:
        """(n, classes) class probabilities from the network's outputs."""
        z = np.asarray(outputs, np.float64).reshape(len(outputs), -1)
        if self.out_features == 1:
            # the perceptron only decides: probability 1 for the side of the boundary
            p = (z[:, 0] > 0).astype(np.float64) if self.loss == "perceptron" else sigmoid(z[:, 0])
            return np.stack([1.0 - p, p], axis=1)
        return softmax(z)

    def metrics(self) -> list[Any]:
        """What training logs besides the loss: accuracy (classification) or R²."""
        if not self.classification:
            return ["r2"]
        return [_LogitAccuracy()] if self.out_features == 1 else ["accuracy"]

    def scores(self, outputs: np.ndarray, targets: np.ndarray) -> dict[str, float]:
        """``{"loss": ..., score_name: ...}`` of a whole set: the loss without penalties (in
        float64) and the accuracy or R² of the network's ``outputs`` against ``targets`` as
        the loss takes them (``targets()``). What a live view shows after each step; outputs
        that are no longer numbers (a diverged model) have a NaN loss."""
        if not len(targets):
            return {"loss": float("nan"), self.score_name: float("nan")}
        out = np.asarray(outputs, np.float64).reshape(len(outputs), -1)
        t = np.asarray(targets)
        t = t.astype(np.float64) if t.dtype.kind == "f" else t
        finite = bool(np.isfinite(out).all())
        loss = float(self.criterion()(tensor(out), tensor(t)).item()) if finite else float("nan")
        name, fn = get_metric(self.metrics()[0])
        return {"loss": loss, name: float(fn(out, t))}

    @property
    def score_name(self) -> str:
        """The logged score ('val_score' monitors ``'val_' + score_name``)."""
        return "accuracy" if self.classification else "r2"

    def state_dict(self) -> dict[str, Any]:
        return {"task": self.task, "size": self.size, "loss": self.loss, "settings": self.settings}
