"""sort, argsort and topk beyond the op table: ties, NaN, integer and bool inputs, errors."""

from __future__ import annotations

import numpy as np
import pytest

import neuralgrad as ng

TIES = [3.0, 1.0, 2.0, 1.0, float("nan"), 2.0, -float("inf")]


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("dtype", ["float32", "float64", "int64", "int32", "bool"])
def test_ties_and_nan_order_as_pytorch_stable_sort(dtype, descending):
    torch = pytest.importorskip("torch")
    data = TIES if dtype.startswith("float") else [3, 1, 2, 1, 0, 2, 1]
    x, tx = ng.tensor(data).to(getattr(ng, dtype)), torch.tensor(data).to(getattr(torch, dtype))
    got = ng.sort(x, descending=descending)
    want = torch.sort(tx, descending=descending, stable=True)
    assert got.indices.tolist() == want.indices.tolist()
    np.testing.assert_array_equal(got.values.numpy(), want.values.numpy())
    assert got.values.dtype == x.dtype and got.indices.dtype == ng.int64
    assert ng.argsort(x, descending=descending).tolist() == want.indices.tolist()
    assert x.argsort(0, descending).tolist() == want.indices.tolist()


def test_topk_on_ties_gives_pytorchs_values():
    """PyTorch leaves the order of tied indices open (its topk is not stable); ours is stable."""
    torch = pytest.importorskip("torch")
    for largest in (True, False):
        got = ng.topk(ng.tensor(TIES), 3, largest=largest)
        want = torch.topk(torch.tensor(TIES), 3, largest=largest)
        np.testing.assert_array_equal(got.values.numpy(), want.values.numpy())
        np.testing.assert_array_equal(np.asarray(TIES)[got.indices.numpy()], got.values.numpy())
        assert sorted(got.indices.tolist()) == sorted(want.indices.tolist())


def test_zero_dim_tensors_are_their_own_order():
    torch = pytest.importorskip("torch")
    x, tx = ng.tensor(2.5, requires_grad=True), torch.tensor(2.5, requires_grad=True)
    for f in (lambda m, t: m.sort(t), lambda m, t: m.topk(t, 1)):
        got, want = f(ng, x), f(torch, tx)
        assert got.values.item() == want.values.item() and got.indices.item() == 0
    assert ng.argsort(x).item() == torch.argsort(tx).item() == 0
    ng.sort(x).values.backward()
    assert x.grad.item() == 1.0


def test_k_out_of_range_and_bad_dims_raise_as_pytorch():
    torch = pytest.importorskip("torch")
    for k in (6, -1):
        with pytest.raises(RuntimeError):
            torch.topk(torch.zeros(5), k)
        with pytest.raises(RuntimeError, match="selected index k out of range"):
            ng.topk(ng.zeros(5), k)
    with pytest.raises(IndexError):
        torch.sort(torch.zeros(2, 3), dim=2)
    with pytest.raises(IndexError, match="out of range"):
        ng.sort(ng.zeros(2, 3), dim=2)


def test_gradients_go_to_the_sorted_positions():
    x = ng.tensor([3.0, 1.0, 2.0], requires_grad=True)
    values, _ = x.topk(2)
    (values * ng.tensor([10.0, 1.0])).sum().backward()
    assert x.grad.tolist() == [10.0, 0.0, 1.0]
