"""The scikit-learn pieces the estimators stand on, imported once, with a clear message when
scikit-learn (an optional extra) is missing, and ``validate_data`` across versions 1.3 to now."""

from __future__ import annotations

from typing import Any

try:
    from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.utils import check_random_state
    from sklearn.utils.multiclass import check_classification_targets
    from sklearn.utils.validation import check_array, check_is_fitted, column_or_1d
except ImportError as err:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "neuralgrad.sklearn needs scikit-learn: pip install 'neuralgrad[sklearn]' "
        "(or pip install scikit-learn)"
    ) from err

try:
    from sklearn.utils.validation import validate_data as _validate_data
except ImportError:  # scikit-learn < 1.6: the method on BaseEstimator

    def _validate_data(
        estimator: Any,
        X: Any = "no_validation",
        y: Any = "no_validation",
        reset: bool = True,
        **check_params: Any,
    ) -> Any:
        return estimator._validate_data(X, y, reset=reset, **check_params)


__all__ = [
    "BaseEstimator",
    "ClassifierMixin",
    "RegressorMixin",
    "ConvergenceWarning",
    "check_array",
    "check_random_state",
    "check_classification_targets",
    "check_is_fitted",
    "column_or_1d",
    "validate_data",
]


def validate_data(
    estimator: Any, X: Any, y: Any = "no_validation", reset: bool = True, **check_params: Any
) -> Any:
    """scikit-learn's input checks: a finite 2-D float array (and ``y``), setting
    ``n_features_in_``/``feature_names_in_`` when ``reset`` and checking them otherwise."""
    return _validate_data(estimator, X, y, reset=reset, **check_params)
