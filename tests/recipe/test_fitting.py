"""recipe.build / fit_recipe: the model, optimizer, L2 penalty, schedules and early stopping a
recipe describes, built in one place; runs are reproducible and leave the caller's random
stream alone."""

import numpy as np
import pytest

import neuralgrad as ng
from neuralgrad import nn
from neuralgrad.recipe import Head, Recipe, build_model, fit_recipe
from neuralgrad.recipe.build import (
    batch_size_for,
    build_criterion,
    build_optimizer,
    build_scheduler,
    monitored,
    stopping_callbacks,
)

CLASSES = Head.resolve("classification", 3)


def _data(n=90, seed=0):
    g = np.random.default_rng(seed)
    y = np.arange(n) % 3
    X = (g.normal(0, 3, (3, 4))[y] + g.normal(0, 0.5, (n, 4))).astype(np.float32)
    return X, y.astype(np.int64)


def _lrs(recipe, steps=1, samples=10):
    model = build_model(recipe, 4, CLASSES)
    opt = build_optimizer(recipe, model)
    callbacks = build_scheduler(recipe, CLASSES, opt, steps, samples, has_val=False)
    lrs = []
    for _ in range(recipe.epochs):
        lrs.append(opt.param_groups[0]["lr"])
        for cb in callbacks:
            cb.scheduler.step()
    return lrs


def test_optimizer_and_its_settings():
    r = Recipe(optimizer="sgd", lr=0.05)
    opt = build_optimizer(r, build_model(r, 4, CLASSES))
    g = opt.param_groups[0]
    assert type(opt).__name__ == "SGD" and g["lr"] == 0.05
    assert (g["momentum"], g["nesterov"]) == (0.9, True)  # the table's defaults
    opt = build_optimizer(r.replace(optimizer="adam:betas=[0.8,0.9]"), build_model(r, 4, CLASSES))
    assert opt.param_groups[0]["betas"] == (0.8, 0.9)


def test_l2_penalty_is_scikit_learns_alpha():
    r = Recipe(l2=0.3, hidden=(5,))
    model = build_model(r, 4, CLASSES)
    X, y = _data(8)
    loss = build_criterion(r, CLASSES, model)(model(ng.tensor(X)), ng.tensor(y))
    weights = sum(float((m.weight.detach().numpy() ** 2).sum()) for m in model.linears())
    base = nn.CrossEntropyLoss()(model(ng.tensor(X)), ng.tensor(y)).item()
    assert loss.item() == pytest.approx(base + 0.5 * 0.3 * weights / 8, rel=1e-6)


def test_schedules():
    assert _lrs(Recipe(schedule="constant", epochs=3)) == [1e-3] * 3
    step = _lrs(Recipe(schedule="step", epochs=9))
    np.testing.assert_allclose(step, [1e-3] * 3 + [1e-4] * 3 + [1e-5] * 3)
    inv = _lrs(Recipe(schedule="invscaling:power_t=0.5", epochs=3), samples=10)
    np.testing.assert_allclose(inv, [1e-3, 1e-3 / 11**0.5, 1e-3 / 21**0.5])
    cos = _lrs(Recipe(schedule="cosine", epochs=4, lr=1.0))
    np.testing.assert_allclose(
        cos, [1.0, 0.5 + 0.5 * np.cos(np.pi / 4), 0.5, 0.5 - 0.5 * 0.7071067811865476]
    )
    np.testing.assert_allclose(
        _lrs(Recipe(schedule="inverse_time:decay=1", epochs=3)), [1e-3, 5e-4, 1e-3 / 3]
    )
    r = Recipe(schedule="onecycle", epochs=2)
    (cb,) = build_scheduler(
        r, CLASSES, build_optimizer(r, build_model(r, 4, CLASSES)), 5, 50, False
    )
    assert cb.interval == "batch" and cb.scheduler.total_steps == 10


def test_adaptive_divides_by_five_and_stops_at_min_lr():
    X, y = _data()
    r = Recipe(optimizer="sgd", schedule="adaptive:min_lr=1e-5", lr=0.01, patience=0, epochs=60)
    r = r.replace(min_delta=10.0, validation_fraction=0)  # nothing counts as an improvement
    history = fit_recipe(r, build_model(r, 4, CLASSES), CLASSES, (X, y))
    lrs = history["lr"]
    assert lrs[:3] == pytest.approx([0.01, 0.01, 0.002])  # the first epoch sets the best
    assert len(history) < 60 and lrs[-1] == pytest.approx(1.6e-5)
    assert not stopping_callbacks(r, CLASSES, False)  # the schedule stops training itself


def test_monitor_and_restore_best():
    assert monitored(Recipe(monitor="val_score"), CLASSES, True) == ("val_accuracy", "max")
    assert monitored(Recipe(), Head.resolve("regression", 1), True) == ("loss", "min")
    assert monitored(Recipe(monitor="none"), CLASSES, True) == ("val_loss", "min")
    X, y = _data()
    r = Recipe(monitor="val_loss", patience=2, restore_best=True, lr=0.5, epochs=40)
    history = fit_recipe(r, build_model(r, 4, CLASSES), CLASSES, (X, y))
    assert history.restored_epoch == int(np.argmin(history["val_loss"]))
    assert not stopping_callbacks(Recipe(monitor="none"), CLASSES, False)


def test_batch_size_auto_and_runs_are_reproducible():
    assert batch_size_for(Recipe(), 1000) == 200 and batch_size_for(Recipe(), 50) == 50
    assert batch_size_for(Recipe(batch_size=64), 10) == 10
    X, y = _data()
    r = Recipe(hidden=(8,), dropout=0.2, batch_size=16, epochs=3, seed=5)
    ng.manual_seed(1)
    before = ng.rand(2).numpy()
    ng.manual_seed(1)
    runs = []
    for _ in range(2):
        model = build_model(r, 4, CLASSES)
        fit_recipe(r, model, CLASSES, (X, y))
        runs.append([p.detach().numpy() for p in model.parameters()])
    np.testing.assert_array_equal(ng.rand(2).numpy(), before)  # the caller's stream untouched
    assert all(np.array_equal(a, b) for a, b in zip(*runs))
    history = fit_recipe(r, build_model(r, 4, CLASSES), CLASSES, (X, y))
    assert history.params["steps"] == -(-81 // 16)  # 10 % held out for validation
