"""``Preprocessing``: everything between a file's columns and the model, fitted on the training
split only and saved in the run file: the feature encoder, the feature scaler, for regression
the target scaler, the task and the class names. It also names the task's loss and metrics."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..preprocessing import StandardScaler
from .features import FeatureEncoder

__all__ = ["Preprocessing", "TASKS"]

TASKS = ("classification", "regression")


class Preprocessing:
    """How raw features ``X`` and targets ``y`` become the model's inputs and targets, and how
    its outputs become predictions (class probabilities, or values in the target's units)."""

    def __init__(
        self, task: str, target: str, encoder: FeatureEncoder, classes: list[Any] | None
    ) -> None:
        self.task, self.target, self.encoder, self.classes = task, target, encoder, classes
        self.x_scaler = StandardScaler()
        self.y_scaler: StandardScaler | None = None

    def fit(self, X: np.ndarray, y: np.ndarray) -> Preprocessing:
        """Fit the scalers on the training split (never on validation or test data)."""
        self.x_scaler.fit(X)
        if self.task == "regression":
            self.y_scaler = StandardScaler().fit(y)
        return self

    @property
    def out_features(self) -> int:
        return len(self.classes) if self.task == "classification" else 1

    def inputs(self, X: np.ndarray) -> np.ndarray:
        return self.x_scaler.transform(np.asarray(X, dtype=np.float32))

    def targets(self, y: np.ndarray) -> np.ndarray:
        return y if self.y_scaler is None else self.y_scaler.transform(y).astype(np.float32)

    def pair(self, X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(inputs, targets)`` as the model trains on them."""
        return self.inputs(X), self.targets(y)

    def outputs(self, out: np.ndarray) -> np.ndarray:
        """Model outputs as class probabilities (softmax) or predictions in the target's units."""
        if self.task == "regression":
            return self.y_scaler.inverse_transform(out)
        z = np.exp(out - out.max(axis=1, keepdims=True))
        return z / z.sum(axis=1, keepdims=True)

    def loss(self) -> Any:
        from .. import nn

        return nn.CrossEntropyLoss() if self.task == "classification" else nn.MSELoss()

    def metrics(self) -> list[str]:
        """What ``fit`` logs per epoch (R² does not depend on the target's scale)."""
        return ["accuracy"] if self.task == "classification" else ["r2"]

    def state_dict(self) -> dict[str, Any]:
        return {
            "task": self.task,
            "target": self.target,
            "classes": self.classes,
            "features": self.encoder.state_dict(),
            "feature_names": self.encoder.feature_names,
            "x_scaler": self.x_scaler.state_dict(),
            "y_scaler": None if self.y_scaler is None else self.y_scaler.state_dict(),
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> Preprocessing:
        prep = cls(
            state["task"],
            state["target"],
            FeatureEncoder.from_state(state["features"]),
            state["classes"],
        )
        prep.x_scaler.load_state_dict(state["x_scaler"])
        if state["y_scaler"] is not None:
            prep.y_scaler = StandardScaler()
            prep.y_scaler.load_state_dict(state["y_scaler"])
        return prep
