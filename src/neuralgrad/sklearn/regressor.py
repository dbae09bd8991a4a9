"""``MLPRegressor``: a neuralgrad MLP behind scikit-learn's regressor interface, with
scikit-learn's parameters and attributes; one target or several (``y`` of shape ``(n, k)``)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..recipe import Head
from ._base import BaseMLP
from ._compat import BaseEstimator, RegressorMixin, check_array

__all__ = ["MLPRegressor"]


class MLPRegressor(RegressorMixin, BaseMLP, BaseEstimator):
    """A multilayer-perceptron regressor, a drop-in for scikit-learn's ``MLPRegressor``
    trained by neuralgrad on scikit-learn's loss (half the squared error); targets are used as
    given (scale them, e.g. with
    ``TransformedTargetRegressor``, when they are large).

    Fitted attributes (scikit-learn's): ``coefs_``, ``intercepts_``, ``loss_curve_``,
    ``best_loss_``, ``validation_scores_``, ``best_validation_score_``, ``n_iter_``, ``t_``,
    ``n_layers_``, ``n_outputs_``, ``out_activation_``, ``n_features_in_``; ours:
    ``model_`` and ``history_``.
    """

    __doc__ += BaseMLP.__doc__

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags

    def _more_tags(self) -> dict:  # scikit-learn < 1.6
        return {"multioutput": True}

    def _head(self) -> Head:
        return Head.resolve("regression", self._n_targets, "squared_error")

    def _targets(self, y: Any, reset: bool, classes: Any = None) -> np.ndarray:
        if y is None:
            raise ValueError("MLPRegressor requires y to be passed, but the target y is None")
        y = check_array(y, ensure_2d=False, dtype=np.float32, input_name="y")
        if reset:
            self._y_1d = y.ndim == 1
            self._n_targets = 1 if y.ndim == 1 else y.shape[1]
        y = y.reshape(len(y), -1)
        if y.shape[1] != self._n_targets:
            raise ValueError(
                f"y has {y.shape[1]} targets but the model was fitted with {self._n_targets}"
            )
        return y

    def partial_fit(self, X: Any, y: Any) -> MLPRegressor:
        """One epoch over ``(X, y)``, continuing the network (built on the first call)."""
        return self._fit(X, y, incremental=True)

    def predict(self, X: Any) -> np.ndarray:
        """Predicted targets: shape ``(n,)`` when fitted on 1-D ``y``, else ``(n, k)``."""
        out = self._outputs(X)
        return out.ravel() if self._y_1d else out
