"""Activation layers and their functional forms: side by side with PyTorch (outputs, input and
parameter gradients in float32 and float64), subgradients at the kinks, extreme inputs, float64
finite differences, ``inplace``, ``repr``, and our ``Heaviside``."""

from __future__ import annotations

import numpy as np
import pytest

import neuralgrad as ng
import neuralgrad.nn as nn
import neuralgrad.nn.functional as F
from neuralgrad.autograd import gradcheck

from .layer_checks import (
    DTYPES,
    close,
    copy_state,
    grad_of,
    randomize,
    rng,
    run_both,
    torch_dtype,
)

# (name, constructor arguments): the layer is nn.<name>(*args) here and torch.nn.<name>(*args)
LAYERS = [
    ("ReLU", ()),
    ("LeakyReLU", ()),
    ("LeakyReLU", (0.2,)),
    ("PReLU", ()),
    ("PReLU", (3, 0.1)),
    ("ELU", ()),
    ("ELU", (0.5,)),
    ("Sigmoid", ()),
    ("Tanh", ()),
    ("Softplus", ()),
    ("Softplus", (2.0, 1.0)),
    ("Softmax", (1,)),
    ("Softmax", (-1,)),
    ("LogSoftmax", (1,)),
    ("LogSoftmax", (0,)),
    ("GELU", ()),
    ("GELU", ("tanh",)),
    ("SiLU", ()),
]
SHAPES = [(4, 3), (2, 3, 5)]


def _layer_pair(name: str, args: tuple, dtype: object, key: object) -> tuple:
    torch = pytest.importorskip("torch")
    tmod = getattr(torch.nn, name)(*args).to(torch_dtype(dtype))
    nmod = getattr(nn, name)(*args).to(ng.float64 if dtype == np.float64 else ng.float32)
    randomize(tmod, rng("weights", key))
    copy_state(tmod, nmod)
    return nmod, tmod


def _input(r: np.random.Generator, shape: tuple, dtype: object) -> np.ndarray:
    """Values in (-3, 3) kept at least 0.05 away from the kinks at 0."""
    x = r.uniform(-3, 3, shape)
    return (np.where(np.abs(x) < 0.05, 0.5, x)).astype(dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("layer", LAYERS, ids=lambda c: f"{c[0]}{c[1]}")
def test_layer_matches_torch(layer: tuple, shape: tuple, dtype: object) -> None:
    """Output, input gradient and (PReLU) weight gradient equal PyTorch's."""
    name, args = layer
    nmod, tmod = _layer_pair(name, args, dtype, (layer, shape))
    r = rng(layer, shape, dtype)
    run_both(nmod, tmod, _input(r, shape, dtype), r)


@pytest.mark.parametrize("layer", LAYERS, ids=lambda c: f"{c[0]}{c[1]}")
def test_layer_repr_matches_torch(layer: tuple) -> None:
    torch = pytest.importorskip("torch")
    name, args = layer
    assert repr(getattr(nn, name)(*args)) == repr(getattr(torch.nn, name)(*args))


def test_repr_of_inplace_and_defaults_matches_torch() -> None:
    torch = pytest.importorskip("torch")
    for build in (
        lambda m: m.ReLU(inplace=True),
        lambda m: m.LeakyReLU(0.1, True),
        lambda m: m.ELU(inplace=True),
        lambda m: m.SiLU(True),
        lambda m: m.Softmax(),
        lambda m: m.PReLU(num_parameters=4),
    ):
        assert repr(build(nn)) == repr(build(torch.nn))


FUNCTIONAL = [
    ("relu", {}),
    ("leaky_relu", {"negative_slope": 0.3}),
    ("elu", {"alpha": 0.7}),
    ("sigmoid", {}),
    ("tanh", {}),
    ("softplus", {"beta": 0.5, "threshold": 3.0}),
    ("softmax", {"dim": 1}),
    ("log_softmax", {"dim": 0}),
    ("gelu", {}),
    ("gelu", {"approximate": "tanh"}),
    ("silu", {}),
]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("case", FUNCTIONAL, ids=lambda c: f"{c[0]}{c[1]}")
def test_functional_matches_torch(case: tuple, dtype: object) -> None:
    torch = pytest.importorskip("torch")
    name, kw = case
    r = rng("functional", case)
    x = _input(r, (3, 4), dtype)
    g = r.standard_normal((3, 4)).astype(dtype)
    nx, tx = ng.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    ny, ty = getattr(F, name)(nx, **kw), getattr(torch.nn.functional, name)(tx, **kw)
    ny.backward(ng.tensor(g))
    ty.backward(torch.tensor(g))
    close(ny, ty, dtype, name)
    close(nx.grad, tx.grad, dtype, f"{name} gradient")


# ---- kinks and extremes ---------------------------------------------------------------------
KINKS = [
    ("relu", {}),
    ("leaky_relu", {"negative_slope": 0.2}),
    ("elu", {"alpha": 0.5}),
    ("softplus", {"beta": 1.0, "threshold": 2.0}),
]


@pytest.mark.parametrize("case", KINKS, ids=lambda c: c[0])
def test_subgradient_at_the_kink_matches_torch(case: tuple) -> None:
    """At x = 0 (and softplus exactly at its threshold) the gradient is PyTorch's choice."""
    torch = pytest.importorskip("torch")
    name, kw = case
    x = np.array([0.0, -0.0, 2.0, -1.0, 1e-30, -1e-30])
    nx, tx = ng.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    getattr(F, name)(nx, **kw).sum().backward()
    getattr(torch.nn.functional, name)(tx, **kw).sum().backward()
    np.testing.assert_allclose(nx.grad.numpy(), tx.grad.numpy(), rtol=1e-15, atol=0)


def test_prelu_subgradient_at_zero_matches_torch() -> None:
    torch = pytest.importorskip("torch")
    x = np.array([[0.0, -1.0, 2.0], [0.0, 0.0, -3.0]])
    w = np.array([0.1, 0.2, 0.3])
    nx, nw = ng.tensor(x, requires_grad=True), ng.tensor(w, requires_grad=True)
    tx, tw = torch.tensor(x, requires_grad=True), torch.tensor(w, requires_grad=True)
    F.prelu(nx, nw).sum().backward()
    torch.nn.functional.prelu(tx, tw).sum().backward()
    np.testing.assert_array_equal(nx.grad.numpy(), tx.grad.numpy())
    np.testing.assert_array_equal(nw.grad.numpy(), tw.grad.numpy())


EXTREME = [
    ("softplus", {}),
    ("sigmoid", {}),
    ("elu", {}),
    ("gelu", {}),
    ("gelu", {"approximate": "tanh"}),
    ("silu", {}),
    ("tanh", {}),
    ("leaky_relu", {}),
    ("softplus", {"beta": 3.0, "threshold": 500.0}),
]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("case", EXTREME, ids=lambda c: f"{c[0]}{c[1]}")
def test_extreme_inputs_stay_finite_and_match_torch(case: tuple, dtype: object) -> None:
    """+-1000 (and +-100, +-30) give finite values and gradients, without overflow, equal to
    PyTorch's."""
    torch = pytest.importorskip("torch")
    name, kw = case
    x = np.array([-1000.0, -100.0, -30.0, 30.0, 100.0, 1000.0], dtype=dtype)
    nx, tx = ng.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        ny = getattr(F, name)(nx, **kw)
        ny.sum().backward()
    ty = getattr(torch.nn.functional, name)(tx, **kw)
    ty.sum().backward()
    assert np.isfinite(ny.detach().numpy()).all() and np.isfinite(nx.grad.numpy()).all()
    if kw.get("threshold") == 500.0:  # PyTorch's log1p(exp(3 * 1000)) overflows here; we don't
        np.testing.assert_allclose(ny.detach().numpy(), np.maximum(x, 0), rtol=1e-6, atol=1e-30)
        return
    close(ny, ty, dtype, name)
    close(nx.grad, tx.grad, dtype, f"{name} gradient")


# ---- finite differences ---------------------------------------------------------------------
GRADCHECK = [
    (F.relu, {}),
    (F.leaky_relu, {"negative_slope": 0.1}),
    (F.elu, {"alpha": 1.3}),
    (F.sigmoid, {}),
    (F.tanh, {}),
    (F.softplus, {"beta": 2.0, "threshold": 4.0}),
    (F.softmax, {"dim": 1}),
    (F.log_softmax, {"dim": 1}),
    (F.gelu, {}),
    (F.gelu, {"approximate": "tanh"}),
    (F.silu, {}),
    (F.heaviside, {}),
]  # (straight-through is by design not the true derivative)


@pytest.mark.parametrize("case", GRADCHECK, ids=lambda c: f"{c[0].__name__}{c[1]}")
def test_functional_gradcheck(case: tuple) -> None:
    """First and second derivatives equal float64 central differences."""
    fn, kw = case
    x = ng.tensor(_input(rng("gc", fn.__name__, kw), (3, 4), np.float64), requires_grad=True)
    assert gradcheck(lambda t: fn(t, **kw), (x,))
    v = ng.tensor(rng("v", fn.__name__).standard_normal((3, 4)))
    assert gradcheck(grad_of(lambda t: fn(t, **kw), v), (x,))


@pytest.mark.parametrize("num_parameters", [1, 3])
def test_prelu_module_gradcheck(num_parameters: int) -> None:
    """The input and the learnable slope, first and second order."""
    m = nn.PReLU(num_parameters, init=0.3, dtype=ng.float64)
    x = ng.tensor(_input(rng("prelu", num_parameters), (2, 3, 4), np.float64), requires_grad=True)
    assert gradcheck(lambda t, w: m(t), (x, m.weight))
    v = ng.tensor(rng("v").standard_normal((2, 3, 4)))
    assert gradcheck(grad_of(lambda t, w: m(t), v), (x, m.weight))


# ---- PReLU shapes and errors ----------------------------------------------------------------
@pytest.mark.parametrize("shape", [(), (5,), (4, 3), (2, 3, 4)], ids=str)
def test_prelu_shared_slope_any_shape(shape: tuple) -> None:
    torch = pytest.importorskip("torch")
    x = rng("prelu shared", shape).standard_normal(shape).astype(np.float32)
    ny = F.prelu(ng.tensor(x), ng.tensor([0.25]))
    ty = torch.nn.functional.prelu(torch.tensor(x), torch.tensor([0.25]))
    assert ny.shape == tuple(ty.shape)
    close(ny, ty, np.float32)


@pytest.mark.parametrize(
    "shape, weight", [((2, 3, 4), (4,)), ((3,), (3,)), ((), (2,)), ((2, 3), (3, 1))], ids=str
)
def test_prelu_errors_match_torch(shape: tuple, weight: tuple) -> None:
    torch = pytest.importorskip("torch")
    with pytest.raises(RuntimeError) as theirs:
        torch.nn.functional.prelu(torch.zeros(shape), torch.ones(weight))
    with pytest.raises(RuntimeError) as ours:
        F.prelu(ng.zeros(shape), ng.ones(weight))
    assert str(ours.value) == str(theirs.value)


def test_prelu_rejects_mixed_dtypes() -> None:
    with pytest.raises(RuntimeError, match="Type promoting not supported"):
        F.prelu(ng.zeros(2, 3, dtype=ng.float64), ng.ones(1))


def test_prelu_state_dict_and_init() -> None:
    m = nn.PReLU(3, init=0.1)
    assert list(m.state_dict()) == ["weight"]
    np.testing.assert_allclose(m.weight.detach().numpy(), [0.1] * 3, rtol=1e-7)
    assert m.weight.requires_grad and m.weight.dtype == ng.float32


# ---- other behaviour ------------------------------------------------------------------------
def test_gelu_rejects_unknown_approximation() -> None:
    with pytest.raises(RuntimeError, match="approximate argument must be either none or tanh"):
        F.gelu(ng.zeros(2), approximate="fast")


def test_softmax_without_dim_warns_like_torch() -> None:
    torch = pytest.importorskip("torch")
    x = rng("sm").standard_normal((2, 3, 4))
    with pytest.warns(UserWarning, match="Implicit dimension choice for softmax"):
        ny = nn.Softmax()(ng.tensor(x))
    with pytest.warns(UserWarning):
        ty = torch.nn.Softmax()(torch.tensor(x))
    close(ny, ty, np.float64)


@pytest.mark.parametrize(
    "name, kw", [("relu", {}), ("leaky_relu", {"negative_slope": 0.1}), ("elu", {}), ("silu", {})]
)
def test_inplace_changes_the_input_and_keeps_gradients(name: str, kw: dict) -> None:
    """``inplace=True`` writes into its input, returns it, and backward still matches torch."""
    torch = pytest.importorskip("torch")
    x = _input(rng("inplace", name), (3, 4), np.float64)
    na, ta = ng.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    nh, th = na * 2, ta * 2
    nout = getattr(F, name)(nh, **kw, inplace=True)
    tout = getattr(torch.nn.functional, name)(th, **kw, inplace=True)
    assert nout is nh
    close(nh, th, np.float64)
    (nout * nout).sum().backward()
    (tout * tout).sum().backward()
    close(na.grad, ta.grad, np.float64)


def test_inplace_on_a_leaf_that_requires_grad_is_refused() -> None:
    with pytest.raises(RuntimeError, match="leaf"):
        nn.ReLU(inplace=True)(ng.ones(3, requires_grad=True))


def test_inplace_without_autograd_writes_through() -> None:
    x = ng.tensor([-1.0, 2.0])
    assert nn.ReLU(inplace=True)(x) is x
    np.testing.assert_array_equal(x.numpy(), [0.0, 2.0])


# ---- Heaviside (ours) -----------------------------------------------------------------------
def test_heaviside_values_follow_the_course_rule() -> None:
    """1 where x > 0, else 0: the perceptron predicts 1 only for a strictly positive sum."""
    x = ng.tensor([-2.0, -1e-12, 0.0, -0.0, 1e-12, 3.0])
    np.testing.assert_array_equal(nn.Heaviside()(x).numpy(), [0, 0, 0, 0, 1, 1])
    np.testing.assert_array_equal(F.heaviside(x, value_at_zero=1.0).numpy(), [0, 0, 1, 1, 1, 1])
    torch = pytest.importorskip("torch")
    tx = torch.tensor(x.numpy())
    np.testing.assert_array_equal(
        F.heaviside(x, 0.5).numpy(), torch.heaviside(tx, torch.tensor(0.5)).numpy()
    )


def test_heaviside_keeps_the_float_dtype() -> None:
    assert nn.Heaviside()(ng.zeros(2, dtype=ng.float64)).dtype == ng.float64
    assert nn.Heaviside()(ng.zeros(2)).dtype == ng.float32


def test_heaviside_gradient_is_exactly_zero() -> None:
    """By default nothing flows back: every gradient is exactly 0 (not just small)."""
    x = ng.tensor([-2.0, 0.0, 0.5, 3.0], requires_grad=True)
    y = nn.Heaviside()(x)
    assert y.grad_fn is not None and y.grad_fn.name() == "HeavisideBackward"
    (y * ng.tensor([1.0, 2.0, 3.0, 4.0])).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), np.zeros(4))
    assert not np.signbit(x.grad.numpy()).any()


def test_heaviside_straight_through_passes_the_gradient_unchanged() -> None:
    """The straight-through estimator: the gradient of the identity."""
    x = ng.tensor([-2.0, 0.0, 0.5, 3.0], requires_grad=True)
    g = np.array([1.0, -2.0, 3.0, 4.5])
    nn.Heaviside(straight_through=True)(x).backward(ng.tensor(g))
    np.testing.assert_array_equal(x.grad.numpy(), g)


def test_heaviside_blocks_learning_before_it_unless_straight_through() -> None:
    """In a perceptron-like stack the first layer gets zero gradient with the true derivative
    and a nonzero one with the straight-through estimator."""
    x = ng.tensor(rng("perceptron").standard_normal((8, 2)).astype(np.float32))
    for st, nonzero in ((False, False), (True, True)):
        w = ng.tensor([[0.5], [-0.25]], requires_grad=True)
        out = nn.Heaviside(straight_through=st)(x @ w)
        ((out - 1.0) ** 2).mean().backward()
        assert bool(np.any(w.grad.numpy() != 0)) == nonzero


def test_heaviside_repr() -> None:
    assert repr(nn.Heaviside()) == "Heaviside()"
    assert repr(nn.Heaviside(True, 1.0)) == "Heaviside(straight_through=True, value_at_zero=1.0)"
