"""Drop-in parity with scikit-learn's MLPs: the same parameters give the same initial weights
(so a full-batch Adam run follows scikit-learn's loss curve), and ``cross_val_score`` lands
within 0.02 of scikit-learn's on iris, wine, breast_cancer and digits (5 folds, default
parameters; about 10 s for both libraries on one core)."""

import warnings

import numpy as np
import pytest

pytest.importorskip("sklearn")
from sklearn.model_selection import cross_val_score  # noqa: E402
from sklearn.neural_network import MLPClassifier as SkClassifier  # noqa: E402
from sklearn.neural_network import MLPRegressor as SkRegressor  # noqa: E402

from neuralgrad.sklearn import MLPClassifier, MLPRegressor  # noqa: E402
from sklearn import datasets  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


@pytest.mark.parametrize("name", ["iris", "wine", "breast_cancer", "digits"])
def test_cross_val_score_matches_scikit_learn(name):
    X, y = getattr(datasets, f"load_{name}")(return_X_y=True)
    theirs = cross_val_score(SkClassifier(random_state=0), X, y, cv=5).mean()
    ours = cross_val_score(MLPClassifier(random_state=0), X, y, cv=5).mean()
    assert abs(ours - theirs) <= 0.02, (name, ours, theirs)


@pytest.mark.parametrize(
    "ours, theirs, params",
    [
        (MLPRegressor, SkRegressor, {"alpha": 0.01}),
        (MLPClassifier, SkClassifier, {"activation": "logistic", "hidden_layer_sizes": (7, 5)}),
        (MLPClassifier, SkClassifier, {"activation": "identity", "alpha": 0.0}),
    ],
)
def test_same_random_state_same_start_and_loss_curve(ours, theirs, params):
    X, y = datasets.make_regression(120, 6, n_informative=3, noise=5.0, random_state=1)
    X = (X - X.mean(0)) / X.std(0)
    y = (y - y.mean()) / y.std() if ours is MLPRegressor else (y > np.median(y)).astype(int)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        a = theirs(max_iter=1, random_state=3, **params).fit(X, y)
        b = ours(max_iter=1, random_state=3, **params).fit(X, y)
    # one epoch is one full-batch Adam step (each weight moves by at most about lr = 1e-3)
    # from the same start; a weight whose gradient is near 0 may step the other way in float32
    for wa, wb in zip(a.coefs_ + a.intercepts_, b.coefs_ + b.intercepts_):
        np.testing.assert_allclose(wb, wa, atol=2.5e-3)
        assert np.mean(np.abs(wb - wa) < 1e-4) > 0.9
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        a = theirs(max_iter=20, random_state=3, **params).fit(X, y)
        b = ours(max_iter=20, random_state=3, **params).fit(X, y)
    np.testing.assert_allclose(b.loss_curve_, a.loss_curve_, rtol=1e-4)
