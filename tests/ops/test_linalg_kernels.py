"""The kernel choices behind ``linear``, ``matmul`` and the fused cross-entropy at training sizes:
the transposed forward product (small batch against a large layer, float32), ``matmul`` in place
of ``dot`` for larger products, the bias gradient as ``ones @ g``, the softmax kept from the
forward. Each must give PyTorch's numbers, C-ordered results, and survive a second backward."""

from __future__ import annotations

import numpy as np
import pytest

import neuralgrad as ng
import neuralgrad.nn.functional as F

# (batch, in, out): the first three take the transposed forward product (2 <= batch <= 128,
# 2 * batch <= min(in, out), batch * in * out >= 2**20, float32), the others the direct one
LINEAR_SHAPES = [
    (16, 784, 256),
    (128, 784, 256),
    (2, 1024, 1024),
    (256, 784, 256),
    (128, 256, 128),
    (1, 784, 256),
    (16, 100, 10),
]


def _linear_case(b: int, i: int, o: int, dtype: object, seed: int = 0) -> tuple:
    r = np.random.default_rng(seed)
    bound = 1 / np.sqrt(i)
    x = r.standard_normal((b, i)).astype(dtype)
    w = r.uniform(-bound, bound, (o, i)).astype(dtype)
    bias = r.uniform(-bound, bound, o).astype(dtype)
    g = r.standard_normal((b, o)).astype(dtype)
    return x, w, bias, g


def _close(ours: np.ndarray, theirs: np.ndarray, dtype: object) -> None:
    """Equal up to float32 (float64) summation error, scaled to the result's magnitude: sums of
    hundreds of terms in another order differ by a few ulps of the largest partial sum."""
    scale = max(1.0, float(np.abs(theirs).max()))
    tol = 1e-5 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(ours, theirs, rtol=10 * tol, atol=tol * scale)


def _ng_linear(x: np.ndarray, w: np.ndarray, bias: np.ndarray, g: np.ndarray) -> tuple:
    nx, nw, nb = (ng.tensor(a, requires_grad=True) for a in (x, w, bias))
    out = F.linear(nx, nw, nb)
    out.backward(ng.tensor(g))
    return out, nx.grad.numpy(), nw.grad.numpy(), nb.grad.numpy()


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", LINEAR_SHAPES, ids=str)
def test_linear_at_training_sizes_matches_torch(shape: tuple, dtype: object) -> None:
    """Output and the three gradients equal PyTorch's ``F.linear`` for every product route."""
    torch = pytest.importorskip("torch")
    x, w, bias, g = _linear_case(*shape, dtype)
    out, gx, gw, gb = _ng_linear(x, w, bias, g)
    tx, tw, tb = (torch.tensor(a, requires_grad=True) for a in (x, w, bias))
    tout = torch.nn.functional.linear(tx, tw, tb)
    tout.backward(torch.tensor(g))
    assert out.dtype == (ng.float32 if dtype == np.float32 else ng.float64)
    _close(out.detach().numpy(), tout.detach().numpy(), dtype)
    for ours, theirs in ((gx, tx.grad), (gw, tw.grad), (gb, tb.grad)):
        _close(ours, theirs.numpy(), dtype)


@pytest.mark.parametrize("shape", LINEAR_SHAPES, ids=str)
def test_linear_results_are_c_ordered_and_viewable(shape: tuple) -> None:
    """The transposed product is copied back to C order: ``view`` works on the output as in
    PyTorch, and the gradients are C-ordered too."""
    x, w, bias, g = _linear_case(*shape, np.float32)
    out, gx, gw, gb = _ng_linear(x, w, bias, g)
    assert out.detach().numpy().flags.c_contiguous
    assert tuple(out.view(-1).shape) == (shape[0] * shape[2],)
    assert all(a.flags.c_contiguous for a in (gx, gw, gb))


@pytest.mark.parametrize("shape", LINEAR_SHAPES, ids=str)
def test_linear_values_equal_the_float64_product(shape: tuple) -> None:
    """Without PyTorch: the float32 output is the exactly-rounded product up to float32
    summation error, whichever operand order BLAS was given."""
    x, w, bias, g = _linear_case(*shape, np.float32)
    out = F.linear(ng.tensor(x), ng.tensor(w), ng.tensor(bias)).numpy()
    _close(out, x.astype(np.float64) @ w.T.astype(np.float64) + bias, np.float32)


def test_linear_second_backward_with_retained_graph_doubles_the_gradients() -> None:
    """Nothing a VJP returns aliases what it saved: a second backward adds the same values."""
    x, w, bias, g = _linear_case(16, 784, 256, np.float32)
    nx, nw, nb = (ng.tensor(a, requires_grad=True) for a in (x, w, bias))
    out = F.relu(F.linear(nx, nw, nb))
    out.backward(ng.tensor(g), retain_graph=True)
    first = [t.grad.numpy().copy() for t in (nx, nw, nb)]
    out.backward(ng.tensor(g))
    for t, f in zip((nx, nw, nb), first):
        np.testing.assert_array_equal(t.grad.numpy(), 2 * f)


def test_bias_gradient_over_a_large_batch_matches_torch() -> None:
    """``ones @ g`` (a BLAS gemv) sums 512 rows to PyTorch's result within float32 rounding."""
    torch = pytest.importorskip("torch")
    x, w, bias, g = _linear_case(512, 64, 32, np.float32, seed=5)
    *_, gb = _ng_linear(x, w, bias, g)
    _close(gb, torch.tensor(g).sum(0).numpy(), np.float32)
    _close(gb, g.astype(np.float64).sum(0), np.float32)


@pytest.mark.parametrize(
    "shapes",
    [((128, 64), (64, 96)), ((128, 1), (1, 96)), ((1, 300), (300, 64)), ((96, 300), (300, 1))],
    ids=str,
)
def test_matmul_of_matrices_matches_torch(shapes: tuple) -> None:
    """2-D ``matmul`` (BLAS through ``matmul`` for larger products, ``dot`` when a dimension is
    1) and its two gradients equal PyTorch's."""
    torch = pytest.importorskip("torch")
    r = np.random.default_rng(2)
    a, b = (r.standard_normal(s).astype(np.float32) for s in shapes)
    g = r.standard_normal((shapes[0][0], shapes[1][1])).astype(np.float32)
    na, nb = ng.tensor(a, requires_grad=True), ng.tensor(b, requires_grad=True)
    ta, tb = torch.tensor(a, requires_grad=True), torch.tensor(b, requires_grad=True)
    out, tout = ng.matmul(na, nb), torch.matmul(ta, tb)
    out.backward(ng.tensor(g))
    tout.backward(torch.tensor(g))
    for ours, theirs in ((out.detach(), tout.detach()), (na.grad, ta.grad), (nb.grad, tb.grad)):
        _close(ours.numpy(), theirs.numpy(), np.float32)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_cross_entropy_kept_softmax_survives_a_second_backward(dtype: object) -> None:
    """The fast cross-entropy node keeps the forward's exponentials for its VJP; a retained
    graph run twice gives twice the same gradient, equal to PyTorch's."""
    r = np.random.default_rng(4)
    x = (r.standard_normal((128, 10)) * 4).astype(dtype)
    y = r.integers(0, 10, 128)
    nx = ng.tensor(x, requires_grad=True)
    loss = F.cross_entropy(nx, ng.tensor(y))
    loss.backward(retain_graph=True)
    first = nx.grad.numpy().copy()
    loss.backward()
    np.testing.assert_array_equal(nx.grad.numpy(), 2 * first)
    torch = pytest.importorskip("torch")
    tx = torch.tensor(x, requires_grad=True)
    torch.nn.functional.cross_entropy(tx, torch.tensor(y)).backward()
    tol = 1e-6 if dtype == np.float32 else 1e-14
    np.testing.assert_allclose(first, tx.grad.numpy(), rtol=tol, atol=tol)
