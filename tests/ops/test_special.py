"""``erf``: the NumPy fallback against the C library's ``math.erf`` (to 2 ulp), the SciPy path,
the switch between them, the differentiable op and its use by exact GELU."""

from __future__ import annotations

import math
import sys

import numpy as np
import pytest

import neuralgrad as ng
import neuralgrad.nn.functional as F
from neuralgrad.autograd import gradcheck
from neuralgrad.ops import special


def _grid() -> np.ndarray:
    """Dense where the fallback switches method (|x| = 1), log-spaced near 0 and far out."""
    tiny = np.geomspace(1e-308, 1.0, 4000)
    return np.concatenate(
        [
            np.linspace(-7, 7, 40001),
            np.linspace(0.99, 1.01, 2001),
            tiny,
            -tiny,
            np.geomspace(1.0, 1e300, 400),
            [0.0, -0.0, 5e-324],
        ]
    )


def test_fallback_is_accurate_to_float64_rounding() -> None:
    """Within 2 ulp of libm's erf everywhere on the grid (SciPy itself differs by up to 3)."""
    x = _grid()
    want = np.array([math.erf(v) for v in x])
    got = special.erf_numpy(x)
    ulp = np.spacing(np.maximum(np.abs(want), np.finfo(np.float64).tiny))
    err = np.abs(got - want) / ulp
    assert err.max() <= 2, f"{err.max()} ulp at x = {x[err.argmax()]}"


def test_fallback_special_values() -> None:
    x = np.array([np.inf, -np.inf, np.nan, 0.0, -0.0, 30.0, -30.0])
    got = special.erf_numpy(x)
    np.testing.assert_array_equal(got, [1.0, -1.0, np.nan, 0.0, -0.0, 1.0, -1.0])
    assert np.signbit(got[4]) and not np.signbit(got[3])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_fallback_keeps_dtype_and_shape(dtype: object) -> None:
    x = np.linspace(-3, 3, 12, dtype=dtype).reshape(3, 4)
    got = special.erf_numpy(x)
    assert got.dtype == dtype and got.shape == (3, 4)
    np.testing.assert_allclose(
        got,
        [[math.erf(v) for v in row] for row in x.astype(float)],
        rtol=1e-6 if dtype == np.float32 else 1e-15,
    )
    assert np.ndim(special.erf_numpy(np.float64(0.5))) == 0


def test_scipy_path_when_available() -> None:
    scipy_special = pytest.importorskip("scipy.special")
    x = _grid()
    np.testing.assert_array_equal(special.erf_array(x), scipy_special.erf(x))
    np.testing.assert_allclose(special.erf_array(x), special.erf_numpy(x), rtol=1e-15, atol=0)


def test_without_scipy_the_fallback_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "scipy.special", None)  # import now raises ImportError
    assert special._scipy_erf() is None
    x = np.linspace(-4, 4, 101)
    np.testing.assert_array_equal(special.erf_array(x), special.erf_numpy(x))


@pytest.mark.parametrize("approximate", ["none", "tanh"])
def test_gelu_without_scipy_matches_torch(
    monkeypatch: pytest.MonkeyPatch, approximate: str
) -> None:
    """Both erf paths give PyTorch's GELU values and gradients (and ones for +-1000)."""
    torch = pytest.importorskip("torch")
    x = np.concatenate([np.linspace(-6, 6, 49), [-1000.0, 1000.0]])
    tx = torch.tensor(x, requires_grad=True)
    ty = torch.nn.functional.gelu(tx, approximate=approximate)
    ty.sum().backward()
    for scipy_present in (True, False):
        if not scipy_present:
            monkeypatch.setitem(sys.modules, "scipy.special", None)
        nx = ng.tensor(x, requires_grad=True)
        y = F.gelu(nx, approximate=approximate)
        y.sum().backward()
        # atol: 1 + tanh(...) cancels for x << 0 in both implementations, in different orders
        np.testing.assert_allclose(y.detach().numpy(), ty.detach().numpy(), rtol=1e-14, atol=1e-14)
        np.testing.assert_allclose(nx.grad.numpy(), tx.grad.numpy(), rtol=1e-14, atol=1e-14)


def test_erf_op_value_and_gradients() -> None:
    """d erf/dx = 2/sqrt(pi) e^(-x^2); first and second order against finite differences."""
    x = ng.tensor(np.linspace(-2.5, 2.5, 11), requires_grad=True)
    y = special.erf(x)
    y.sum().backward()
    xs = x.detach().numpy()
    np.testing.assert_allclose(
        x.grad.numpy(), 2 / math.sqrt(math.pi) * np.exp(-xs * xs), rtol=1e-15
    )
    assert gradcheck(special.erf, (x,))
    v = ng.tensor(np.linspace(1.0, 2.0, 11))

    def grad(t: ng.Tensor) -> ng.Tensor:
        with ng.enable_grad():
            return ng.autograd.grad(special.erf(t), t, v, create_graph=True)[0]

    assert gradcheck(grad, (x,))


def test_erf_op_matches_torch() -> None:
    torch = pytest.importorskip("torch")
    x = np.linspace(-3, 3, 13, dtype=np.float32)
    nx, tx = ng.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    ny, ty = special.erf(nx), torch.erf(tx)
    ny.sum().backward()
    ty.sum().backward()
    assert ny.dtype == ng.float32
    np.testing.assert_allclose(ny.detach().numpy(), ty.detach().numpy(), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(nx.grad.numpy(), tx.grad.numpy(), rtol=1e-6, atol=1e-7)


def test_array_namespaces_expose_erf() -> None:
    """``xp.erf`` for VJPs: on arrays (ArrayOps) and, for create_graph, on tensors."""
    from neuralgrad._backend import NUMPY
    from neuralgrad.autograd.graph_ops import TENSOR_OPS

    x = np.array([-1.0, 0.25, 2.0])
    np.testing.assert_array_equal(NUMPY.erf(x), special.erf_array(x))
    t = TENSOR_OPS.erf(ng.tensor(x, requires_grad=True))
    assert t.grad_fn is not None
    np.testing.assert_array_equal(t.detach().numpy(), special.erf_array(x))
