"""playground.live and views: a run steps a batch at a time to fit_recipe's weights, counts
its batches and epochs, and draws what the page shows (boundary, units, weights, health)."""

import base64
import json
import math

import numpy as np
import pytest

from neuralgrad.playground.app import to_json
from neuralgrad.playground.data import DataSpec, make_data
from neuralgrad.playground.form import recipe_of
from neuralgrad.playground.live import LiveRun
from neuralgrad.playground.views import BOUNDARY, UNITS, feature_view, run_frame
from neuralgrad.recipe import build_model, fit_recipe


def _run(data_fields=None, **model):
    spec = DataSpec(**{"points": 120, **(data_fields or {})})
    return LiveRun(recipe_of({"epochs": 3, "batch_size": 16, **model}, spec), make_data(spec))


def _pixels(text):
    return np.frombuffer(base64.b64decode(text), np.uint8)


def test_steps_count_batches_and_epochs_and_end():
    run = _run()
    assert run.steps_per_epoch == 4  # 60 training rows in batches of 16
    assert run.step() and (run.batches, run.epochs) == (1, 0)
    for _ in range(3):
        run.step()
    assert (run.batches, run.epochs) == (4, 1)  # the last batch ends the epoch at once
    run.epoch()
    assert (run.batches, run.epochs) == (8, 2)
    run.epoch()
    assert run.finished and run.batches == 12 and not run.step()


def test_whole_epochs_give_fit_recipes_weights():
    run = _run(dropout=0.2, schedule="cosine")
    while run.step():
        pass
    model = build_model(run.recipe, run.data.X.shape[1], run.head)
    fit_recipe(run.recipe, model, run.head, run.train)
    for a, b in zip(model.parameters(), run.model.parameters()):
        np.testing.assert_array_equal(a.detach().numpy(), b.detach().numpy())


def test_learns_and_reads_out_the_whole_sets():
    run = _run({"dataset": "xor", "points": 200}, hidden=[6], lr=0.05, epochs=40)
    before = run.scores()
    while run.step():
        pass
    after = run.scores()
    assert after["test"]["loss"] < before["test"]["loss"]
    assert after["test"]["accuracy"] > 0.9 and set(after) == {"train", "test"}


def test_frame_pictures():
    run = _run(hidden=[5, 3])
    frame = run_frame(run, health=True)
    assert (frame["batches"], frame["epoch"], frame["finished"]) == (0, 0, False)
    (probs,) = frame["boundary"]["probabilities"]  # two classes: the second's probability
    assert _pixels(probs).shape == (BOUNDARY * BOUNDARY,)
    assert [len(layer) for layer in frame["units"]] == [5, 3]
    assert _pixels(frame["units"][0][0]["pixels"]).shape == (UNITS * UNITS,)
    assert [np.shape(w) for w in frame["weights"]] == [(5, 2), (3, 5), (1, 3)]
    assert {r["kind"] for r in frame["health"]["layers"]} >= {"Linear", "Tanh"}
    assert len(feature_view(run)) == 2 and run.model.training  # drawing leaves the mode alone


def _table(text):
    from neuralgrad.playground.upload import read_upload

    spec = DataSpec(dataset="csv")
    data = make_data(spec, read_upload("t.csv", text))
    return LiveRun(recipe_of({"hidden": [3], "epochs": 2}, spec), data)


def test_pictures_of_several_classes_and_of_values_in_the_plane():
    g = np.random.default_rng(0)
    points = g.normal(0, 1, (60, 2))
    classes = "".join(f"{a:.3f},{b:.3f},{'xyz'[i % 3]}\n" for i, (a, b) in enumerate(points))
    frame = run_frame(_table("p,q,kind\n" + classes), health=False)
    assert len(frame["boundary"]["probabilities"]) == 3  # one picture per class
    values = "".join(f"{a:.3f},{b:.3f},{a * b + 0.5:.4f}\n" for a, b in points)
    frame = run_frame(_table("p,q,value\n" + values), health=False)
    assert _pixels(frame["boundary"]["values"]).shape == (BOUNDARY * BOUNDARY,)
    assert "accuracy" not in frame["train"] and "r2" in frame["train"]


def test_curve_picture():
    curve = run_frame(_run({"dataset": "curve", "features": ("x1",)}, hidden=[4]), health=False)
    assert len(curve["boundary"]["curve"]) == BOUNDARY * 4 and "health" not in curve


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_a_diverging_run_says_so_and_still_draws():
    run = _run({"dataset": "curve", "features": ("x1",)}, optimizer="sgd", lr=10, hidden=[8, 8])
    while run.step():
        pass
    assert run.diverged and run.finished and not run.weights_finite()
    frame = run_frame(run, health=True)
    assert frame["diverged"] and frame["train"]["loss"] is None
    assert any(
        f["kind"] in ("nonfinite", "exploding", "dead_relu") for f in frame["health"]["findings"]
    )
    text = to_json({"type": "frame", "runs": [frame]})  # NaN weights travel as null

    def refuse(constant):
        raise AssertionError(f"{constant} is no JSON a browser parses")

    weights = json.loads(text, parse_constant=refuse)["runs"][0]["weights"]
    assert None in weights[0][0]


def test_schedule_preview_spans_the_run():
    run = _run(schedule="step", epochs=9, lr=0.1)
    curve = run.schedule()
    assert curve[0] == (0.0, 0.1) and curve[-1][0] == 9.0
    assert math.isclose(curve[-1][1], 0.1 * 0.1**2)
    assert _run(schedule="plateau").schedule() is None


@pytest.mark.parametrize("activation", ["heaviside", "prelu", "softplus"])
def test_every_activation_trains(activation):
    run = _run(activation=activation)
    run.epoch()
    assert run.epochs == 1 and math.isfinite(run.scores()["train"]["loss"])
