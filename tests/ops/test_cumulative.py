"""cumsum and cumprod beyond the op table: result dtypes, ``dtype=``, zeros at every order."""

from __future__ import annotations

import numpy as np
import pytest

import neuralgrad as ng


@pytest.mark.parametrize("op", ["cumsum", "cumprod"])
@pytest.mark.parametrize("dtype", ["bool", "uint8", "int32", "int64", "float16", "float32"])
def test_result_dtypes_match_pytorch(op, dtype):
    torch = pytest.importorskip("torch")
    data = [1, 0, 1, 1] if dtype == "bool" else [1, 2, 3, 2]
    x, tx = ng.tensor(data).to(getattr(ng, dtype)), torch.tensor(data).to(getattr(torch, dtype))
    for kw, tkw in (({}, {}), ({"dtype": ng.float64}, {"dtype": torch.float64})):
        got, want = getattr(x, op)(0, **kw), getattr(tx, op)(0, **tkw)
        assert str(got.dtype).split(".")[-1] == str(want.dtype).split(".")[-1]
        np.testing.assert_array_equal(got.numpy(), want.numpy())


def test_dim_is_required_as_in_pytorch():
    torch = pytest.importorskip("torch")
    for m in (torch, ng):
        with pytest.raises(TypeError, match="dim"):
            m.cumsum(m.zeros(3))


@pytest.mark.parametrize(
    "data",
    [[0.0, 0.0, 0.0, 2.0], [2.0, 0.0, 1.5, 0.0, 0.0, 3.0], [[0.0, 0.0, 2.0], [1.0, 0.0, 3.0]]],
)
def test_cumprod_with_zeros_matches_pytorch_to_third_order(data):
    torch = pytest.importorskip("torch")
    a = np.asarray(data)
    r = np.random.default_rng(0)
    g, w = r.standard_normal(a.shape), r.standard_normal(a.shape)
    x, tx = ng.tensor(a, requires_grad=True), torch.tensor(a, requires_grad=True)
    (d1,) = ng.autograd.grad(ng.cumprod(x, -1), x, ng.tensor(g), create_graph=True)
    (t1,) = torch.autograd.grad(torch.cumprod(tx, -1), tx, torch.tensor(g), create_graph=True)
    (d2,) = ng.autograd.grad((d1 * ng.tensor(w)).sum(), x, create_graph=True)
    (t2,) = torch.autograd.grad((t1 * torch.tensor(w)).sum(), tx, create_graph=True)
    (d3,) = ng.autograd.grad((d2 * ng.tensor(w)).sum(), x)
    (t3,) = torch.autograd.grad((t2 * torch.tensor(w)).sum(), tx)
    for got, want in ((d1, t1), (d2, t2), (d3, t3)):
        np.testing.assert_allclose(got.detach().numpy(), want.detach().numpy(), atol=1e-12)
