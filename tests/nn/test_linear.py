"""``Linear``, ``F.linear`` (the fused ``LinearBackward`` node), ``Identity`` and ``Flatten``:
against PyTorch with copied weights, against the matmul/add composition, and by float64 finite
differences (first and second order)."""

from __future__ import annotations

import math
import zlib

import numpy as np
import pytest

import neuralgrad as ng
import neuralgrad.nn as nn
import neuralgrad.nn.functional as F
from neuralgrad.autograd import gradcheck

SHAPES = [(5,), (4, 5), (2, 3, 5), (2, 2, 3, 5)]


def _rng(*key: object) -> np.random.Generator:
    return np.random.default_rng(zlib.crc32(repr(key).encode()))


def _pair(in_f: int, out_f: int, bias: bool, dtype: object = np.float32) -> tuple:
    """A torch Linear and a neuralgrad Linear holding the same weights."""
    torch = pytest.importorskip("torch")
    tl = torch.nn.Linear(
        in_f, out_f, bias=bias, dtype=torch.float64 if dtype == np.float64 else torch.float32
    )
    nl = nn.Linear(in_f, out_f, bias=bias, dtype=ng.float64 if dtype == np.float64 else ng.float32)
    nl.load_state_dict({k: ng.tensor(v.detach().numpy()) for k, v in tl.state_dict().items()})
    return tl, nl


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_linear_matches_torch(shape: tuple, bias: bool, dtype: object) -> None:
    """Output, input gradient and parameter gradients equal PyTorch's for 1-D to 4-D inputs,
    with a random upstream gradient."""
    torch = pytest.importorskip("torch")
    tl, nl = _pair(5, 3, bias, dtype)
    r = _rng("linear", shape, bias)
    x = r.normal(size=shape).astype(dtype)
    g = r.normal(size=shape[:-1] + (3,)).astype(dtype)
    tx = torch.tensor(x, requires_grad=True)
    nx = ng.tensor(x, requires_grad=True)
    ty, ny = tl(tx), nl(nx)
    ty.backward(torch.tensor(g))
    ny.backward(ng.tensor(g))
    tol = dict(rtol=1e-5, atol=1e-6) if dtype == np.float32 else dict(rtol=1e-12, atol=1e-12)
    assert ny.dtype == (ng.float32 if dtype == np.float32 else ng.float64)
    np.testing.assert_allclose(ny.detach().numpy(), ty.detach().numpy(), **tol)
    np.testing.assert_allclose(nx.grad.numpy(), tx.grad.numpy(), **tol)
    np.testing.assert_allclose(nl.weight.grad.numpy(), tl.weight.grad.numpy(), **tol)
    if bias:
        np.testing.assert_allclose(nl.bias.grad.numpy(), tl.bias.grad.numpy(), **tol)


def test_linear_is_one_fused_node() -> None:
    """F.linear records exactly one ``LinearBackward`` whose edges lead to x, W and b."""
    x = ng.randn(4, 3, requires_grad=True)
    w = ng.randn(2, 3, requires_grad=True)
    b = ng.randn(2, requires_grad=True)
    y = F.linear(x, w, b)
    assert type(y.grad_fn).__name__ == "LinearBackward"
    leaves = [fn.variable for fn, _ in y.grad_fn.next_functions]
    assert leaves[0] is x and leaves[1] is w and leaves[2] is b


@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_linear_equals_composition(shape: tuple, bias: bool) -> None:
    """Values and gradients equal those of ``x @ W.T + b`` built from matmul and add."""
    r = _rng("compose", shape, bias)
    arrays = [r.normal(size=shape), r.normal(size=(3, 5)), r.normal(size=(3,))]
    g = ng.tensor(r.normal(size=shape[:-1] + (3,)))
    results = []
    for fn in (
        lambda x, w, b: F.linear(x, w, b if bias else None),
        lambda x, w, b: x @ w.T + b if bias else x @ w.T,
    ):
        ts = [ng.tensor(a, requires_grad=True) for a in arrays]
        y = fn(*ts)
        y.backward(g)
        results.append([y.detach().numpy()] + [t.grad.numpy() for t in ts[: 3 if bias else 2]])
    for got, want in zip(*results):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("needs", [(0, 1, 2), (0,), (1,), (2,), (1, 2)])
@pytest.mark.parametrize("shape", [(4,), (3, 4), (2, 3, 4)], ids=str)
def test_linear_gradcheck(shape: tuple, needs: tuple) -> None:
    """float64 central differences agree, whichever inputs need a gradient."""
    r = _rng("gradcheck", shape, needs)
    arrays = [r.normal(size=shape), r.normal(size=(2, 4)), r.normal(size=(2,))]
    ts = tuple(ng.tensor(a, requires_grad=i in needs) for i, a in enumerate(arrays))
    assert gradcheck(F.linear, ts)


def test_linear_module_gradcheck() -> None:
    """The module itself (float64 weights) passes finite differences for x, W and b."""
    ng.manual_seed(0)
    lin = nn.Linear(4, 3).double()
    x = ng.randn(2, 4, dtype=ng.float64, requires_grad=True)
    assert gradcheck(lambda x, w, b: lin(x), (x, lin.weight, lin.bias))


def test_linear_skips_inputs_without_grad() -> None:
    """Inputs that need no gradient get none (their VJP work is skipped)."""
    x = ng.randn(3, 4)
    lin = nn.Linear(4, 2)
    lin(x).sum().backward()
    assert x.grad is None and lin.weight.grad is not None and lin.bias.grad is not None
    lin.weight.requires_grad_(False)
    lin.bias.grad = None
    xr = ng.randn(3, 4, requires_grad=True)
    lin(xr).sum().backward()
    assert xr.grad is not None and lin.bias.grad is not None


def test_linear_second_order_matches_composition() -> None:
    """create_graph through LinearBackward: d/dW of <d(out)/dx, v> equals the composition's."""
    r = _rng("second")
    arrays = [r.normal(size=(3, 4)), r.normal(size=(2, 4)), r.normal(size=(2,))]
    v = ng.tensor(r.normal(size=(3, 4)))
    got = []
    for fn in (F.linear, lambda x, w, b: x @ w.T + b):
        x, w, b = (ng.tensor(a, requires_grad=True) for a in arrays)
        y = fn(x, w, b)
        (gx,) = ng.autograd.grad((y * y).sum(), [x], create_graph=True)
        gw, gb = ng.autograd.grad((gx * v).sum(), [w, b])
        got.append((gx.detach().numpy(), gw.numpy(), gb.numpy()))
    for a, b in zip(*got):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)


def test_linear_errors_name_shapes_and_dtypes() -> None:
    w = ng.randn(3, 2)
    with pytest.raises(
        RuntimeError,
        match=r"mat1 and mat2 shapes cannot be multiplied \(4x5 and "
        r"2x3\)",
    ):
        F.linear(ng.randn(4, 5), w)
    with pytest.raises(RuntimeError, match="same dtype"):
        F.linear(ng.randn(4, 2, dtype=ng.float64), w)
    with pytest.raises(RuntimeError, match="bias"):
        F.linear(ng.randn(4, 2), w, ng.randn(4))
    with pytest.raises(RuntimeError, match="0-d"):
        F.linear(ng.tensor(1.0), w)


def test_linear_with_vector_weight_matches_torch() -> None:
    """A 1-D weight (in,) gives ``x @ w`` as in PyTorch (1-D and 2-D inputs)."""
    torch = pytest.importorskip("torch")
    r = _rng("vector")
    w = r.normal(size=(4,))
    for x in (r.normal(size=(3, 4)), r.normal(size=(4,))):
        want = torch.nn.functional.linear(torch.tensor(x), torch.tensor(w))
        got = F.linear(ng.tensor(x), ng.tensor(w))
        assert got.shape == tuple(want.shape)
        np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=1e-12)


def test_linear_default_init_bounds_and_statistics() -> None:
    """PyTorch's default init: W and b uniform on +-1/sqrt(in_features); for U(-k, k) the mean is
    0 and the variance k^2/3, checked within 5 standard errors on a large layer."""
    ng.manual_seed(0)
    lin = nn.Linear(400, 500)
    k = 1 / math.sqrt(400)
    w = lin.weight.detach().numpy()
    assert lin.weight.shape == (500, 400) and lin.bias.shape == (500,)
    assert np.abs(w).max() <= k and np.abs(lin.bias.detach().numpy()).max() <= k
    n = w.size
    assert abs(w.mean()) < 5 * math.sqrt(k**2 / 3 / n)
    assert abs(w.var() - k**2 / 3) < 5 * math.sqrt(4 * k**4 / 45 / n)
    assert lin.weight.requires_grad and lin.weight.is_leaf
    assert nn.Linear(3, 2, bias=False).bias is None


def test_linear_init_follows_global_seed() -> None:
    ng.manual_seed(7)
    a = nn.Linear(6, 4)
    ng.manual_seed(7)
    b = nn.Linear(6, 4)
    assert np.array_equal(a.weight.detach().numpy(), b.weight.detach().numpy())
    assert not np.array_equal(a.weight.detach().numpy(), nn.Linear(6, 4).weight.detach().numpy())


def test_linear_repr_dtype_and_state_dict_match_torch() -> None:
    torch = pytest.importorskip("torch")
    for args in [(3, 4), (3, 4, False)]:
        assert repr(nn.Linear(*args)) == repr(torch.nn.Linear(*args))
        assert list(nn.Linear(*args).state_dict()) == list(torch.nn.Linear(*args).state_dict())
    lin = nn.Linear(2, 3, dtype=ng.float64)
    assert lin.weight.dtype == ng.float64 and lin.bias.dtype == ng.float64


def test_identity_and_flatten_match_torch() -> None:
    torch = pytest.importorskip("torch")
    x = np.arange(2 * 3 * 4 * 5, dtype=np.float32).reshape(2, 3, 4, 5)
    for args in [(), (0,), (1, 2), (2, -1), (0, -2), (-3, -2)]:
        want = torch.nn.Flatten(*args)(torch.tensor(x))
        got = nn.Flatten(*args)(ng.tensor(x))
        assert got.shape == tuple(want.shape)
        np.testing.assert_array_equal(got.numpy(), want.numpy())
        assert repr(nn.Flatten(*args)) == repr(torch.nn.Flatten(*args))
    t = ng.randn(3, requires_grad=True)
    assert nn.Identity(54, unused="x")(t) is t
    assert repr(nn.Identity()) == repr(torch.nn.Identity())


def test_flatten_gradient_flows_back_to_input_shape() -> None:
    x = ng.randn(2, 3, 4, requires_grad=True)
    nl = nn.Sequential(nn.Flatten(), nn.Linear(12, 2))
    nl(x).sum().backward()
    assert x.grad.shape == (2, 3, 4)


def test_training_steps_match_torch() -> None:
    """Five SGD steps on a two-layer MLP from the same weights and data: same losses and
    weights as PyTorch (to float32 rounding)."""
    torch = pytest.importorskip("torch")
    tm = torch.nn.Sequential(torch.nn.Linear(6, 8), torch.nn.Linear(8, 2))
    nm = nn.Sequential(nn.Linear(6, 8), nn.Linear(8, 2))
    nm.load_state_dict({k: ng.tensor(v.numpy()) for k, v in tm.state_dict().items()})
    r = _rng("train")
    x, t = r.normal(size=(16, 6)).astype(np.float32), r.normal(size=(16, 2)).astype(np.float32)
    for _ in range(5):
        losses = []
        for lib, model in ((torch, tm), (ng, nm)):
            h = lib.relu(model[0](lib.tensor(x)))
            loss = ((model[1](h) - lib.tensor(t)) ** 2).mean()
            model.zero_grad()
            loss.backward()
            with lib.no_grad():
                for p in model.parameters():
                    p -= 0.1 * p.grad
            losses.append(loss.item())
        assert losses[1] == pytest.approx(losses[0], rel=1e-5)
    for (k, a), b in zip(nm.state_dict().items(), tm.state_dict().values()):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-5, atol=1e-6, err_msg=k)
