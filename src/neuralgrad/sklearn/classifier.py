"""``MLPClassifier``: a neuralgrad MLP behind scikit-learn's classifier interface (Pipeline,
cross_val_score, GridSearchCV, pickling), with scikit-learn's parameters and attributes."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..preprocessing import LabelEncoder
from ..recipe import Head
from ._base import BaseMLP
from ._compat import BaseEstimator, ClassifierMixin, check_classification_targets, column_or_1d

__all__ = ["MLPClassifier"]


class MLPClassifier(ClassifierMixin, BaseMLP, BaseEstimator):
    """A multilayer-perceptron classifier, a drop-in for scikit-learn's ``MLPClassifier``
    trained by neuralgrad; any labels (ints, strings), two classes or more (two: one logistic
    output, as scikit-learn).

    Fitted attributes (scikit-learn's): ``classes_``, ``coefs_``, ``intercepts_``,
    ``loss_curve_``, ``best_loss_``, ``validation_scores_``, ``best_validation_score_``,
    ``n_iter_``, ``t_``, ``n_layers_``, ``n_outputs_``, ``out_activation_``,
    ``n_features_in_``; ours: ``model_`` (the ``models.MLP``, outputting logits) and
    ``history_`` (``train.History``, with ``.plot()``).
    """

    __doc__ += BaseMLP.__doc__

    def _head(self) -> Head:
        return Head.resolve("classification", len(self.classes_))

    def _targets(self, y: Any, reset: bool, classes: Any = None) -> np.ndarray:
        y = column_or_1d(y, warn=True)
        check_classification_targets(y)
        if reset:
            self._labels = LabelEncoder().fit(y if classes is None else classes)
            self.classes_ = self._labels.classes_
            if len(self.classes_) < 2:
                raise ValueError(
                    f"a classifier needs at least two classes; y has one class {self.classes_}"
                )
        return self._labels.transform(y, "y")

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
        return self._fit(X, y, incremental=True, classes=classes)

    def predict_proba(self, X: Any) -> np.ndarray:
        """Class probabilities, columns in ``classes_`` order."""
        out = self._outputs(X)  # checks that the estimator is fitted before head_ is read
        return self.head_.probabilities(out)

    def predict_log_proba(self, X: Any) -> np.ndarray:
        """Log of ``predict_proba`` (scikit-learn's definition)."""
        with np.errstate(divide="ignore"):
            return np.log(self.predict_proba(X))

    def predict(self, X: Any) -> np.ndarray:
        """The most probable class label of each sample."""
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]
