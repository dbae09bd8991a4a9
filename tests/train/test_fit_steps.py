"""fit_steps: fit as a generator that yields between batches and at each epoch's end, with the
same hooks, history and numbers as fit."""

import numpy as np
import pytest

import neuralgrad as ng
from neuralgrad import nn, optim
from neuralgrad.train import TrainingStep, fit, fit_steps

from .helpers import Recorder, blobs, mlp, weights


def _args(model):
    return {
        "loss": nn.CrossEntropyLoss(),
        "optimizer": optim.SGD(model.parameters(), lr=0.1, momentum=0.9),
        "epochs": 3,
        "batch_size": 16,
        "metrics": ["accuracy"],
        "verbose": 0,
    }


def test_same_weights_history_and_hooks_as_fit():
    X, y = blobs(100)
    a, b = mlp(0, dropout=0.2), mlp(0, dropout=0.2)
    rec_a, rec_b = Recorder(), Recorder()
    ng.manual_seed(5)
    history = fit(a, (X, y), validation_split=0.2, callbacks=[rec_a], **_args(a))
    ng.manual_seed(5)
    steps = list(fit_steps(b, (X, y), validation_split=0.2, callbacks=[rec_b], **_args(b)))
    for k, v in weights(a).items():
        np.testing.assert_array_equal(v, weights(b)[k])
    assert rec_a.calls == rec_b.calls
    ends = [s for s in steps if s.batch is None]
    assert [s.epoch for s in ends] == [0, 1, 2]
    assert [s.logs["loss"] for s in ends] == history.history["loss"]
    # 80 training rows in batches of 16: five batch steps, then the epoch's end
    assert [s.batch for s in steps[:6]] == [0, 1, 2, 3, 4, None]
    assert all(isinstance(s, TrainingStep) for s in steps)


def test_returns_the_history_and_stops_where_the_caller_stops():
    X, y = blobs(64)
    model = mlp(0)
    gen = fit_steps(model, (X, y), **_args(model))
    first = next(gen)
    assert (first.epoch, first.batch) == (0, 0) and first.logs["size"] == 16
    before = weights(model)
    gen.close()  # nothing more happens once the caller stops asking
    assert all(np.array_equal(v, weights(model)[k]) for k, v in before.items())
    history = None
    gen = fit_steps(model, (X, y), **_args(model))
    while True:
        try:
            next(gen)
        except StopIteration as done:
            history = done.value
            break
    assert len(history.history["loss"]) == 3


def test_arguments_are_checked_before_the_first_step():
    model = mlp(0)
    with pytest.raises(ValueError, match="batch_size"):
        fit_steps(model, blobs(20), **{**_args(model), "batch_size": 0})
