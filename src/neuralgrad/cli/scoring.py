"""Predictions and scores of a trained model on raw features, in the user's terms: class
probabilities with accuracy, macro F1 and log loss, or predictions in the target's units with
MSE, MAE and R² (scikit-learn's metrics)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..recipe import Preprocessing, outputs_of
from .errors import CLIError

__all__ = ["predict_outputs", "score", "describe"]


def predict_outputs(model: Any, prep: Preprocessing, X: np.ndarray) -> np.ndarray:
    """Class probabilities (n, classes) or predictions (n, targets) for raw features ``X``."""
    return prep.outputs(outputs_of(model, prep.inputs(X)))


def score(model: Any, prep: Preprocessing, X: np.ndarray, y: np.ndarray) -> dict[str, Any]:
    """Classification (``y``: class ids): accuracy, macro F1 and log loss; regression (``y``:
    values): MSE, MAE and R² in the target's units. Also ``samples``."""
    try:
        from sklearn import metrics as skm
    except ImportError:
        raise CLIError(
            "scoring needs scikit-learn: pip install 'neuralgrad[cli]' (or scikit-learn)"
        ) from None
    out = predict_outputs(model, prep, X)
    if prep.head.classification:
        labels = list(range(out.shape[1]))
        pred = out.argmax(axis=1)
        scores = {
            "accuracy": skm.accuracy_score(y, pred),
            "f1": skm.f1_score(y, pred, average="macro", labels=labels, zero_division=0),
            "loss": skm.log_loss(y, np.clip(out, 1e-15, 1.0), labels=labels),
        }
    else:
        y = np.asarray(y, np.float64).reshape(out.shape)
        scores = {
            "mse": skm.mean_squared_error(y, out),
            "mae": skm.mean_absolute_error(y, out),
            "r2": skm.r2_score(y, out) if len(y) > 1 else float("nan"),
        }
    return {**{k: float(v) for k, v in scores.items()}, "samples": int(len(y))}


def describe(scores: dict[str, Any], where: str) -> str:
    """One line: ``accuracy: 97.50 % on 360 ... (macro F1 0.9748, loss 0.0812)``."""
    if "accuracy" in scores:
        return (
            f"accuracy: {100 * scores['accuracy']:.2f} % on {scores['samples']} {where} "
            f"(macro F1 {scores['f1']:.4f}, loss {scores['loss']:.4f})"
        )
    return (
        f"R2: {scores['r2']:.4f} on {scores['samples']} {where} (MSE {scores['mse']:.6g}, "
        f"MAE {scores['mae']:.6g})"
    )
