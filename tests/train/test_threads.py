"""Training in threads: two ``fit``s at once, each with its own generators, reach exactly the
weights and histories each reaches alone (grad mode, hooks and a thread's stream are per
thread); so do two recipes with dropout, and two captured steps."""

from __future__ import annotations

import threading

import numpy as np
import pytest

import neuralgrad as ng
from neuralgrad import nn
from neuralgrad.recipe import Head, Recipe, build_model, fit_recipe
from neuralgrad.train import EarlyStopping, TerminateOnNaN, fit
from scale import trials

from .helpers import blobs, weights


def _fit(seed: int, capture: bool = False) -> tuple[dict, list]:
    """A fit whose every draw comes from generators of its own: the model's initial weights,
    the batch order and the dropout masks."""
    X, y = blobs(n=96, seed=seed)
    own = ng.Generator().manual_seed(seed)
    with ng.random.use_generator(own):
        model = nn.Sequential(nn.Linear(4, 16), nn.Tanh(), nn.Dropout(0.2), nn.Linear(16, 3))
        h = fit(
            model,
            (X, y),
            loss=nn.CrossEntropyLoss(),
            optimizer=ng.optim.Adam(model.parameters(), lr=0.01),
            epochs=4,
            batch_size=16,
            validation_split=0.25,
            generator=ng.Generator().manual_seed(100 + seed),
            callbacks=[EarlyStopping(patience=9), TerminateOnNaN(verbose=0)],
            verbose=0,
            capture=capture,
        )
    return weights(model), h["val_loss"]


def _in_threads(fn, args_list):
    results: dict = {}
    errors: list = []

    def run(i, args):
        try:
            results[i] = fn(*args)
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(args_list)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    if errors:
        raise errors[0]
    return [results[i] for i in range(len(args_list))]


def _same(a, b):
    (wa, ha), (wb, hb) = a, b
    assert ha == hb
    assert all(np.array_equal(wa[k], wb[k]) for k in wa)


@pytest.mark.parametrize("capture", [False, True])
def test_two_fits_in_two_threads_match_their_lone_results(capture):
    alone = [_fit(seed, capture) for seed in (0, 1)]
    for _ in range(trials(1, 10)):
        together = _in_threads(_fit, [(0, capture), (1, capture)])
        for lone, both in zip(alone, together):
            _same(lone, both)


def _recipe_run(seed: int) -> list[np.ndarray]:
    X, y = blobs(n=90, seed=seed)
    head = Head.resolve("classification", 3)
    r = Recipe(hidden=(8,), dropout=0.2, batch_size=16, epochs=3, seed=seed)
    model = build_model(r, 4, head)
    fit_recipe(r, model, head, (X, y))
    return [p.detach().numpy().copy() for p in model.parameters()]


def test_two_recipes_in_two_threads_match_their_lone_results():
    alone = [_recipe_run(s) for s in (3, 4)]
    together = _in_threads(_recipe_run, [(3,), (4,)])
    for lone, both in zip(alone, together):
        assert all(np.array_equal(a, b) for a, b in zip(lone, both))
