"""autograd.grad, create_graph and higher-order derivatives, by hand and against PyTorch."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import neuralgrad as ng

RS = np.random.default_rng(1234)
X = RS.standard_normal((6, 3))
Y = RS.standard_normal((6, 2))
W1 = RS.standard_normal((3, 5)) * 0.7
W2 = RS.standard_normal((5, 2)) * 0.7
V1 = RS.standard_normal((3, 5))
V2 = RS.standard_normal((5, 2))


def _f64(values: Any, requires_grad: bool = True) -> ng.Tensor:
    return ng.tensor(np.asarray(values, dtype=np.float64), requires_grad=requires_grad)


def _mlp_loss(lib: Any, w1: Any, w2: Any, act: str) -> Any:
    """Mean squared error of a two-layer MLP: act(X @ w1) @ w2 against Y."""
    h = getattr(lib, act)(lib.tensor(X) @ w1)
    return ((h @ w2 - lib.tensor(Y)) ** 2).mean()


def _hvp_double_backward(lib: Any, act: str) -> tuple[np.ndarray, np.ndarray]:
    """H v by differentiating <grad L, v> a second time."""
    w1 = lib.tensor(W1, requires_grad=True)
    w2 = lib.tensor(W2, requires_grad=True)
    loss = _mlp_loss(lib, w1, w2, act)
    g1, g2 = lib.autograd.grad(loss, [w1, w2], create_graph=True)
    dot = (g1 * lib.tensor(V1)).sum() + (g2 * lib.tensor(V2)).sum()
    h1, h2 = lib.autograd.grad(dot, [w1, w2])
    return np.asarray(h1.detach()), np.asarray(h2.detach())


# ---- by hand ---------------------------------------------------------------------------------
def test_grad_returns_tuple_and_leaves_grad_untouched():
    x = _f64([1.0, 2.0])
    (g,) = ng.autograd.grad((x**2).sum(), x)
    np.testing.assert_array_equal(g.numpy(), [2.0, 4.0])
    assert x.grad is None
    assert not g.requires_grad


def test_second_derivative_of_tanh():
    """d/dx tanh = 1 - tanh^2; d2/dx2 tanh = -2 tanh (1 - tanh^2)."""
    xs = np.array([-1.5, -0.2, 0.0, 0.3, 2.0])
    x = _f64(xs)
    y = x.tanh()
    (g,) = ng.autograd.grad(y.sum(), x, create_graph=True)
    assert g.requires_grad and g.grad_fn is not None
    t = np.tanh(xs)
    np.testing.assert_allclose(g.detach().numpy(), 1 - t**2, rtol=1e-12)
    (g2,) = ng.autograd.grad(g.sum(), x)
    np.testing.assert_allclose(g2.numpy(), -2 * t * (1 - t**2), rtol=1e-12, atol=1e-15)


def test_derivatives_of_cube_up_to_third_order():
    """x^3 -> 3x^2 -> 6x -> 6 at x = 2."""
    x = ng.tensor(2.0, dtype=ng.float64, requires_grad=True)
    y = x**3
    (d1,) = ng.autograd.grad(y, x, create_graph=True)
    (d2,) = ng.autograd.grad(d1, x, create_graph=True)
    (d3,) = ng.autograd.grad(d2, x)
    assert (d1.item(), d2.item(), d3.item()) == (12.0, 12.0, 6.0)


def test_second_derivative_via_backward_create_graph():
    """backward(create_graph=True) leaves a differentiable .grad, as in PyTorch."""
    x = ng.tensor(1.5, dtype=ng.float64, requires_grad=True)
    (x**3).backward(create_graph=True)
    g = x.grad
    assert g.item() == pytest.approx(3 * 1.5**2)
    assert g.requires_grad
    x.grad = None
    g.backward()
    assert x.grad.item() == pytest.approx(6 * 1.5)


def test_mixed_partial_derivative():
    """f = x^2 y^3: d2f/dxdy = 6 x y^2."""
    x = ng.tensor(1.5, dtype=ng.float64, requires_grad=True)
    y = ng.tensor(-2.0, dtype=ng.float64, requires_grad=True)
    f = x**2 * y**3
    (fx,) = ng.autograd.grad(f, x, create_graph=True)
    (fxy,) = ng.autograd.grad(fx, y)
    assert fxy.item() == pytest.approx(6 * 1.5 * 4.0)


def test_grad_with_grad_outputs_is_a_vjp():
    x = _f64([1.0, 2.0, 3.0])
    y = x * x
    (g,) = ng.autograd.grad(y, x, grad_outputs=ng.tensor([1.0, -1.0, 0.5], dtype=ng.float64))
    np.testing.assert_array_equal(g.numpy(), [2.0, -4.0, 3.0])


def test_grad_of_several_outputs_sums_them():
    x = _f64([1.0, 2.0])
    (g,) = ng.autograd.grad([(x * 3).sum(), (x * x).sum()], [x])
    np.testing.assert_array_equal(g.numpy(), [5.0, 7.0])


def test_grad_with_respect_to_an_intermediate():
    x = _f64([1.0, 2.0])
    h = x * 3
    (gh,) = ng.autograd.grad((h * h).sum(), h)
    np.testing.assert_array_equal(gh.numpy(), [6.0, 12.0])


def test_grad_unused_input_raises_unless_allow_unused():
    a = _f64(1.0)
    b = _f64(2.0)
    with pytest.raises(RuntimeError, match="allow_unused=True"):
        ng.autograd.grad(a * 2, [a, b])
    ga, gb = ng.autograd.grad(a * 2, [a, b], allow_unused=True)
    assert ga.item() == 2.0 and gb is None


def test_grad_of_input_not_requiring_grad_raises():
    a = _f64(1.0)
    c = _f64(1.0, requires_grad=False)
    with pytest.raises(RuntimeError, match="does not require grad"):
        ng.autograd.grad(a * c, [c])


def test_grad_frees_graph_unless_retained():
    x = _f64([1.0, 2.0])
    y = (x.exp()).sum()
    ng.autograd.grad(y, x, retain_graph=True)
    ng.autograd.grad(y, x)
    with pytest.raises(RuntimeError, match="retain_graph"):
        ng.autograd.grad(y, x)


def test_hessian_of_quadratic_form_is_a_plus_a_transpose():
    a = RS.standard_normal((3, 3))
    x = _f64(RS.standard_normal(3))
    A = ng.tensor(a)
    f = x @ A @ x
    (g,) = ng.autograd.grad(f, x, create_graph=True)
    rows = []
    for i in range(3):
        (row,) = ng.autograd.grad(g[i], x, retain_graph=True)
        rows.append(row.numpy())
    np.testing.assert_allclose(np.stack(rows), a + a.T, rtol=1e-12)


# ---- against PyTorch -------------------------------------------------------------------------
@pytest.mark.parametrize("act", ["tanh", "relu", "sigmoid"])
def test_mlp_hessian_vector_product_matches_pytorch(act):
    torch = pytest.importorskip("torch")
    ours = _hvp_double_backward(ng, act)
    ref = _hvp_double_backward(torch, act)
    for a, b in zip(ours, ref):
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)
    assert np.abs(ours[0]).max() > 1e-3  # not trivially zero


@pytest.mark.parametrize("act", ["tanh", "relu"])
def test_functional_hvp_matches_pytorch(act):
    torch = pytest.importorskip("torch")
    out, (h1, h2) = ng.autograd.functional.hvp(
        lambda a, b: _mlp_loss(ng, a, b, act),
        (ng.tensor(W1), ng.tensor(W2)),
        (ng.tensor(V1), ng.tensor(V2)),
    )
    out_t, (t1, t2) = torch.autograd.functional.hvp(
        lambda a, b: _mlp_loss(torch, a, b, act),
        (torch.tensor(W1), torch.tensor(W2)),
        (torch.tensor(V1), torch.tensor(V2)),
    )
    assert out.item() == pytest.approx(out_t.item(), rel=1e-12)
    np.testing.assert_allclose(h1.numpy(), t1.numpy(), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(h2.numpy(), t2.numpy(), rtol=1e-9, atol=1e-12)
    assert not out.requires_grad


_SECOND_ORDER_FNS: dict[str, Callable[[Any, Any], Any]] = {
    "exp": lambda lib, x: x.exp(),
    "log": lambda lib, x: (x * x + 1).log(),
    "sin_cos": lambda lib, x: x.sin() * x.cos(),
    "sigmoid": lambda lib, x: x.sigmoid(),
    "sqrt": lambda lib, x: (x * x + 0.5).sqrt(),
    "div": lambda lib, x: 1 / (x * x + 1),
    "pow": lambda lib, x: (x.abs() + 1) ** 2.5,
    "softmax": lambda lib, x: x.reshape(2, 3).softmax(1) * lib.arange(6.0).reshape(2, 3),
    "log_softmax": lambda lib, x: x.reshape(2, 3).log_softmax(0) ** 2,
    "logsumexp": lambda lib, x: x.reshape(3, 2).logsumexp(1) ** 2,
    "var": lambda lib, x: x.reshape(2, 3).var(1) * x[:2],
    "matmul": lambda lib, x: (x.reshape(2, 3) @ x.reshape(3, 2)).tanh(),
    "index_and_cat": lambda lib, x: lib.cat([x[1:] * x[:-1], x[[0, 0, 3]] ** 2]),
    "maximum": lambda lib, x: lib.maximum(x, x[[5, 4, 3, 2, 1, 0]] * 0.5) ** 2,
    "std": lambda lib, x: x.reshape(3, 2).std(0) * x[4:],
    "mean": lambda lib, x: x.reshape(2, 3).mean(0) ** 3,
    "norm": lambda lib, x: x.norm() * x,
    "amax": lambda lib, x: x.reshape(2, 3).amax(1) ** 2 * x[:2],
    "clamp_relu": lambda lib, x: x.clamp(-1.0, 1.0) * x.relu() * x,
    "where": lambda lib, x: lib.where(x > 0, x**2, x.exp()),
    "gather": lambda lib, x: x.reshape(2, 3).gather(1, lib.tensor([[2, 0], [1, 1]])) ** 2,
    "shape_ops": lambda lib, x: (
        (x.reshape(2, 3).permute(1, 0).unsqueeze(0).expand(2, 3, 2) * x.reshape(3, 2)) ** 2
    ),
    "sub_neg_abs": lambda lib, x: (-x - x**2).abs() ** 1.5,
    "cast": lambda lib, x: (x.float() ** 2).double() * x,
}


@pytest.mark.parametrize("name", sorted(_SECOND_ORDER_FNS))
def test_double_backward_matches_pytorch(name):
    """grad of (grad f . u) w.r.t. x for a random u, through each op, equals PyTorch's."""
    torch = pytest.importorskip("torch")
    fn = _SECOND_ORDER_FNS[name]
    x0 = np.array([0.3, -1.1, 0.8, 1.7, -0.4, 0.6])
    results = []
    for lib in (ng, torch):
        x = lib.tensor(x0, requires_grad=True)
        out = fn(lib, x)
        u = lib.tensor(np.linspace(-1, 1, out.numel()).reshape(tuple(out.shape)))
        (g,) = lib.autograd.grad((out * u).sum(), x, create_graph=True)
        (h,) = lib.autograd.grad((g * g).sum(), x)
        results.append((np.asarray(g.detach()), np.asarray(h)))
    np.testing.assert_allclose(results[0][0], results[1][0], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(results[0][1], results[1][1], rtol=1e-9, atol=1e-12)
