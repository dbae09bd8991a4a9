"""tune.GridSearch / RandomSearch: the planted best configuration is found, seeds reproduce,
n_jobs=2 equals n_jobs=1, the ranked results table, recipe defaults, per-fold scaling or a
scikit-learn Pipeline, custom trials and regression."""

import numpy as np
import pytest

from neuralgrad.datasets import make_xor
from neuralgrad.recipe import Recipe
from neuralgrad.tune import GridSearch, IntRange, LogUniform, RandomSearch, folds, trial_recipe

# XOR needs a hidden layer and a working learning rate: only (16,) with lr=0.03 solves it
PLANTED = {"hidden": [(), (16,)], "lr": [1e-5, 0.03], "epochs": [30]}


@pytest.fixture(scope="module")
def xor():
    X, y = make_xor(160, noise=0.1, seed=0)
    return np.asarray(X), np.asarray(y)


@pytest.fixture(scope="module")
def grid(xor):
    return GridSearch(PLANTED, cv=3, seed=0).fit(*xor)


def test_grid_finds_planted_configuration(grid, xor):
    assert grid.best_params_ == {"hidden": (16,), "lr": 0.03, "epochs": 30}
    assert grid.best_recipe_ == Recipe(hidden=(16,), lr=0.03, epochs=30)  # the rest: defaults
    assert grid.best_score_ > 0.9
    others = [r["mean_score"] for r in grid.results_ if r["rank"] > 1]
    assert max(others) < grid.best_score_ - 0.2
    assert (grid.predict(xor[0]) == xor[1]).mean() > 0.9  # the refitted best model


def test_results_table(grid):
    rows = grid.results_
    assert [r["rank"] for r in rows] == [1, 2, 3, 4]  # ranked, best first
    scores = [r["mean_score"] for r in rows]
    assert scores == sorted(scores, reverse=True) and rows[0]["params"] == grid.best_params_
    assert all(len(r["scores"]) == 3 and r["fit_time"] > 0 for r in rows)
    np.testing.assert_allclose(rows[0]["std_score"], np.std(rows[0]["scores"]))
    text = str(rows)
    assert text.splitlines()[0].split()[:4] == ["rank", "epochs", "hidden", "lr"]
    assert len(text.splitlines()) == 5 and text.splitlines()[1].split()[0] == "1"
    assert repr(rows) == text
    flat = rows.flat_rows()[0]
    assert {"param_hidden", "param_lr", "mean_score", "fit_time"} <= set(flat)


def test_to_pandas(grid):
    pd = pytest.importorskip("pandas")
    df = grid.results_.to_pandas()
    assert isinstance(df, pd.DataFrame) and len(df) == 4


def test_parallel_matches_serial(grid, xor):
    pytest.importorskip("joblib")
    par = GridSearch(PLANTED, cv=3, seed=0, n_jobs=2, refit=False).fit(*xor)
    assert [r["scores"] for r in par.results_] == [r["scores"] for r in grid.results_]


def test_random_search_reproducible(xor):
    space = {
        "lr": LogUniform(1e-3, 1e-1),
        "width": IntRange(4, 16),
        "n_layers": IntRange(1, 2),
        "activation": ["relu", "tanh"],
        "epochs": 5,
    }
    a = RandomSearch(space, n_iter=3, cv=2, seed=7, refit=False).fit(*xor)
    b = RandomSearch(space, n_iter=3, cv=2, seed=7, refit=False).fit(*xor)
    c = RandomSearch(space, n_iter=3, cv=2, seed=8, refit=False).fit(*xor)
    assert [r["params"] for r in a.results_] == [r["params"] for r in b.results_]
    assert [r["scores"] for r in a.results_] == [r["scores"] for r in b.results_]
    assert [r["params"] for r in a.results_] != [r["params"] for r in c.results_]


def test_regression_minimising_mse():
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, size=(120, 1))
    y = np.sin(3 * X[:, 0])
    s = GridSearch(
        {"lr": [1e-6, 0.02], "hidden": [(16,)], "activation": ["tanh"], "epochs": [40]},
        task="regression",
        scoring="mse",
        cv=2,
    ).fit(X, y)
    assert s.mode == "min" and s.best_params_["lr"] == 0.02
    assert s.predict(X).shape == (120,)


def test_custom_trial_and_string_labels(xor):
    X, y = xor
    labels = np.array(["a", "b"])[y]

    def fit_fn(params, X, y, seed):
        return params["k"]

    def score_fn(k, X, y):
        return -abs(k - 2)

    s = GridSearch({"k": [0, 1, 2, 3]}, fit_fn=fit_fn, score_fn=score_fn, cv=2).fit(X, labels)
    assert s.best_params_ == {"k": 2} and s.best_model_ == 2
    assert list(s.classes_) == ["a", "b"]


def test_folds_are_stratified_partitions():
    y = np.array([0] * 30 + [1] * 15)
    parts = folds(y, 3, stratify=True, seed=0)
    assert sorted(np.concatenate([va for _, va in parts]).tolist()) == list(range(45))
    assert all(np.bincount(y[va]).tolist() == [10, 5] for _, va in parts)
    with pytest.raises(ValueError, match="cv must be"):
        folds(y, 1, stratify=False, seed=0)


def test_bad_hyperparameter_names():
    assert trial_recipe(Recipe(), {"n_layers": 2, "width": 8}).hidden == (8, 8)
    with pytest.raises(ValueError, match=r"unknown recipe field\(s\) \['learning_rate'\]"):
        trial_recipe(Recipe(), {"learning_rate": 0.1})
    with pytest.raises(ValueError, match="not both"):
        trial_recipe(Recipe(), {"hidden": (4,), "width": 8})
    with pytest.raises(ValueError, match="optimizer: unknown choice 'newton'"):
        GridSearch({"optimizer": ["adam", "newton"]}).fit(np.zeros((6, 2)), [0, 1] * 3)


def test_inputs_are_scaled_per_fold_or_by_a_pipeline():
    from sklearn.datasets import load_wine
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X, y = load_wine(return_X_y=True)
    space = {"hidden": [(16,)], "epochs": [40], "lr": [0.01]}
    scaled = GridSearch(space, cv=3, refit=False).fit(X, y)
    raw = GridSearch(space, cv=3, refit=False, recipe=Recipe(scale="none")).fit(X, y)
    piped = GridSearch(space, cv=3, preprocess=make_pipeline(StandardScaler())).fit(X, y)
    assert scaled.best_score_ > 0.9 and piped.best_score_ > 0.9
    assert scaled.best_score_ > raw.best_score_ + 0.1
    assert (piped.predict(X) == y).mean() > 0.9


def test_lazy_attribute_and_optional_libraries_stay_unloaded():
    import subprocess
    import sys

    import neuralgrad as ng

    assert ng.tune.GridSearch is GridSearch
    code = "import sys, neuralgrad.tune; print('joblib' in sys.modules, 'sklearn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]  # optional libraries load inside fit
