"""fit_recipe_steps: the recipe's training one step at a time reaches fit_recipe's weights,
keeps its own random stream across pauses, and can stop anywhere; the L1 penalty; Head.scores,
the whole-set numbers a live view shows."""

import numpy as np
import pytest

import neuralgrad as ng
from neuralgrad import nn
from neuralgrad.recipe import Head, Recipe, build_model, fit_recipe, fit_recipe_steps
from neuralgrad.recipe.build import build_criterion

from .test_fitting import CLASSES, _data


def _params(model):
    return [p.detach().numpy().copy() for p in model.parameters()]


@pytest.mark.parametrize(
    "changes",
    [
        {"dropout": 0.3, "schedule": "onecycle"},
        {"norm": "batch", "schedule": "cosine", "optimizer": "sgd", "l1": 0.01},
        {"monitor": "val_loss", "patience": 1, "restore_best": True, "lr": 0.5},
    ],
)
def test_same_weights_as_fit_recipe(changes):
    X, y = _data()
    r = Recipe(hidden=(8, 6), batch_size=27, epochs=4, seed=3, **changes)
    whole = build_model(r, 4, CLASSES)
    history = fit_recipe(r, whole, CLASSES, (X, y))
    stepped = build_model(r, 4, CLASSES)
    ends = [s for s in fit_recipe_steps(r, stepped, CLASSES, (X, y)) if s.batch is None]
    assert [s.logs["loss"] for s in ends] == history["loss"]
    assert all(np.array_equal(a, b) for a, b in zip(_params(whole), _params(stepped)))


def test_draws_between_steps_change_nothing():
    """A live view draws pictures and other runs draw random numbers between two steps; the
    run's dropout masks still come from its own seeded stream."""
    X, y = _data()
    r = Recipe(hidden=(8,), dropout=0.5, batch_size=10, epochs=2, seed=7)
    quiet = build_model(r, 4, CLASSES)
    for _ in fit_recipe_steps(r, quiet, CLASSES, (X, y)):
        pass
    busy = build_model(r, 4, CLASSES)
    ng.manual_seed(123)
    for _ in fit_recipe_steps(r, busy, CLASSES, (X, y)):
        ng.rand(5)  # someone else's draws
    assert all(np.array_equal(a, b) for a, b in zip(_params(quiet), _params(busy)))


def test_stopping_after_some_batches_is_reproducible():
    X, y = _data()
    r = Recipe(hidden=(5,), batch_size=8, epochs=3, seed=1)
    runs = []
    for _ in range(2):
        model = build_model(r, 4, CLASSES)
        batches = (s for s in fit_recipe_steps(r, model, CLASSES, (X, y)) if s.batch is not None)
        for _ in range(13):  # into the second epoch
            next(batches)
        runs.append(_params(model))
    assert all(np.array_equal(a, b) for a, b in zip(*runs))


def test_l1_penalty():
    r = Recipe(l1=0.2, l2=0.0, hidden=(5,))
    model = build_model(r, 4, CLASSES)
    X, y = _data(8)
    loss = build_criterion(r, CLASSES, model)(model(ng.tensor(X)), ng.tensor(y))
    sizes = sum(float(np.abs(m.weight.detach().numpy()).sum()) for m in model.linears())
    base = nn.CrossEntropyLoss()(model(ng.tensor(X)), ng.tensor(y)).item()
    assert loss.item() == pytest.approx(base + 0.2 * sizes / 8, rel=1e-6)
    with pytest.raises(ValueError, match="l1"):
        Recipe(l1=-1.0)


def test_scores_are_the_unpenalised_loss_and_the_score():
    X, y = _data(30)
    r = Recipe(hidden=(4,), l2=1.0)
    model = build_model(r, 4, CLASSES)
    out = model(ng.tensor(X)).detach().numpy()
    got = CLASSES.scores(out, y)
    expected = nn.CrossEntropyLoss()(ng.tensor(out.astype(np.float64)), ng.tensor(y)).item()
    assert got["loss"] == pytest.approx(expected, rel=1e-12)
    assert got["accuracy"] == np.mean(out.argmax(1) == y)
    reg = Head.resolve("regression", 1)
    t = np.array([[1.0], [2.0], [3.0]])
    assert reg.scores(t + 1, t) == {"loss": 1.0, "r2": pytest.approx(-0.5)}


@pytest.mark.parametrize("schedule", ["constant", "step", "cosine", "exponential", "onecycle"])
def test_schedule_preview_is_what_training_sets(schedule):
    from neuralgrad.recipe.build import schedule_preview

    X, y = _data()
    r = Recipe(hidden=(4,), schedule=schedule, epochs=5, lr=0.1, batch_size=27)
    history = fit_recipe(r, build_model(r, 4, CLASSES), CLASSES, (X, y))
    curve = dict(schedule_preview(r, CLASSES, steps=3, samples=81))
    if schedule == "onecycle":  # per batch: the lr an epoch starts with is logged
        assert [curve[float(e)] for e in range(5)] == pytest.approx(history["lr"])
    else:
        assert [curve.get(float(e), r.lr) for e in range(5)] == pytest.approx(history["lr"])
    assert schedule_preview(r.replace(schedule="plateau"), CLASSES, 3, 81) is None
