"""scikit-learn's own estimator checks on MLPClassifier and MLPRegressor (small, fast
settings: the checks train on a few hundred samples and compare runs)."""

import warnings

import pytest

pytest.importorskip("sklearn")
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.utils.estimator_checks import parametrize_with_checks  # noqa: E402

from neuralgrad.sklearn import MLPClassifier, MLPRegressor  # noqa: E402

FAST = {
    "hidden_layer_sizes": (16,),
    "learning_rate_init": 0.02,
    "max_iter": 60,
    "batch_size": 64,
    "random_state": 0,
}


@parametrize_with_checks([MLPClassifier(**FAST), MLPRegressor(**FAST)])
def test_sklearn_estimator_checks(estimator, check):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        check(estimator)


def test_estimators_declare_their_kind():
    """scikit-learn routes scoring and cross-validation by the estimator type tag."""
    from sklearn.base import is_classifier, is_regressor

    assert is_classifier(MLPClassifier()) and not is_regressor(MLPClassifier())
    assert is_regressor(MLPRegressor()) and not is_classifier(MLPRegressor())
