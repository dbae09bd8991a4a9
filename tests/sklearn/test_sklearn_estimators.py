"""MLPClassifier / MLPRegressor inside scikit-learn: Pipeline, cross_val_score, GridSearchCV,
partial_fit, early stopping, pickling, reproducibility and argument errors."""

import pickle
import warnings

import numpy as np
import pytest

pytest.importorskip("sklearn")
from sklearn.datasets import make_blobs, make_moons  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.model_selection import GridSearchCV, cross_val_score  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

import neuralgrad as ng  # noqa: E402
from neuralgrad.sklearn import MLPClassifier, MLPRegressor  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
FAST = {"hidden_layer_sizes": (16,), "learning_rate_init": 0.03, "max_iter": 60, "random_state": 0}


@pytest.fixture(scope="module")
def moons():
    return make_moons(200, noise=0.1, random_state=0)


def test_pipeline_and_cross_val_score(moons):
    X, y = moons
    pipe = make_pipeline(StandardScaler(), MLPClassifier(activation="tanh", **FAST))
    scores = cross_val_score(pipe, X, y, cv=3)
    assert scores.shape == (3,) and scores.mean() > 0.9


def test_grid_search_cv_picks_working_learning_rate(moons):
    X, y = moons
    grid = GridSearchCV(
        MLPClassifier(**{**FAST, "learning_rate_init": 1e-3}),
        {"learning_rate_init": [1e-6, 0.03]},
        cv=3,
    )
    grid.fit(X, y)
    assert grid.best_params_ == {"learning_rate_init": 0.03}
    assert grid.best_estimator_.n_iter_ > 0


def test_string_labels_and_proba(moons):
    X, y = moons
    labels = np.array(["left", "right"])[y]
    clf = MLPClassifier(**FAST).fit(X, labels)
    assert list(clf.classes_) == ["left", "right"]
    proba = clf.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-6)
    np.testing.assert_array_equal(clf.classes_[proba.argmax(1)], clf.predict(X))
    np.testing.assert_allclose(np.exp(clf.predict_log_proba(X)), proba, rtol=1e-5)
    assert len(clf.loss_curve_) == clf.n_iter_ and clf.best_loss_ == min(clf.loss_curve_)


def test_partial_fit_matches_classes_rule():
    X, y = make_blobs(150, centers=3, random_state=0)
    clf = MLPClassifier(**FAST)
    with pytest.raises(ValueError, match="classes must be passed"):
        clf.partial_fit(X, y)
    for _ in range(30):
        clf.partial_fit(X, y, classes=[0, 1, 2])
    assert clf.n_iter_ == 30 and clf.score(X, y) > 0.9
    with pytest.raises(ValueError, match="differs from classes_"):
        clf.partial_fit(X, y, classes=[0, 1])


def test_early_stopping_keeps_validation_curve(moons):
    X, y = moons
    clf = MLPClassifier(
        **{**FAST, "max_iter": 300},
        early_stopping=True,
        n_iter_no_change=5,
        lr_schedule="cosine",
        dropout=0.1,
        batch_norm=True,
        optimizer="adamw",
        weight_decay=1e-3,
    ).fit(X, y)
    assert clf.n_iter_ < 300
    assert clf.best_validation_loss_ == min(clf.validation_loss_curve_)


def test_reproducible_and_leaves_global_rng_alone(moons):
    X, y = moons
    ng.manual_seed(123)
    before = ng.rand(3).numpy()
    ng.manual_seed(123)
    a = MLPClassifier(dropout=0.2, **FAST).fit(X, y).predict_proba(X)
    after = ng.rand(3).numpy()
    b = MLPClassifier(dropout=0.2, **FAST).fit(X, y).predict_proba(X)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(before, after)


def test_pickle_keeps_partial_fit_state(moons):
    X, y = moons
    clf = MLPClassifier(optimizer="sgd", **FAST).fit(X, y)
    copy = pickle.loads(pickle.dumps(clf))
    np.testing.assert_array_equal(copy.predict_proba(X), clf.predict_proba(X))
    clf.partial_fit(X, y)
    copy.partial_fit(X, y)
    np.testing.assert_allclose(copy.predict_proba(X), clf.predict_proba(X), rtol=1e-6)


def test_regressor_multi_output_and_scaling():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 3)) * [1.0, 100.0, 0.01]
    Y = np.stack([X[:, 0] + 0.01 * X[:, 1], np.sin(X[:, 0])], axis=1)
    reg = MLPRegressor(**{**FAST, "max_iter": 150}, scale_inputs=True).fit(X, Y)
    assert reg.predict(X).shape == (200, 2) and reg.score(X, Y) > 0.9
    assert reg.predict(X[:5]).dtype == np.float64
    one = MLPRegressor(**FAST).fit(X, Y[:, 0])
    assert one.predict(X).shape == (200,)


@pytest.mark.parametrize(
    "params, match",
    [
        ({"max_iter": -1}, "max_iter"),
        ({"optimizer": "newton"}, "unknown optimizer"),
        ({"activation": "swish2"}, "unknown activation"),
        ({"lr_schedule": "wavy"}, "unknown lr schedule"),
        ({"validation_fraction": 1.5}, "validation_fraction"),
    ],
)
def test_bad_hyperparameters_fail_in_fit(moons, params, match):
    clf = MLPClassifier(**{**FAST, **params})  # the constructor only stores them
    with pytest.raises(ValueError, match=match):
        clf.fit(*moons)


def test_convergence_warning(moons):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        MLPClassifier(**{**FAST, "max_iter": 2}).fit(*moons)
    assert any(issubclass(w.category, ConvergenceWarning) for w in caught)
