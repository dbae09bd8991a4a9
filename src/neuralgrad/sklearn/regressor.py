"""``MLPRegressor``: a neuralgrad MLP trained with mean squared error, behind scikit-learn's
regressor interface; one target or several (``y`` of shape ``(n, k)``)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..nn import MSELoss
from ._base import BaseMLP
from ._compat import BaseEstimator, RegressorMixin, check_array

__all__ = ["MLPRegressor"]


class MLPRegressor(RegressorMixin, BaseMLP, BaseEstimator):
    """A multilayer-perceptron regressor (scikit-learn's ``MLPRegressor`` in spirit) trained
    by ``neuralgrad.train.fit`` on the squared error; targets are used as given (scale them,
    e.g. with ``TransformedTargetRegressor``, when they are large).

    Fitted attributes: ``model_``, ``n_features_in_``, ``n_outputs_``, ``loss_curve_``,
    ``best_loss_``, ``n_iter_``, ``history_``, ``scaler_`` and, with early stopping,
    ``validation_loss_curve_`` / ``best_validation_loss_``.
    """

    __doc__ += BaseMLP.__doc__

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags

    def _more_tags(self) -> dict:  # scikit-learn < 1.6
        return {"multioutput": True}

    def _loss(self) -> Any:
        return MSELoss()

    def _targets(self, y: Any, reset: bool, classes: Any = None) -> np.ndarray:
        """Targets as a float32 ``(n, k)`` array; ``reset`` learns ``k`` and y's rank."""
        y = check_array(y, ensure_2d=False, dtype=np.float32, input_name="y")
        if reset:
            self._y_1d = y.ndim == 1
            self.n_outputs_ = 1 if y.ndim == 1 else y.shape[1]
        y = y.reshape(len(y), -1)
        if y.shape[1] != self.n_outputs_:
            raise ValueError(
                f"y has {y.shape[1]} targets but the model was fitted with {self.n_outputs_}"
            )
        return y

    def partial_fit(self, X: Any, y: Any) -> MLPRegressor:
        """One epoch over ``(X, y)``, continuing the network (built on the first call)."""
        return self._partial_fit(X, y)

    def predict(self, X: Any) -> np.ndarray:
        """Predicted targets: shape ``(n,)`` when fitted on 1-D ``y``, else ``(n, k)``."""
        out = self._outputs(X)
        return out.ravel() if self._y_1d else out
