"""MLPClassifier / MLPRegressor inside scikit-learn: Pipeline, cross_val_score, GridSearchCV,
partial_fit, warm_start, early stopping, scikit-learn's parameters and fitted attributes,
pickling, reproducibility, argument errors and the run directory."""

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
    pipe = make_pipeline(
        StandardScaler(), MLPClassifier(activation="tanh", **{**FAST, "max_iter": 200})
    )
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
    assert clf.n_outputs_ == 1 and clf.out_activation_ == "logistic"  # two classes


def test_partial_fit_matches_classes_rule():
    X, y = make_blobs(150, centers=3, random_state=0)
    clf = MLPClassifier(**FAST)
    with pytest.raises(ValueError, match="classes must be passed"):
        clf.partial_fit(X, y)
    for _ in range(30):
        clf.partial_fit(X, y, classes=[0, 1, 2])
    assert clf.n_iter_ == 1 and len(clf.loss_curve_) == 30 and clf.t_ == 30 * 150
    assert clf.score(X, y) > 0.9 and clf.out_activation_ == "softmax"
    with pytest.raises(ValueError, match="differs from classes_"):
        clf.partial_fit(X, y, classes=[0, 1])


def test_early_stopping_keeps_validation_curve(moons):
    X, y = moons
    clf = MLPClassifier(
        **{**FAST, "max_iter": 300},
        early_stopping=True,
        n_iter_no_change=5,
        schedule="cosine",
        dropout=0.1,
        norm="batch",
        solver="adamw",
    ).fit(X, y)
    assert clf.n_iter_ < 300 and clf.best_loss_ is None
    assert len(clf.validation_scores_) == clf.n_iter_
    assert clf.best_validation_score_ == max(clf.validation_scores_)  # accuracies


def test_scikit_learns_parameters_and_attributes(moons):
    X, y = moons
    clf = MLPClassifier(
        hidden_layer_sizes=(8, 4),
        activation="logistic",
        solver="sgd",
        learning_rate="invscaling",
        power_t=0.25,
        momentum=0.5,
        nesterovs_momentum=False,
        alpha=1e-3,
        max_iter=5,
        random_state=0,
    ).fit(X, y)
    recipe = clf.recipe()
    assert recipe.activation == "sigmoid" and recipe.l2 == 1e-3
    assert recipe.optimizer == {"name": "sgd", "momentum": 0.5, "nesterov": False}
    assert recipe.schedule == {"name": "invscaling", "power_t": 0.25}
    assert [c.shape for c in clf.coefs_] == [(2, 8), (8, 4), (4, 1)]
    assert [b.shape for b in clf.intercepts_] == [(8,), (4,), (1,)]
    assert (clf.n_layers_, clf.n_outputs_, clf.n_iter_, clf.t_) == (4, 1, 5, 5 * 200)
    assert MLPClassifier(solver="adam", learning_rate="adaptive").recipe().schedule == "constant"
    line = MLPRegressor((4,), "identity", max_iter=20, random_state=0).fit(X, X[:, 0] ** 2)
    p0, p1, p2 = (line.predict(k * X) for k in (0.0, 1.0, 2.0))
    np.testing.assert_allclose(p2 - p0, 2 * (p1 - p0), rtol=1e-4, atol=1e-5)  # a linear network
    assert line.out_activation_ == "identity"


def test_warm_start_continues_the_network(moons):
    X, y = moons
    clf = MLPClassifier(**{**FAST, "max_iter": 3}, warm_start=True).fit(X, y)
    before = [c.copy() for c in clf.coefs_]
    clf.fit(X, y)
    assert len(clf.loss_curve_) == 6 and clf.n_iter_ == 3
    assert clf.loss_curve_[3] < clf.loss_curve_[0]  # not a fresh start
    assert not np.allclose(before[0], clf.coefs_[0])


def test_save_run_is_read_by_the_command_line(moons, tmp_path, capsys):
    from neuralgrad.cli import main

    X, y = moons
    clf = MLPClassifier(**FAST).fit(X, np.array(["left", "right"])[y])
    clf.save_run(tmp_path / "run")
    assert main(["summary", str(tmp_path / "run")]) == 0
    assert "classes: left, right" in capsys.readouterr().out
    rows = "x0,x1,label\n" + "".join(
        f"{a},{b},{'left' if t == 0 else 'right'}\n" for (a, b), t in zip(X, y)
    )
    (tmp_path / "moons.csv").write_text(rows)
    assert (
        main(
            [
                "evaluate",
                str(tmp_path / "run"),
                str(tmp_path / "moons.csv"),
                "--target",
                "label",
                "--json",
            ]
        )
        == 0
    )
    import json

    assert json.loads(capsys.readouterr().out)["accuracy"] == pytest.approx(
        clf.score(X, np.array(["left", "right"])[y])
    )


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
    clf = MLPClassifier(solver="sgd", **FAST).fit(X, y)
    copy = pickle.loads(pickle.dumps(clf))
    np.testing.assert_array_equal(copy.predict_proba(X), clf.predict_proba(X))
    clf.partial_fit(X, y)
    copy.partial_fit(X, y)
    np.testing.assert_allclose(copy.predict_proba(X), clf.predict_proba(X), rtol=1e-6)


def test_regressor_multi_output_and_scaling():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 3)) * [1.0, 100.0, 0.01]
    Y = np.stack([X[:, 0] + 0.01 * X[:, 1], np.sin(X[:, 0])], axis=1)
    reg = make_pipeline(StandardScaler(), MLPRegressor(**{**FAST, "max_iter": 150})).fit(X, Y)
    assert reg.predict(X).shape == (200, 2) and reg.score(X, Y) > 0.9
    assert reg.predict(X[:5]).dtype == np.float64
    one = MLPRegressor(**FAST).fit(X, Y[:, 0])
    assert one.predict(X).shape == (200,)


@pytest.mark.parametrize(
    "params, match",
    [
        ({"max_iter": -1}, "max_iter: expected a whole number >= 1"),
        ({"solver": "newton"}, "solver: unknown choice 'newton'"),
        ({"solver": "lbfgs"}, "'lbfgs' is not supported.*'adam' or 'sgd'"),
        ({"activation": "swish2"}, "activation: unknown choice"),
        ({"learning_rate": "wavy"}, "learning_rate must be one of"),
        ({"schedule": "wavy"}, "schedule: unknown choice"),
        ({"validation_fraction": 1.5}, "validation_fraction"),
        ({"learning_rate_init": 0}, "learning_rate_init: expected a number > 0"),
        ({"hidden_layer_sizes": (4, 0)}, "hidden_layer_sizes: expected a whole number >= 1"),
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
