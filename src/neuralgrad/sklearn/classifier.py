"""``MLPClassifier``: a neuralgrad MLP trained with cross-entropy, behind scikit-learn's
classifier interface (Pipeline, cross_val_score, GridSearchCV, pickling)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..nn import CrossEntropyLoss
from ._base import BaseMLP
from ._compat import BaseEstimator, ClassifierMixin, check_classification_targets, column_or_1d

__all__ = ["MLPClassifier"]


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


class MLPClassifier(ClassifierMixin, BaseMLP, BaseEstimator):
    """A multilayer-perceptron classifier (scikit-learn's ``MLPClassifier`` in spirit) trained
    by ``neuralgrad.train.fit``; any labels (ints, strings), two classes or more.

    Fitted attributes: ``model_`` (the ``models.MLP``, outputting logits), ``classes_``,
    ``n_features_in_``, ``n_outputs_``, ``loss_curve_``, ``best_loss_``, ``n_iter_``,
    ``history_`` (``train.History``, with ``.plot()``), ``scaler_`` and, with early stopping,
    ``validation_loss_curve_`` / ``best_validation_loss_``.
    """

    __doc__ += BaseMLP.__doc__

    def _loss(self) -> Any:
        return CrossEntropyLoss()

    def _targets(self, y: Any, reset: bool, classes: Any = None) -> np.ndarray:
        """Labels → class indices; ``reset`` learns ``classes_`` (from ``classes`` if given)."""
        y = column_or_1d(y, warn=True)
        check_classification_targets(y)
        if reset:
            self.classes_ = np.unique(y if classes is None else np.asarray(classes))
            self.n_outputs_ = len(self.classes_)
        unknown = np.setdiff1d(y, self.classes_)
        if unknown.size:
            raise ValueError(
                f"y has labels {unknown.tolist()} that are not in classes_ {self.classes_.tolist()}"
            )
        return np.searchsorted(self.classes_, y).astype(np.int64)

    def partial_fit(self, X: Any, y: Any, classes: Any = None) -> MLPClassifier:
        """One epoch over ``(X, y)``; the first call must name every class in ``classes``."""
        if not hasattr(self, "model_"):
            if classes is None:
                raise ValueError("classes must be passed on the first call to partial_fit")
        elif classes is not None and not np.array_equal(np.unique(classes), self.classes_):
            raise ValueError(
                f"classes={list(classes)} differs from classes_ "
                f"{self.classes_.tolist()} of the first partial_fit call"
            )
        return self._partial_fit(X, y, classes)

    def predict_proba(self, X: Any) -> np.ndarray:
        """Class probabilities (softmax of the logits), columns in ``classes_`` order."""
        return _softmax(self._outputs(X))

    def predict_log_proba(self, X: Any) -> np.ndarray:
        """Log of ``predict_proba``, computed stably from the logits."""
        z = self._outputs(X)
        z = z - z.max(axis=1, keepdims=True)
        return z - np.log(np.exp(z).sum(axis=1, keepdims=True))

    def predict(self, X: Any) -> np.ndarray:
        """The most probable class label of each sample."""
        index = np.argmax(self._outputs(X), axis=1)  # checks fitted before classes_ is read
        return self.classes_[index]
