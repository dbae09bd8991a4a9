"""The learning-rate range test: it leaves the caller's model, optimizer and random stream
alone, sweeps the learning rate exponentially, and its suggestion trains the digits MLP well."""

import math

import numpy as np
import pytest

import neuralgrad as ng
from neuralgrad import nn, optim
from neuralgrad.datasets import digits_split
from neuralgrad.preprocessing import StandardScaler
from neuralgrad.train import LRFinderResult, evaluate, find_lr, fit

from .helpers import blobs, mlp, weights


def _digits():
    split = digits_split()
    scaler = StandardScaler().fit(split["train"][0])
    return [(scaler.transform(X), y) for X, y in (split["train"], split["test"])]


@pytest.mark.parametrize("make_opt", [optim.Adam, lambda p: optim.SGD(p, lr=0.01, momentum=0.9)])
def test_suggestion_trains_the_digits_mlp_to_97_percent(make_opt):
    train, test = _digits()
    ng.manual_seed(0)
    model = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))
    opt = make_opt(model.parameters())
    result = find_lr(model, train, loss=nn.CrossEntropyLoss(), optimizer=opt)
    assert 1e-4 < result.suggestion < result.min_loss_lr
    for group in opt.param_groups:
        group["lr"] = result.suggestion
    fit(model, train, loss=nn.CrossEntropyLoss(), optimizer=opt, epochs=20, verbose=0)
    assert evaluate(model, test, metrics=["accuracy"])["accuracy"] >= 0.97


def test_the_callers_model_optimizer_and_random_stream_are_untouched():
    X, y = blobs()
    model = mlp()
    opt = optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    before, state = weights(model), ng.random.get_rng_state()
    result = find_lr(model, (X, y), loss=nn.CrossEntropyLoss(), optimizer=opt, num_steps=30)
    for k, v in weights(model).items():
        np.testing.assert_array_equal(v, before[k])
    assert opt.param_groups[0]["lr"] == 0.05 and not opt.state
    after = ng.random.get_rng_state()
    assert after.keys() == state.keys() and str(after) == str(state)
    assert isinstance(result, LRFinderResult) and "suggestion" in repr(result)


def test_the_sweep_is_exponential_and_stops_when_the_loss_explodes():
    X, y = blobs()
    model = mlp()
    opt = optim.SGD(model.parameters(), lr=0.1)
    r = find_lr(
        model,
        (X, y),
        loss=nn.CrossEntropyLoss(),
        optimizer=opt,
        start_lr=1e-4,
        end_lr=1e4,
        num_steps=81,
    )
    assert r.lrs[0] == pytest.approx(1e-4)
    ratios = np.array(r.lrs[1:]) / np.array(r.lrs[:-1])
    np.testing.assert_allclose(ratios, 10 ** (8 / 80), rtol=1e-9)
    assert len(r.lrs) < 81  # a learning rate of 10^4 diverges long before the end
    last = r.losses[-1]
    assert not math.isfinite(last) or last > 4 * min(r.losses)
    assert len(r.raw_losses) == len(r.losses) == len(r.lrs)


def test_plot_and_bad_arguments(tmp_path):
    pytest.importorskip("matplotlib")
    X, y = blobs()
    model = mlp()
    opt = optim.SGD(model.parameters(), lr=0.1)
    r = find_lr(model, (X, y), loss=nn.CrossEntropyLoss(), optimizer=opt, num_steps=40)
    fig = r.plot(tmp_path / "lr.png")
    assert fig.axes[0].get_xscale() == "log" and (tmp_path / "lr.png").stat().st_size > 0
    assert r._repr_png_()[:8] == b"\x89PNG\r\n\x1a\n"
    for kw, match in [
        (dict(start_lr=1.0, end_lr=0.1), "start_lr < end_lr"),
        (dict(num_steps=2), "num_steps"),
        (dict(beta=1.0), "beta"),
    ]:
        with pytest.raises(ValueError, match=match):
            find_lr(model, (X, y), loss=nn.CrossEntropyLoss(), optimizer=opt, **kw)
