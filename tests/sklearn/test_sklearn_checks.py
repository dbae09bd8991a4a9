"""scikit-learn's own estimator checks on MLPClassifier and MLPRegressor with ``max_iter=30``
and every other parameter at its default, as scikit-learn's own MLPs pass them."""

import warnings

import pytest

pytest.importorskip("sklearn")
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.utils.estimator_checks import parametrize_with_checks  # noqa: E402

from neuralgrad.sklearn import MLPClassifier, MLPRegressor  # noqa: E402


@parametrize_with_checks([MLPClassifier(max_iter=30), MLPRegressor(max_iter=30)])
def test_sklearn_estimator_checks(estimator, check):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        check(estimator)


def test_estimators_declare_their_kind():
    """scikit-learn routes scoring and cross-validation by the estimator type tag."""
    from sklearn.base import is_classifier, is_regressor

    assert is_classifier(MLPClassifier()) and not is_regressor(MLPClassifier())
    assert is_regressor(MLPRegressor()) and not is_classifier(MLPRegressor())
