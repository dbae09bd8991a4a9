"""Every default lives in the recipe once: the command line's ``--help``, the scikit-learn
estimators' ``get_params()``, search and the main job report the recipe's value for each."""

import json
import re

import numpy as np
import pytest

from neuralgrad.recipe import OPTIMIZERS, SCHEDULES, Recipe

DEFAULTS = Recipe.defaults()


def _help_defaults() -> dict[str, str]:
    from neuralgrad.cli import build_parser

    parser = build_parser()
    train = parser._subparsers._group_actions[0].choices["train"]
    text = " ".join(train.format_help().split())
    text = text[text.index("recipe (defaults") :]  # the recipe's options, past the usage line
    return {
        field: re.search(rf"--{field.replace('_', '-')}\b.*?\(default: ([^)]*)\)", text).group(1)
        for field in DEFAULTS
    }


def _shown(value) -> str:
    return ",".join(map(str, value)) if isinstance(value, list) else str(value)


def test_cli_help_shows_the_recipe_defaults():
    shown = _help_defaults()
    assert shown == {field: _shown(value) for field, value in DEFAULTS.items()}


def test_estimators_get_params_are_the_recipe_defaults():
    sklearn = pytest.importorskip("neuralgrad.sklearn")
    adam, sgd = OPTIMIZERS["adam"].settings, OPTIMIZERS["sgd"].settings
    expected = {
        "hidden_layer_sizes": tuple(DEFAULTS["hidden"]),
        "activation": DEFAULTS["activation"],
        "solver": DEFAULTS["optimizer"],
        "alpha": DEFAULTS["l2"],
        "batch_size": DEFAULTS["batch_size"],
        "learning_rate_init": DEFAULTS["lr"],
        "power_t": SCHEDULES["invscaling"].settings["power_t"],
        "max_iter": DEFAULTS["epochs"],
        "shuffle": DEFAULTS["shuffle"],
        "tol": DEFAULTS["min_delta"],
        "momentum": sgd["momentum"],
        "nesterovs_momentum": sgd["nesterov"],
        "validation_fraction": DEFAULTS["validation_fraction"],
        "beta_1": adam["betas"][0],
        "beta_2": adam["betas"][1],
        "epsilon": adam["eps"],
        "n_iter_no_change": DEFAULTS["patience"],
        "dropout": DEFAULTS["dropout"],
        "norm": DEFAULTS["norm"],
    }
    for cls in (sklearn.MLPClassifier, sklearn.MLPRegressor):
        params = cls().get_params()
        assert {k: params[k] for k in expected} == expected
        # and they translate back into the default recipe, but for what scikit-learn's
        # estimators mean otherwise: no scaling, validation only with early stopping
        recipe = cls().recipe().to_dict()
        sklearn_own = {"scale": "none", "scale_target": False, "validation_fraction": 0.0}
        assert recipe == {**DEFAULTS, **sklearn_own}


def test_search_trials_start_from_the_recipe_defaults():
    from neuralgrad.tune import GridSearch

    X = np.random.default_rng(0).normal(size=(30, 2)).astype(np.float32)
    y = (X[:, 0] > 0).astype(int)
    search = GridSearch({"epochs": [1]}, cv=2, refit=False).fit(X, y)
    assert search.best_recipe_.to_dict() == {**DEFAULTS, "epochs": 1}


def test_the_main_job_records_the_recipe_defaults(tmp_path):
    from neuralgrad.cli import main

    out = tmp_path / "digits"
    assert main(["train", "digits", "--out", str(out), "--quick", "--verbose", "0"]) == 0
    recorded = json.loads((out / "recipe.json").read_text())
    assert recorded == {**DEFAULTS, "epochs": 8}  # --quick: 8 epochs, the rest the defaults
