"""The generated teaching sets: shapes, dtypes, classes and balance, the geometry each one
promises (checked without noise), reproducibility from a seed, and bad arguments."""

from __future__ import annotations

import numpy as np
import pytest

import neuralgrad as ng
from neuralgrad.datasets import (
    make_1d_function,
    make_blobs,
    make_circles,
    make_moons,
    make_regression,
    make_spirals,
    make_xor,
)

CLASSIFIERS = [
    (make_xor, {}, 2),
    (make_moons, {}, 2),
    (make_circles, {}, 2),
    (make_spirals, {}, 2),
    (make_spirals, {"classes": 3}, 3),
    (make_blobs, {"centers": 4}, 4),
]


@pytest.mark.parametrize("make,kw,k", CLASSIFIERS)
def test_classification_sets_shapes_and_balance(make, kw, k):
    X, y = make(n=101, **kw)
    assert X.shape == (101, 2) and X.dtype == np.float32
    assert y.shape == (101,) and y.dtype == np.int64
    counts = np.bincount(y)
    assert len(counts) == k and counts.max() - counts.min() <= 1
    assert not (np.diff(y) >= 0).all()  # shuffled, not in class blocks


@pytest.mark.parametrize(
    "make",
    [
        make_xor,
        make_moons,
        make_circles,
        make_spirals,
        make_blobs,
        make_regression,
        make_1d_function,
    ],
)
def test_reproducible(make):
    a, b, c = make(seed=5), make(seed=5), make(seed=6)
    for u, v in zip(a, b):
        np.testing.assert_array_equal(u, v)
    assert not np.array_equal(a[0], c[0])
    ng.manual_seed(2)
    d = make(seed=None)
    ng.manual_seed(2)
    np.testing.assert_array_equal(make(seed=None)[0], d[0])


def test_xor_truth_table_and_labels():
    X, y = make_xor(4, noise=0.0)
    table = {tuple(x): int(t) for x, t in zip(X.astype(int).tolist(), y)}
    assert table == {(0, 0): 0, (0, 1): 1, (1, 0): 1, (1, 1): 0}
    X, y = make_xor(400, noise=0.1)
    np.testing.assert_array_equal(y, np.round(X[:, 0]).astype(int) ^ np.round(X[:, 1]).astype(int))


def test_moons_and_circles_geometry():
    X, y = make_moons(50, noise=0.0)
    upper, lower = X[y == 0], X[y == 1] - [1.0, 0.5]
    np.testing.assert_allclose(np.hypot(*upper.T), 1, atol=1e-6)
    np.testing.assert_allclose(np.hypot(*lower.T), 1, atol=1e-6)
    assert (upper[:, 1] >= -1e-6).all() and (lower[:, 1] <= 1e-6).all()
    X, y = make_circles(60, noise=0.0, factor=0.3)
    np.testing.assert_allclose(np.hypot(*X[y == 0].T), 1, atol=1e-6)
    np.testing.assert_allclose(np.hypot(*X[y == 1].T), 0.3, atol=1e-6)


def test_spirals_geometry():
    X, y = make_spirals(90, classes=3, noise=0.0, turns=1.0)
    r = np.hypot(*X.T)
    theta = np.arctan2(X[:, 1], X[:, 0])
    expected = 2 * np.pi * y / 3 + 2 * np.pi * r
    np.testing.assert_allclose(np.angle(np.exp(1j * (theta - expected))), 0, atol=1e-5)
    assert r.min() > 0.09 and r.max() < 1.0 + 1e-6


def test_blobs_center_on_given_points():
    centers = np.array([[0.0, 0.0], [10.0, 10.0], [-10.0, 5.0]])
    X, y = make_blobs(3000, centers=centers, std=0.5)
    for k, c in enumerate(centers):
        np.testing.assert_allclose(X[y == k].mean(0), c, atol=0.05)
        np.testing.assert_allclose(X[y == k].std(0), 0.5, atol=0.05)
    X, y = make_blobs(30, n_features=5)
    assert X.shape == (30, 5)


def test_regression_recovers_the_line():
    X, y, w, b = make_regression(500, noise=0.0, n_features=3, return_coef=True)
    assert X.shape == (500, 3) and y.shape == (500, 1) and y.dtype == np.float32
    np.testing.assert_allclose(y[:, 0], X @ w + b, atol=1e-5)
    X, y, w, b = make_regression(2000, noise=0.1, return_coef=True)
    A = np.hstack([X, np.ones((2000, 1))]).astype(np.float64)
    coef = np.linalg.lstsq(A, y[:, 0], rcond=None)[0]
    np.testing.assert_allclose(coef, [w[0], b], atol=0.02)
    assert abs((y[:, 0] - A @ coef).std() - 0.1) < 0.01


def test_1d_function():
    X, y = make_1d_function(200, fn="sin", noise=0.0, low=-2, high=2)
    assert X.shape == y.shape == (200, 1) and X.dtype == y.dtype == np.float32
    assert X.min() >= -2 and X.max() <= 2
    np.testing.assert_allclose(y, np.sin(X), atol=1e-6)
    _, y = make_1d_function(50, fn=lambda x: 2 * x, noise=0.0)
    X, _ = make_1d_function(50, fn=lambda x: 2 * x, noise=0.0)
    np.testing.assert_allclose(y, 2 * X, atol=1e-6)
    X, y = make_1d_function(50, fn="sinc", noise=0.0)
    np.testing.assert_allclose(y, np.sin(X) / X, atol=1e-5)


def test_bad_arguments():
    with pytest.raises(ValueError, match="n must be"):
        make_xor(0)
    with pytest.raises(ValueError, match="noise"):
        make_moons(10, noise=-1)
    with pytest.raises(ValueError, match="classes"):
        make_spirals(10, classes=1)
    with pytest.raises(ValueError, match="factor"):
        make_circles(10, factor=1.5)
    with pytest.raises(ValueError, match="unknown function 'tan'"):
        make_1d_function(fn="tan")
    with pytest.raises(ValueError, match="low < high"):
        make_1d_function(low=1, high=0)
