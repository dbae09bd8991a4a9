"""Inverted dropout: exact scaling of kept values, the drop fraction within a few standard
errors, identity in evaluation, gradients, the global generator, and PyTorch's checks."""

from __future__ import annotations

import math

import numpy as np
import pytest

import neuralgrad as ng
import neuralgrad.nn as nn
import neuralgrad.nn.functional as F


@pytest.mark.parametrize("dtype", [ng.float32, ng.float64])
@pytest.mark.parametrize("p", [0.1, 0.5, 0.8])
def test_kept_values_are_scaled_by_one_over_keep_probability(p: float, dtype: object) -> None:
    """Every output is 0 or exactly x / (1 - p) (to the dtype's rounding)."""
    ng.manual_seed(1)
    x = ng.rand(200, 50, dtype=dtype) + 0.5  # no zeros in the input
    y = F.dropout(x, p).numpy()
    xs = x.numpy()
    kept = y != 0
    assert kept.any() and (~kept).any()
    rtol = 1e-6 if dtype == ng.float32 else 1e-14
    np.testing.assert_allclose(y[kept], xs[kept] / (1 - p), rtol=rtol)
    assert y.dtype == xs.dtype


@pytest.mark.parametrize("p", [0.05, 0.3, 0.5, 0.9])
def test_drop_fraction_within_standard_errors(p: float) -> None:
    """The fraction of zeros estimates p: within 4 standard errors sqrt(p(1-p)/n)."""
    ng.manual_seed(2)
    n = 100_000
    y = F.dropout(ng.ones(n), p).numpy()
    frac = float((y == 0).mean())
    assert abs(frac - p) < 4 * math.sqrt(p * (1 - p) / n)


def test_expected_output_equals_input() -> None:
    """Inverted dropout keeps the mean: E[y] = x, within 4 standard errors."""
    ng.manual_seed(3)
    p, n = 0.4, 200_000
    y = F.dropout(ng.full((n,), 2.0), p).numpy()
    se = 2.0 * math.sqrt(p / (1 - p) / n)  # std of x*m/(1-p) is x*sqrt(p/(1-p))
    assert abs(y.mean() - 2.0) < 4 * se


def test_gradient_is_the_scaled_mask() -> None:
    ng.manual_seed(4)
    p = 0.3
    x = ng.randn(50, 40, dtype=ng.float64, requires_grad=True)
    y = F.dropout(x, p)
    g = ng.randn(50, 40, dtype=ng.float64)
    y.backward(g)
    mask = (y.detach().numpy() != 0) / (1 - p)
    np.testing.assert_allclose(x.grad.numpy(), g.numpy() * mask, rtol=1e-14)


def test_identity_when_not_training_or_p_zero_and_zeros_for_p_one() -> None:
    x = ng.randn(4, 5, requires_grad=True)
    assert F.dropout(x, 0.5, training=False) is x
    assert F.dropout(x, 0.0) is x
    y = F.dropout(x, 1.0)
    assert np.all(y.detach().numpy() == 0) and y.requires_grad
    y.sum().backward()
    assert np.all(x.grad.numpy() == 0)


def test_module_follows_train_and_eval() -> None:
    ng.manual_seed(5)
    model = nn.Sequential(nn.Linear(8, 8), nn.Dropout(0.5))
    x = ng.randn(16, 8)
    model.eval()
    assert not model[1].training
    np.testing.assert_array_equal(model(x).detach().numpy(), model[0](x).detach().numpy())
    model.train()
    out = model(x).detach().numpy()
    assert (out == 0).any()
    ref = model[0](x).detach().numpy()
    np.testing.assert_allclose(out[out != 0], ref[out != 0] * 2, rtol=1e-6)


def test_masks_follow_the_global_generator() -> None:
    x = ng.ones(1000)
    ng.manual_seed(11)
    a = F.dropout(x, 0.5).numpy()
    b = F.dropout(x, 0.5).numpy()
    ng.manual_seed(11)
    c = F.dropout(x, 0.5).numpy()
    assert np.array_equal(a, c) and not np.array_equal(a, b)


def test_inplace_changes_the_input() -> None:
    ng.manual_seed(6)
    x = ng.ones(100)
    y = F.dropout(x, 0.5, inplace=True)
    assert y is x and (x.numpy() == 0).any() and set(np.unique(x.numpy())) <= {0.0, 2.0}
    m = nn.Dropout(0.5, inplace=True)
    z = ng.ones(100)
    assert m(z) is z


@pytest.mark.parametrize("p", [-0.1, 1.5])
def test_p_is_validated_like_torch(p: float) -> None:
    torch = pytest.importorskip("torch")
    with pytest.raises(ValueError) as want:
        torch.nn.Dropout(p)
    with pytest.raises(ValueError) as got:
        nn.Dropout(p)
    assert str(got.value) == str(want.value)
    with pytest.raises(ValueError, match="between 0 and 1"):
        F.dropout(ng.ones(3), p)


def test_repr_and_eval_identity_match_torch() -> None:
    torch = pytest.importorskip("torch")
    for args in [(), (0.2,), (0.3, True)]:
        assert repr(nn.Dropout(*args)) == repr(torch.nn.Dropout(*args))
    x = np.random.default_rng(0).normal(size=(3, 4)).astype(np.float32)
    want = torch.nn.Dropout(0.7).eval()(torch.tensor(x)).numpy()
    np.testing.assert_array_equal(nn.Dropout(0.7).eval()(ng.tensor(x)).numpy(), want)


def test_integer_input_is_refused() -> None:
    with pytest.raises(RuntimeError, match="floating-point"):
        F.dropout(ng.arange(5), 0.5)
