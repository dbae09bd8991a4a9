"""The shipped MNIST sample: its shape and balance, its split, and the two things it ships
for: dropout measurably helps on it, and first-layer weights learned on it look like strokes
(spatially smooth) where the initial weights are noise."""

import numpy as np
import pytest

import neuralgrad as ng
from neuralgrad import nn
from neuralgrad.datasets import MNIST_SHAPE, load_mnist_sample, mnist_sample_split
from neuralgrad.plot.weights import neighbour_correlation
from neuralgrad.train import evaluate, fit


def test_shape_range_balance_and_fresh_arrays():
    X, y = load_mnist_sample()
    assert X.shape == (5000, 784) and X.dtype == np.float32 and y.dtype == np.int64
    assert MNIST_SHAPE == (28, 28) and X.min() == 0.0 and X.max() == 1.0
    np.testing.assert_array_equal(np.bincount(y), [500] * 10)
    corners = X.reshape(-1, 28, 28)[:, :2, :2]
    assert corners.max() == 0.0  # MNIST's digits sit in the centre, the border is blank
    X[:] = -1
    assert load_mnist_sample()[0].min() == 0.0


def test_split_is_stratified_and_fixed():
    a, b = mnist_sample_split(), mnist_sample_split()
    assert {k: len(v[1]) for k, v in a.items()} == {"train": 3500, "val": 500, "test": 1000}
    np.testing.assert_array_equal(np.bincount(a["test"][1]), [100] * 10)
    np.testing.assert_array_equal(a["test"][0], b["test"][0])


def _train(p, seed, data, epochs=30):
    """784-256-10 ReLU, first layer from 0.01·N(0, 1), SGD with momentum; with p > 0, dropout
    p/2.5 on the inputs and p on the hidden units (examples/mnist_dropout.py's model)."""
    ng.manual_seed(seed)
    first = nn.Linear(784, 256)
    nn.init.normal_(first.weight, std=0.01)
    init = first.weight.detach().numpy().copy()
    inner = [first, nn.ReLU(), *([nn.Dropout(p)] if p else []), nn.Linear(256, 10)]
    model = nn.Sequential(*([nn.Dropout(p / 2.5)] if p else []), *inner)
    fit(
        model,
        data["train"],
        loss=nn.CrossEntropyLoss(),
        optimizer=ng.optim.SGD(model.parameters(), lr=0.1, momentum=0.9),
        epochs=epochs,
        batch_size=64,
        verbose=0,
    )
    test = evaluate(model, data["test"], loss=nn.CrossEntropyLoss(), metrics=["accuracy"])
    return test["accuracy"], init, first.weight.detach().numpy()


def test_dropout_helps_and_first_layer_weights_look_like_strokes():
    data = mnist_sample_split()
    plain, dropout = [], []
    for seed in (0, 1, 2):
        acc, init, learned = _train(0.0, seed, data)
        plain.append(acc)
        dropout.append(_train(0.5, seed, data)[0])
    # measured: 94.9 % without dropout, 95.5 % with it (mean of three seeds)
    assert np.mean(plain) > 0.93
    assert np.mean(dropout) - np.mean(plain) >= 0.003
    assert abs(neighbour_correlation(init)) < 0.05  # the initial weights are noise
    assert neighbour_correlation(learned) > 0.4  # the learned ones are smooth strokes


@pytest.mark.parametrize("shape", [(28, 28), None])
def test_neighbour_correlation_tells_smooth_from_noise(shape):
    g = np.random.default_rng(0)
    noise = g.normal(size=(16, 784))
    yy, xx = np.mgrid[:28, :28]
    strokes = np.stack(
        [np.exp(-((xx - 14 - k) ** 2) / 8.0 - (yy - 14) ** 2 / 60.0) for k in range(-8, 8)]
    ).reshape(16, 784)
    assert abs(neighbour_correlation(noise, shape)) < 0.05
    assert neighbour_correlation(strokes, shape) > 0.9
