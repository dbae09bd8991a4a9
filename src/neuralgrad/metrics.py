"""Evaluation metrics on NumPy arrays or tensors: classification (accuracy, top-k accuracy,
precision/recall/F1, confusion matrix) and regression (MSE, MAE, R²).

Each takes predictions first and targets second and returns a Python float (or a NumPy array
where a per-class answer is asked for). The numbers are scikit-learn's (``accuracy_score``,
``top_k_accuracy_score``, ``precision_recall_fscore_support`` with ``zero_division=0``,
``confusion_matrix``, ``mean_squared_error``, ``mean_absolute_error``, ``r2_score``), which is
not needed. ``get_metric`` resolves the names ``fit`` accepts ('accuracy', 'top5_accuracy',
'f1', 'mse', ...).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np

from ._devices import to_numpy

__all__ = [
    "as_numpy",
    "accuracy",
    "top_k_accuracy",
    "precision_recall_f1",
    "confusion_matrix",
    "mse",
    "mae",
    "r2",
    "get_metric",
    "greater_is_better",
]


def as_numpy(x: Any) -> np.ndarray:
    """A NumPy array from a tensor (detached, copied to the host if on a GPU), a NumPy or CuPy
    array, or a sequence."""
    if isinstance(x, np.ndarray):
        return x
    if hasattr(x, "detach") and hasattr(x, "numpy"):
        return np.asarray(x.detach().numpy())
    try:
        return to_numpy(x)  # an array of a registered backend (a GPU array: a host copy)
    except TypeError:  # not an array neuralgrad computes with: a sequence, a pandas column
        return np.asarray(x)


def _labels(pred: Any, threshold: float = 0.5) -> np.ndarray:
    """Class labels from labels, from (N, C) scores (argmax) or from one column of scores
    (thresholded: ``score > threshold`` is class 1)."""
    p = as_numpy(pred)
    if p.ndim == 2 and p.shape[1] == 1:
        p = p[:, 0]
    if p.ndim == 2:
        return p.argmax(axis=1)
    if p.ndim != 1:
        raise ValueError(f"predictions must be labels (N,) or scores (N, C); got shape {p.shape}")
    if np.issubdtype(p.dtype, np.floating) and not np.all(p == np.round(p)):
        return (p > threshold).astype(np.int64)
    return p.astype(np.int64)


def _pair(pred: np.ndarray, true: Any) -> np.ndarray:
    t = as_numpy(true).reshape(-1)
    if len(pred) != len(t):
        raise ValueError(f"predictions have {len(pred)} samples but targets have {len(t)}")
    return t.astype(np.int64)


def accuracy(y_pred: Any, y_true: Any, threshold: float = 0.5) -> float:
    """The fraction of samples whose predicted class equals the target. ``y_pred`` is labels,
    (N, C) logits or probabilities (argmax), or one score column (``> threshold`` is class 1;
    0.5 for probabilities, pass 0.0 for logits)."""
    pred = _labels(y_pred, threshold)
    true = _pair(pred, y_true)
    return float(np.mean(pred == true)) if len(true) else 0.0


def top_k_accuracy(logits: Any, y_true: Any, k: int = 5) -> float:
    """The fraction of samples whose target is among the ``k`` highest scores of its row
    (ties broken by order, as ``np.argpartition``)."""
    s = as_numpy(logits)
    if s.ndim != 2:
        raise ValueError(f"top_k_accuracy needs (N, C) scores; got shape {s.shape}")
    true = _pair(s, y_true)
    if k >= s.shape[1]:
        return 1.0 if len(true) else 0.0
    top = np.argpartition(-s, k - 1, axis=1)[:, :k]
    return float(np.mean(np.any(top == true[:, None], axis=1))) if len(true) else 0.0


def confusion_matrix(y_pred: Any, y_true: Any, num_classes: int | None = None) -> np.ndarray:
    """``C[i, j]`` = number of samples of true class ``i`` predicted as ``j`` (rows are the
    truth, as scikit-learn's). ``y_pred`` may be labels or scores."""
    pred = _labels(y_pred)
    true = _pair(pred, y_true)
    n = num_classes
    if n is None:
        n = int(max(pred.max(initial=-1), true.max(initial=-1))) + 1
    if len(true) and (min(pred.min(), true.min()) < 0 or max(pred.max(), true.max()) >= n):
        raise ValueError(
            f"labels must lie in [0, {n}); got predictions in [{pred.min()}, "
            f"{pred.max()}] and targets in [{true.min()}, {true.max()}]"
        )
    return np.bincount(true * n + pred, minlength=n * n).reshape(n, n).astype(np.int64)


def _safe_div(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """``num / den`` with 0 where ``den`` is 0 (scikit-learn's ``zero_division=0``)."""
    return np.divide(num, den, out=np.zeros(num.shape, dtype=np.float64), where=den != 0)


def precision_recall_f1(
    y_pred: Any, y_true: Any, average: str | None = "macro", num_classes: int | None = None
) -> tuple[Any, Any, Any]:
    """Precision tp/(tp+fp), recall tp/(tp+fn) and F1 = 2pr/(p+r) per class, then averaged:
    'macro' (plain mean over classes), 'weighted' (by class support), 'micro' (from the summed
    counts; equals accuracy for single-label data) or None (the per-class arrays)."""
    cm = confusion_matrix(y_pred, y_true, num_classes).astype(np.float64)
    tp = np.diag(cm)
    pred_pos, true_pos = cm.sum(axis=0), cm.sum(axis=1)
    if average == "micro":
        tp, pred_pos, true_pos = (
            tp.sum(keepdims=True),
            pred_pos.sum(keepdims=True),
            true_pos.sum(keepdims=True),
        )
    elif average not in ("macro", "weighted", None):
        raise ValueError(
            f"average {average!r} is unknown; expected 'macro', 'micro', 'weighted' or None"
        )
    p, r = _safe_div(tp, pred_pos), _safe_div(tp, true_pos)
    f1 = _safe_div(2 * p * r, p + r)
    if average is None:
        return p, r, f1
    if average == "weighted":
        w = _safe_div(true_pos, np.full_like(true_pos, true_pos.sum()))
        return float(p @ w), float(r @ w), float(f1 @ w)
    return float(p.mean()), float(r.mean()), float(f1.mean())


def _regression(y_pred: Any, y_true: Any) -> tuple[np.ndarray, np.ndarray]:
    p, t = as_numpy(y_pred).astype(np.float64), as_numpy(y_true).astype(np.float64)
    if p.size != t.size:
        raise ValueError(f"predictions have shape {p.shape} but targets have shape {t.shape}")
    return p.reshape(t.shape), t


def mse(y_pred: Any, y_true: Any) -> float:
    """Mean squared error mean((ŷ − y)²)."""
    p, t = _regression(y_pred, y_true)
    return float(np.mean((p - t) ** 2))


def mae(y_pred: Any, y_true: Any) -> float:
    """Mean absolute error mean(|ŷ − y|)."""
    p, t = _regression(y_pred, y_true)
    return float(np.mean(np.abs(p - t)))


def r2(y_pred: Any, y_true: Any) -> float:
    """Coefficient of determination 1 − Σ(y − ŷ)² / Σ(y − ȳ)², per output column and then
    averaged; a constant target scores 1 when predicted exactly, else 0 (as scikit-learn)."""
    p, t = _regression(y_pred, y_true)
    if t.ndim == 1:
        p, t = p[:, None], t[:, None]
    ss_res = ((t - p) ** 2).sum(axis=0)
    ss_tot = ((t - t.mean(axis=0)) ** 2).sum(axis=0)
    score = np.where(ss_tot > 0, 1.0 - _safe_div(ss_res, ss_tot), (ss_res == 0).astype(float))
    return float(score.mean())


# ---- names for fit(metrics=[...]) --------------------------------------------------------
_NAMED: dict[str, Callable[[Any, Any], float]] = {
    "accuracy": accuracy,
    "acc": accuracy,
    "precision": lambda p, t: precision_recall_f1(p, t)[0],
    "recall": lambda p, t: precision_recall_f1(p, t)[1],
    "f1": lambda p, t: precision_recall_f1(p, t)[2],
    "mse": mse,
    "mae": mae,
    "r2": r2,
}
_HIGHER_IS_BETTER = ("acc", "precision", "recall", "f1", "r2", "auc")


def get_metric(name: str | Callable) -> tuple[str, Callable[[Any, Any], float]]:
    """``(name, fn(outputs, targets) -> float)`` for a metric name ('accuracy', 'top5_accuracy',
    'precision', 'recall', 'f1' (macro), 'mse', 'mae', 'r2') or a callable (named after it)."""
    if callable(name):
        return getattr(name, "__name__", type(name).__name__), name
    if not isinstance(name, str):
        raise TypeError(f"a metric is a name or a callable, not {type(name).__name__}")
    m = re.fullmatch(r"top_?(\d+)_acc(uracy)?", name)
    if m:
        k = int(m.group(1))
        return name, lambda p, t: top_k_accuracy(p, t, k)
    if name not in _NAMED:
        raise ValueError(
            f"unknown metric {name!r}; known: {', '.join(_NAMED)}, topK_accuracy "
            "(e.g. 'top5_accuracy'), or pass a callable(outputs, targets)"
        )
    return name, _NAMED[name]


def greater_is_better(name: str) -> bool:
    """Whether a larger value of the metric ``name`` (possibly 'val_'-prefixed) is better: true
    for accuracies, precision, recall, F1 and R²; false for losses and errors."""
    base = name.lower().removeprefix("val_")
    return any(key in base for key in _HIGHER_IS_BETTER)
