"""normal, bernoulli and multinomial: PyTorch's overloads, shapes, dtypes, gradients and errors,
and the distributions their draws follow (the streams themselves are NumPy's, not PyTorch's)."""

from __future__ import annotations

import numpy as np
import pytest

import neuralgrad as ng
from torch_parity import raises_like_torch

OVERLOADS = [
    lambda m: m.normal(m.zeros(2, 3), m.ones(3)),
    lambda m: m.normal(m.zeros(2, 3, dtype=m.float64), 2.0),
    lambda m: m.normal(1.0, m.ones(4)),
    lambda m: m.normal(0.0, 1.0, (2, 5)),
    lambda m: m.normal(0, 1, size=(3,), dtype=m.float64),
    lambda m: m.normal(2 * m.ones(3, 2), 1),
    lambda m: m.normal(mean=m.zeros(3), std=m.ones(3)),
]


@pytest.mark.parametrize("k", range(len(OVERLOADS)))
def test_normal_overloads_give_pytorchs_shapes_and_dtypes(k):
    torch = pytest.importorskip("torch")
    got, want = OVERLOADS[k](ng), OVERLOADS[k](torch)
    assert tuple(got.shape) == tuple(want.shape)
    assert str(got.dtype).split(".")[-1] == str(want.dtype).split(".")[-1]


def test_normal_follows_its_distribution():
    ng.manual_seed(0)
    x = ng.normal(3.0, 2.0, (200_000,)).numpy()
    assert abs(x.mean() - 3.0) < 0.02 and abs(x.std() - 2.0) < 0.02
    y = ng.normal(ng.tensor([0.0, 10.0]).expand(100_000, 2), ng.tensor([1.0, 0.5])).numpy()
    np.testing.assert_allclose(y.mean(0), [0.0, 10.0], atol=0.02)
    np.testing.assert_allclose(y.std(0), [1.0, 0.5], atol=0.02)


def test_normal_is_seeded_and_passes_zero_gradients_as_pytorch():
    torch = pytest.importorskip("torch")
    ng.manual_seed(5)
    a = ng.normal(0.0, 1.0, (4,))
    ng.manual_seed(5)
    assert ng.normal(0.0, 1.0, (4,)).tolist() == a.tolist()
    for make in (lambda m, a, b: m.normal(a, b), lambda m, a, b: m.normal(a, 2.0)):
        mean, std = ng.zeros(3, requires_grad=True), ng.ones(3, requires_grad=True)
        tm, ts = torch.zeros(3, requires_grad=True), torch.ones(3, requires_grad=True)
        out, tout = make(ng, mean, std), make(torch, tm, ts)
        assert out.requires_grad and tout.requires_grad
        out.sum().backward()
        tout.sum().backward()
        assert mean.grad.tolist() == tm.grad.tolist() == [0.0, 0.0, 0.0]
        assert (std.grad is None) == (ts.grad is None)
        assert std.grad is None or std.grad.tolist() == ts.grad.tolist()
    inf = ng.normal(ng.tensor([float("inf"), 0.0]), 1.0)
    assert inf[0].item() == float("inf") and np.isfinite(inf[1].item())


@pytest.mark.parametrize(
    "call,error",
    [
        (lambda m: m.normal(0.0, -1.0, (2,)), RuntimeError),
        (lambda m: m.normal(m.zeros(2), -1.0), RuntimeError),
        (lambda m: m.normal(m.zeros(2), -m.ones(2)), RuntimeError),
        (lambda m: m.normal(m.zeros(2, 3), m.ones(6)), RuntimeError),
        (lambda m: m.normal(m.zeros(2, dtype=m.int64), 1.0), NotImplementedError),
        (lambda m: m.normal(0.0, 1.0), TypeError),
    ],
)
def test_normal_errors_match_pytorch(call, error):
    raises_like_torch(call, error)


def test_bernoulli_draws_ones_with_the_given_probability():
    torch = pytest.importorskip("torch")
    ng.manual_seed(1)
    p = ng.tensor([0.0, 0.25, 1.0]).expand(100_000, 3)
    draws = ng.bernoulli(p)
    assert draws.dtype == ng.float32 and not draws.requires_grad
    np.testing.assert_allclose(draws.numpy().mean(0), [0.0, 0.25, 1.0], atol=0.01)
    for call in (
        lambda m: m.bernoulli(m.tensor([0.0, 1.0], dtype=m.float64)),
        lambda m: m.bernoulli(m.zeros(3), 1.0),
        lambda m: m.zeros(3).bernoulli_(1.0),
        lambda m: m.zeros(3).bernoulli(),
        lambda m: m.zeros(2, dtype=m.int64).bernoulli_(m.ones(2)),
    ):
        got, want = call(ng), call(torch)
        assert got.tolist() == want.tolist() and str(got.dtype)[-5:] == str(want.dtype)[-5:]
    x = ng.zeros(10_000)
    assert x.bernoulli_(0.5) is x and 0.45 < x.mean().item() < 0.55


@pytest.mark.parametrize(
    "call,error",
    [
        (lambda m: m.bernoulli(m.tensor([0.0, 1.5])), RuntimeError),
        (lambda m: m.bernoulli(m.tensor([0, 1])), NotImplementedError),
        (lambda m: m.zeros(2).bernoulli_(-0.1), RuntimeError),
    ],
)
def test_bernoulli_errors_match_pytorch(call, error):
    raises_like_torch(call, error)


@pytest.mark.parametrize("replacement", [True, False])
def test_multinomial_frequencies_follow_the_weights(replacement):
    ng.manual_seed(2)
    w = ng.tensor([[1.0, 2.0, 0.0, 7.0]] * 20_000)
    first = ng.multinomial(w, 2, replacement=replacement)[:, 0].numpy()
    np.testing.assert_allclose(
        np.bincount(first, minlength=4) / 20_000, [0.1, 0.2, 0, 0.7], atol=0.01
    )
    many = ng.multinomial(ng.tensor([0.2, 0.3, 0.5]), 100_000, replacement=True).numpy()
    np.testing.assert_allclose(np.bincount(many) / 100_000, [0.2, 0.3, 0.5], atol=0.01)


def test_multinomial_without_replacement_never_repeats():
    ng.manual_seed(3)
    out = ng.tensor([[1.0, 1.0, 5.0, 0.5]] * 50).multinomial(4)
    assert out.dtype == ng.int64 and out.shape == (50, 4)
    assert all(sorted(row) == [0, 1, 2, 3] for row in out.tolist())
    # once the weighted categories run out, zero-weight ones follow, as in PyTorch
    assert sorted(ng.multinomial(ng.tensor([0.0, 1.0, 0.0]), 3).tolist()) == [0, 1, 2]


@pytest.mark.parametrize(
    "call",
    [
        lambda m: m.multinomial(m.tensor([0.2, 0.8]), 3),
        lambda m: m.multinomial(m.tensor([0.2, -0.8]), 1),
        lambda m: m.multinomial(m.tensor([0.0, 0.0]), 1),
        lambda m: m.multinomial(m.tensor([1, 2]), 1),
        lambda m: m.multinomial(m.ones(2, 2, 2), 1),
        lambda m: m.multinomial(m.ones(3), 0),
        lambda m: m.multinomial(m.tensor([1.0, float("nan")]), 1),
    ],
)
def test_multinomial_errors_match_pytorch(call):
    torch = pytest.importorskip("torch")
    with pytest.raises(RuntimeError) as want:
        call(torch)
    got = raises_like_torch(call, RuntimeError)
    assert str(got.value).split()[:3] == str(want.value).split()[:3]
