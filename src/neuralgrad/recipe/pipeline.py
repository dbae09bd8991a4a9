"""``Preprocessing``: everything between a table's columns and the network, fitted on the
training data only and saved in a run directory: the feature encoder, the input scaler, the
class labels (classification) or the target scaler (regression), and the ``Head`` that says
what the outputs mean."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..preprocessing import LabelEncoder, MinMaxScaler, StandardScaler
from ..preprocessing.features import FeatureEncoder
from .head import Head
from .spec import Recipe

__all__ = ["Preprocessing"]

_SCALERS = {"standard": StandardScaler, "minmax": MinMaxScaler}


class Preprocessing:
    """How raw features ``X`` and targets ``y`` (class ids, or values) become the network's
    inputs and targets, and how its outputs become predictions.

    ``features``: the columns the model reads; ``target``: the target column's name;
    ``labels``: the classes (classification); ``head``: the task and loss."""

    def __init__(
        self,
        features: FeatureEncoder,
        target: str,
        head: Head,
        labels: LabelEncoder | None = None,
        scale: str = "standard",
        scale_target: bool = True,
    ) -> None:
        self.features, self.target, self.head, self.labels = features, target, head, labels
        self.scale, self.scale_target = scale, scale_target
        self.x_scaler: Any = None
        self.y_scaler: StandardScaler | None = None

    @classmethod
    def for_recipe(
        cls,
        recipe: Recipe,
        features: FeatureEncoder,
        target: str,
        task: str,
        labels: LabelEncoder | None,
        targets: int = 1,
    ) -> Preprocessing:
        """Unfitted preprocessing for ``recipe``'s scaling and loss on a task whose classes are
        ``labels`` (classification) or with ``targets`` outputs (regression)."""
        size = len(labels) if labels is not None else targets
        head = Head.resolve(task, size, recipe.loss)
        return cls(features, target, head, labels, recipe.scale, recipe.scale_target)

    @property
    def task(self) -> str:
        return self.head.task

    def fit(self, X: np.ndarray, y: np.ndarray) -> Preprocessing:
        """Fit the scalers on the training data (never on validation or test data)."""
        if self.scale in _SCALERS:
            self.x_scaler = _SCALERS[self.scale]().fit(X)
        if self.task == "regression" and self.scale_target:
            self.y_scaler = StandardScaler().fit(np.asarray(y, np.float64).reshape(len(y), -1))
        return self

    def inputs(self, X: np.ndarray) -> np.ndarray:
        X = np.asarray(X, np.float32)
        return X if self.x_scaler is None else self.x_scaler.transform(X).astype(np.float32)

    def targets(self, y: np.ndarray) -> np.ndarray:
        """Targets as the loss takes them (class ids, or scaled float values)."""
        if self.y_scaler is not None:
            y = self.y_scaler.transform(np.asarray(y, np.float64).reshape(len(y), -1))
        return self.head.targets(y)

    def pair(self, X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(inputs, targets)`` as the network trains on them."""
        return self.inputs(X), self.targets(y)

    def outputs(self, out: np.ndarray) -> np.ndarray:
        """Network outputs as class probabilities (n, classes) or predictions in the target's
        units (n, targets)."""
        if self.head.classification:
            return self.head.probabilities(out)
        out = np.asarray(out, np.float64).reshape(len(out), -1)
        return out if self.y_scaler is None else self.y_scaler.inverse_transform(out)

    def state_dict(self) -> dict[str, Any]:
        """Everything fitted (scaler statistics as tensors, for ``neuralgrad.save``)."""
        return {
            "features": self.features.state_dict(),
            "feature_names": self.features.feature_names,
            "target": self.target,
            "head": self.head.state_dict(),
            "classes": None if self.labels is None else self.labels.classes,
            "scale": self.scale,
            "scale_target": self.scale_target,
            "x_scaler": None if self.x_scaler is None else self.x_scaler.state_dict(),
            "y_scaler": None if self.y_scaler is None else self.y_scaler.state_dict(),
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> Preprocessing:
        labels = None if state["classes"] is None else LabelEncoder(state["classes"])
        h = state["head"]
        prep = cls(
            FeatureEncoder.from_state(state["features"]),
            state["target"],
            Head(h["task"], int(h["size"]), h["loss"], dict(h["settings"])),
            labels,
            state["scale"],
            state["scale_target"],
        )
        if state["x_scaler"] is not None:
            prep.x_scaler = _SCALERS[state["scale"]]()
            prep.x_scaler.load_state_dict(state["x_scaler"])
        if state["y_scaler"] is not None:
            prep.y_scaler = StandardScaler()
            prep.y_scaler.load_state_dict(state["y_scaler"])
        return prep
