"""The fused loops of ops (ops/_kernels.py): ReLU's backward and softmax cross-entropy give
bitwise the NumPy code's values and gradients; their sums are NumPy's pairwise sums."""

from __future__ import annotations

import numpy as np
import pytest

import neuralgrad as ng
from neuralgrad import _fused
from neuralgrad._backend import NUMPY
from neuralgrad.ops import _kernels

pytest.importorskip("numba")

SHAPES = [(1, 2), (3, 10), (8, 3), (31, 17), (128, 10), (129, 200), (1000, 7), (5000, 3)]


def _both(fn):
    """``fn()`` with the fused loops and with the NumPy code."""
    out = []
    for on in (True, False):
        with _fused.switched(on):
            out.append(fn())
    return out


@pytest.mark.parametrize("reduction", ["mean", "sum"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["f32", "f64"])
@pytest.mark.parametrize("shape", SHAPES, ids=[f"{n}x{c}" for n, c in SHAPES])
def test_cross_entropy_is_bitwise_the_numpy_path(shape, dtype, reduction):
    rng = np.random.default_rng(shape[0] * shape[1])
    x = (rng.standard_normal(shape) * 5).astype(dtype)
    y = rng.integers(0, shape[1], shape[0])

    def run():
        xt = ng.tensor(x, requires_grad=True)
        loss = ng.nn.functional.cross_entropy(xt, ng.tensor(y), reduction=reduction)
        (loss * 3.0).backward()  # an upstream gradient other than 1
        return loss.numpy(force=True), xt.grad.numpy()

    (fused_loss, fused_grad), (numpy_loss, numpy_grad) = _both(run)
    assert fused_loss.dtype == dtype and fused_loss == numpy_loss
    assert np.array_equal(fused_grad, numpy_grad)


def test_cross_entropy_second_order_is_unchanged():
    x = np.random.default_rng(0).standard_normal((4, 3)).astype(np.float64)
    y = ng.tensor([0, 2, 1, 2])

    def run():
        xt = ng.tensor(x, requires_grad=True)
        (g,) = ng.autograd.grad(ng.nn.functional.cross_entropy(xt, y), xt, create_graph=True)
        (h,) = ng.autograd.grad((g * g).sum(), xt)
        return h.numpy()

    fused, plain = _both(run)
    np.testing.assert_array_equal(fused, plain)


def test_relu_backward_is_bitwise_the_numpy_path_signed_zeros_and_nan_included():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((64, 33)).astype(np.float32)
    x[0, :4] = (0.0, -0.0, np.nan, -1.0)
    g = rng.standard_normal((64, 33)).astype(np.float32)
    g[0, :4] = (-1.0, 2.0, 3.0, np.nan)
    g[1, :3] = (-5.0, -0.0, np.inf)
    x[1, :3] = (-1.0, 1.0, 0.0)

    def run():
        xt = ng.tensor(x, requires_grad=True)
        with np.errstate(invalid="ignore"):
            ng.relu(xt).backward(ng.tensor(g))
        return xt.grad.numpy()

    fused, plain = _both(run)
    assert np.array_equal(fused, plain, equal_nan=True)
    assert np.array_equal(np.signbit(fused), np.signbit(plain))


def test_relu_backward_of_a_non_contiguous_gradient_takes_the_numpy_path():
    x = ng.tensor(np.random.default_rng(2).standard_normal((6, 4)).astype(np.float32))
    x.requires_grad_()
    g = np.arange(24, dtype=np.float32).reshape(4, 6).T  # Fortran-ordered

    def run():
        x.grad = None
        ng.relu(x).backward(ng.tensor(g))
        return x.grad.numpy().copy()

    fused, plain = _both(run)
    assert np.array_equal(fused, plain)


@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["f32", "f64"])
def test_pairwise_sum_adds_in_numpys_order(dtype):
    assert _kernels.PICKED_LOSS.get(NUMPY) is not None  # compiles the helper with it
    rng = np.random.default_rng(3)
    for n in [*range(1, 300), 1000, 1024, 4097, 100_000]:
        a = (rng.standard_normal(n) * 10.0 ** rng.uniform(-3, 3, n)).astype(dtype)
        assert _kernels._pairwise_sum(a) == a.sum(), n
