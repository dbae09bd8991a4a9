"""rundir: a run saved by ``Run.save`` loads back to the same predictions; a directory whose
recipe does not match its weights is refused before any model is built."""

import json

import numpy as np
import pytest

import neuralgrad as ng
from neuralgrad import rundir
from neuralgrad.errors import InputError
from neuralgrad.preprocessing import FeatureEncoder, LabelEncoder
from neuralgrad.recipe import Preprocessing, Recipe, build_model, outputs_of
from neuralgrad.rundir import Run, load_run, run_directory


@pytest.fixture
def saved(tmp_path):
    recipe = Recipe(hidden=(6, 5), norm="batch", dropout=0.1, activation="tanh")
    X = np.random.default_rng(0).normal(3, 2, size=(40, 3)).astype(np.float32)
    prep = Preprocessing.for_recipe(
        recipe,
        FeatureEncoder(["a", "b", "c"]),
        "label",
        "classification",
        LabelEncoder(["x", "y", "z"]),
    ).fit(X, np.zeros(40))
    model = build_model(recipe, 3, prep.head).eval()
    run = Run(recipe, prep, model, {"data": "t.csv"}, {"epochs_done": 0, "finished": False})
    run.save(tmp_path / "run")
    return tmp_path / "run", run, X


def test_round_trip_gives_the_same_predictions(saved):
    path, run, X = saved
    assert {p.name for p in path.iterdir()} == {
        "recipe.json",
        "run.json",
        "model.ng",
        "preprocessing.ng",
    }
    back = load_run(path)
    assert back.recipe == run.recipe and back.data == {"data": "t.csv"}
    assert back.prep.labels.classes == ["x", "y", "z"] and not back.model.training
    before = run.prep.outputs(outputs_of(run.model, run.prep.inputs(X)))
    after = back.prep.outputs(outputs_of(back.model, back.prep.inputs(X)))
    np.testing.assert_array_equal(before, after)
    assert run_directory(path / "model.ng") == str(path)  # a file inside names its directory


def test_a_recipe_that_does_not_match_the_weights_builds_nothing(saved, monkeypatch):
    path, _, _ = saved
    recipe = json.loads((path / "recipe.json").read_text())
    (path / "recipe.json").write_text(json.dumps({**recipe, "hidden": [10**6, 5]}))

    def refuse(*args, **kwargs):
        raise AssertionError("a model was built before the sizes were checked")

    monkeypatch.setattr("neuralgrad.rundir.load.MLP", refuse)
    with pytest.raises(InputError, match=r"net.0.weight has shape \(6, 3\), but .* \(1000000, 3\)"):
        load_run(path)
    (path / "recipe.json").write_text(json.dumps({**recipe, "norm": "layer"}))
    with pytest.raises(InputError, match="unexpected.*running_mean"):
        load_run(path)


def test_description_must_agree_with_the_preprocessing(saved):
    path, _, _ = saved
    described = json.loads((path / "run.json").read_text())
    described["model"]["in_features"] = 4
    (path / "run.json").write_text(json.dumps(described))
    with pytest.raises(InputError, match="describes 3 inputs and 3 outputs, run.json 4 and 3"):
        load_run(path)
    (path / "run.json").write_text("{not json")
    with pytest.raises(InputError, match="run.json: not readable JSON"):
        load_run(path)


def test_record_writes_history_scores_and_curves(saved):
    pytest.importorskip("matplotlib")
    path, run, X = saved
    from neuralgrad.train import History

    history = History()
    for epoch in range(3):
        history.record(epoch, {"loss": 1.0 / (epoch + 1), "accuracy": 0.5, "lr": 1e-3})
    written = run.record(history, {"accuracy": 0.5, "samples": 40}, path)
    assert set(written) >= {"history.json", "metrics.json", "curves.png"}
    assert load_run(path).status["finished"] and json.loads((path / "metrics.json").read_text())
    assert rundir.VERSION == json.loads((path / "run.json").read_text())["version"]
    assert ng.load(path / "model.ng").keys() == run.model.state_dict().keys()
