"""The default trial of a search: a ``Recipe`` with the trial's hyperparameters, preprocessing
fitted on the trial's training part only (the recipe's input scaling, or a scikit-learn
transformer or ``Pipeline``), training through ``recipe.fit_recipe``, and a score on held-out
data.

Hyperparameter names are the ``Recipe``'s fields (``hidden``, ``activation``, ``lr``,
``l2``, ``optimizer``, ``schedule``, ``dropout``, ``norm``, ``epochs``, ...), plus ``n_layers``
and ``width`` (that many hidden layers of that width).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import InputError
from ..metrics import get_metric
from ..preprocessing import FeatureEncoder, LabelEncoder
from ..recipe import Preprocessing, Recipe, build_model, fit_recipe, outputs_of

__all__ = ["TrialModel", "trial_recipe", "train_trial", "score_model"]


def trial_recipe(base: Recipe, params: dict[str, Any]) -> Recipe:
    """``base`` with ``params``, ``n_layers``/``width`` turned into ``hidden``; an unknown
    name is an error naming it (a typo would otherwise search nothing)."""
    params = dict(params)
    if "n_layers" in params or "width" in params:
        if "hidden" in params:
            raise InputError("give hidden, or n_layers and width, not both", "hidden")
        width = int(params.pop("width", base.hidden[0] if base.hidden else 100))
        params["hidden"] = (width,) * int(params.pop("n_layers", max(len(base.hidden), 1)))
    return base.replace(**params)


class TrialModel:
    """A trained trial: its fitted transformer (if any), preprocessing and network."""

    def __init__(self, transformer: Any, prep: Preprocessing, model: Any) -> None:
        self.transformer, self.prep, self.model = transformer, prep, model

    def outputs(self, X: np.ndarray) -> np.ndarray:
        """Class probabilities (n, classes) or predictions (n, targets) for raw ``X``."""
        if self.transformer is not None:
            X = self.transformer.transform(X)
        return self.prep.outputs(outputs_of(self.model, self.prep.inputs(X)))

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Class ids, or values ((n,) for one target)."""
        out = self.outputs(X)
        if self.prep.head.classification:
            return out.argmax(axis=1)
        return out[:, 0] if out.shape[1] == 1 else out


def train_trial(
    base: Recipe,
    params: dict[str, Any],
    X: np.ndarray,
    y: np.ndarray,
    *,
    task: str,
    seed: int,
    n_classes: int | None = None,
    preprocess: Any = None,
) -> TrialModel:
    """A fresh MLP trained on ``(X, y)``: class ids ``0..C-1`` for 'classification'
    (``n_classes`` classes; default ``y.max() + 1``), values for 'regression'; reproducible
    for a ``seed``. ``preprocess``: a scikit-learn transformer (cloned, fitted on ``X``)
    used instead of the recipe's input scaling."""
    recipe = trial_recipe(base, params).replace(seed=seed)
    transformer = None
    if preprocess is not None:
        from sklearn.base import clone

        transformer = clone(preprocess).fit(X, y)
        X = transformer.transform(X)
        recipe = recipe.replace(scale="none")
    X = np.asarray(X, np.float32)
    labels = None
    if task == "classification":
        labels = LabelEncoder(np.arange(n_classes or int(np.max(y)) + 1))
    targets = 1 if np.ndim(y) == 1 else np.shape(y)[1]
    prep = Preprocessing.for_recipe(
        recipe, FeatureEncoder.numeric(X.shape[1]), "y", task, labels, targets
    ).fit(X, y)
    model = build_model(recipe, X.shape[1], prep.head)
    fit_recipe(recipe, model, prep.head, prep.pair(X, y))
    return TrialModel(transformer, prep, model)


def score_model(model: TrialModel, X: np.ndarray, y: np.ndarray, *, scoring: str) -> float:
    """``scoring`` (a ``neuralgrad.metrics`` name: 'accuracy', 'r2', 'mse', ...) of the trial's
    probabilities or predictions on ``(X, y)``; non-finite outputs (a diverged run) score
    NaN."""
    out = model.outputs(X)
    if not np.isfinite(out).all():
        return float("nan")
    return float(get_metric(scoring)[1](out, y))
