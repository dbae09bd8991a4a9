"""The fused activation kernels of ``ops/activation.py``: one node each, equal to their
compositions from primitive ops (values, gradients, second-order gradients) and to PyTorch's
second-order gradients."""

from __future__ import annotations

import math
import zlib

import numpy as np
import pytest

import neuralgrad as ng
from neuralgrad.ops import activation as A


def _rng(*key: object) -> np.random.Generator:
    return np.random.default_rng(zlib.crc32(repr(key).encode()))


def _sig(t: ng.Tensor) -> ng.Tensor:
    return ng.sigmoid(t)


def _gelu_tanh(t: ng.Tensor) -> ng.Tensor:
    inner = math.sqrt(2 / math.pi) * (t + 0.044715 * t**3)
    return 0.5 * t * (1 + ng.tanh(inner))


def _gelu_erf(t: ng.Tensor) -> ng.Tensor:
    """``x Phi(x)`` with Phi from the erf op (the only primitive available for it)."""
    from neuralgrad.ops.special import erf

    return t * 0.5 * (1 + erf(t / math.sqrt(2)))


W = np.array([0.3, -0.2, 1.5])
# (name, fused(x), composition(x), torch(torch, x))
CASES = [
    (
        "leaky_relu",
        lambda x: A.leaky_relu(x, 0.2),
        lambda x: ng.where(x > 0, x, 0.2 * x),
        lambda torch, x: torch.nn.functional.leaky_relu(x, 0.2),
    ),
    (
        "elu",
        lambda x: A.elu(x, 0.7),
        lambda x: ng.where(x > 0, x, 0.7 * (ng.exp(x) - 1)),
        lambda torch, x: torch.nn.functional.elu(x, 0.7),
    ),
    (
        "softplus",
        lambda x: A.softplus(x, 2.0, 3.0),
        lambda x: ng.where(2 * x > 3, x, ng.log1p(ng.exp(2 * x)) / 2),
        lambda torch, x: torch.nn.functional.softplus(x, 2.0, 3.0),
    ),
    ("gelu", lambda x: A.gelu(x), _gelu_erf, lambda torch, x: torch.nn.functional.gelu(x)),
    (
        "gelu_tanh",
        lambda x: A.gelu(x, "tanh"),
        _gelu_tanh,
        lambda torch, x: torch.nn.functional.gelu(x, approximate="tanh"),
    ),
    ("silu", A.silu, lambda x: x * _sig(x), lambda torch, x: torch.nn.functional.silu(x)),
    (
        "prelu",
        lambda x: A.prelu(x, ng.tensor(W.reshape(1, 3))),
        lambda x: ng.where(x > 0, x, ng.tensor(W.reshape(1, 3)) * x),
        lambda torch, x: torch.nn.functional.prelu(x, torch.tensor(W)),
    ),
]
IDS = [c[0] for c in CASES]


def _x(name: str) -> np.ndarray:
    x = _rng(name).uniform(-4, 4, (4, 3))
    return np.where(np.abs(x) < 0.05, 0.7, x)


def _first_and_second(fn: object, x: np.ndarray, v: np.ndarray, w: np.ndarray) -> tuple:
    """(y, dy/dx . v, d(dy/dx . v . w)/dx) for neuralgrad ``fn``."""
    t = ng.tensor(x, requires_grad=True)
    y = fn(t)
    (g,) = ng.autograd.grad(y, t, ng.tensor(v), create_graph=True)
    if not g.requires_grad:  # piecewise-linear: the gradient does not depend on x at all
        return y.detach().numpy(), g.numpy(), np.zeros_like(x)
    (gg,) = ng.autograd.grad(g, t, ng.tensor(w), allow_unused=True, materialize_grads=True)
    return y.detach().numpy(), g.detach().numpy(), gg.numpy()


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_fused_equals_composition(case: tuple) -> None:
    """Values, gradients and second-order gradients equal those of the composition."""
    name, fused, composed, _ = case
    r = _rng("vw", name)
    x, v, w = _x(name), r.standard_normal((4, 3)), r.standard_normal((4, 3))
    for got, want in zip(_first_and_second(fused, x, v, w), _first_and_second(composed, x, v, w)):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-13)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_second_order_matches_torch(case: tuple) -> None:
    torch = pytest.importorskip("torch")
    name, fused, _, tfn = case
    r = _rng("vw", name)
    x, v, w = _x(name), r.standard_normal((4, 3)), r.standard_normal((4, 3))
    tx = torch.tensor(x, requires_grad=True)
    ty = tfn(torch, tx)
    (tg,) = torch.autograd.grad(ty, tx, torch.tensor(v), create_graph=True)
    (tgg,) = torch.autograd.grad(tg, tx, torch.tensor(w), allow_unused=True, materialize_grads=True)
    want = (ty.detach().numpy(), tg.detach().numpy(), tgg.numpy())
    for got, exp in zip(_first_and_second(fused, x, v, w), want):
        np.testing.assert_allclose(got, exp, rtol=1e-12, atol=1e-13)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_one_node_and_none_without_grad(case: tuple) -> None:
    """The result hangs off a single node whose edge is the input itself; nothing is recorded
    when no input requires grad."""
    name, fused, _, _ = case
    x = ng.tensor(_x(name), requires_grad=True)
    y = fused(x)
    assert y.grad_fn.next_functions[0][0].variable is x
    assert fused(ng.tensor(_x(name))).grad_fn is None
    with ng.no_grad():
        assert fused(x).grad_fn is None


def test_prelu_weight_gradient_is_summed_to_its_shape() -> None:
    """The weight broadcasts over the batch: its gradient is sum(g * x) over x <= 0."""
    x = ng.tensor([[1.0, -2.0], [-3.0, 0.0]], requires_grad=True)
    w = ng.tensor([[0.5, 0.25]], requires_grad=True)
    A.prelu(x, w).backward(ng.tensor([[1.0, 2.0], [3.0, 4.0]]))
    np.testing.assert_array_equal(w.grad.numpy(), [[-9.0, -4.0]])
    np.testing.assert_array_equal(x.grad.numpy(), [[1.0, 0.5], [1.5, 1.0]])


def test_heaviside_has_zero_second_order_gradient() -> None:
    x = ng.tensor([-1.0, 0.0, 2.0], requires_grad=True)
    (g,) = ng.autograd.grad(A.heaviside(x), x, ng.ones(3), create_graph=True)
    np.testing.assert_array_equal(g.numpy(), np.zeros(3))


def test_relu_passes_no_gradient_where_off_even_an_infinite_one() -> None:
    """sqrt(relu(x)) at x <= 0: sqrt's derivative is infinite at 0, relu's is 0 there, and the
    gradient is 0 (PyTorch's), not inf * 0 = NaN."""
    x = ng.tensor([-1.0, 0.0, 4.0], requires_grad=True)
    with np.errstate(divide="ignore"):
        ng.sqrt(ng.relu(x)).sum().backward()
    assert x.grad.tolist() == [0.0, 0.0, 0.25]
    torch = pytest.importorskip("torch")
    xt = torch.tensor([-1.0, 0.0, 4.0], requires_grad=True)
    torch.sqrt(torch.relu(xt)).sum().backward()
    assert xt.grad.tolist() == x.grad.tolist()
