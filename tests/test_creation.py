"""Tensor creation and random numbers: dtypes, shapes and values against PyTorch and NumPy."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import neuralgrad as ng


def _torch_dtype_name(t: Any) -> str:
    return str(t.dtype).replace("torch.", "")


def _ng_dtype_name(t: ng.Tensor) -> str:
    return repr(t.dtype).replace("neuralgrad.", "")


@pytest.fixture
def restore_default_dtype():
    """Tests that change the default dtype put it back, even when they fail."""
    before = ng.get_default_dtype()
    yield
    ng.set_default_dtype(before)


# ---- tensor() dtype inference -----------------------------------------------------------------
@pytest.mark.parametrize(
    "data, expected",
    [
        ([1.5, 2.0], "float32"),
        ([1, 2.5], "float32"),
        (2.5, "float32"),
        ([1, 2], "int64"),
        (7, "int64"),
        ([[1, 2], [3, 4]], "int64"),
        ([True, False], "bool"),
        (True, "bool"),
        (np.array([1.0, 2.0]), "float64"),
        (np.array([1.0, 2.0], dtype=np.float32), "float32"),
        (np.array([1, 2], dtype=np.int64), "int64"),
        (np.array([True]), "bool"),
        ([], "float32"),
    ],
)
def test_tensor_dtype_inference(data, expected):
    t = ng.tensor(data)
    assert _ng_dtype_name(t) == expected
    torch = pytest.importorskip("torch")
    ref = torch.tensor(data)
    assert _torch_dtype_name(ref) == expected
    assert t.shape == tuple(ref.shape)
    np.testing.assert_array_equal(t.numpy(), ref.numpy())


def test_tensor_explicit_dtype_and_dtype_objects():
    t = ng.tensor([1, 2], dtype=ng.float64)
    assert t.dtype == ng.float64 and t.dtype is ng.double
    assert ng.tensor([1.7], dtype=ng.int64).tolist() == [1]
    assert ng.float32 is ng.float and ng.int64 is ng.long
    assert repr(ng.float32) == "neuralgrad.float32"
    assert ng.float32.is_floating_point and not ng.int64.is_floating_point


def test_tensor_copies_its_input():
    a = np.array([1.0, 2.0])
    t = ng.tensor(a)
    a[0] = 100.0
    assert t.tolist() == [1.0, 2.0]
    u = ng.tensor(t)
    t.add_(1)
    assert u.tolist() == [1.0, 2.0]


def test_tensor_from_nested_tensors_and_numbers():
    t = ng.tensor([ng.tensor(1.0), 2.0])
    assert t.tolist() == [1.0, 2.0] and t.dtype == ng.float32


def test_from_numpy_shares_memory():
    a = np.arange(4.0)
    t = ng.from_numpy(a)
    assert t.dtype == ng.float64
    a[0] = 42.0
    assert t[0].item() == 42.0
    t[1] = -1.0
    assert a[1] == -1.0
    assert np.shares_memory(t.numpy(), a)


def test_from_numpy_rejects_non_arrays():
    with pytest.raises(TypeError):
        ng.from_numpy([1.0, 2.0])


def test_numpy_shares_memory_with_tensor():
    t = ng.zeros(3)
    arr = t.numpy()
    arr[2] = 5.0
    assert t.tolist() == [0.0, 0.0, 5.0]


# ---- filled and range constructors -------------------------------------------------------------
@pytest.mark.parametrize(
    "name, args, kwargs",
    [
        ("zeros", (2, 3), {}),
        ("zeros", ((2, 3),), {}),
        ("ones", (4,), {}),
        ("ones", ([2, 2],), {"dtype": "float64"}),
        ("full", ((2, 2), 1.5), {}),
        ("full", ((3,), 7), {}),
        ("full", ((2,), True), {}),
        ("eye", (3,), {}),
        ("eye", (2, 4), {}),
        ("arange", (5,), {}),
        ("arange", (1, 4, 0.5), {}),
        ("arange", (0.0, 1.0, 0.1), {}),
        ("arange", (10, 0, -3), {}),
        ("arange", (2.0, 5.0), {}),
        ("linspace", (0, 1, 5), {}),
        ("linspace", (-2.0, 3.0, 7), {"dtype": "float64"}),
        ("linspace", (0, 1, 1), {}),
    ],
)
def test_constructors_match_pytorch(name, args, kwargs):
    torch = pytest.importorskip("torch")
    ng_kw = {k: getattr(ng, v) for k, v in kwargs.items()}
    t_kw = {k: getattr(torch, v) for k, v in kwargs.items()}
    t = getattr(ng, name)(*args, **ng_kw)
    ref = getattr(torch, name)(*args, **t_kw)
    assert t.shape == tuple(ref.shape)
    assert _ng_dtype_name(t) == _torch_dtype_name(ref)
    np.testing.assert_allclose(t.numpy(), ref.numpy(), rtol=1e-6)


def test_empty_has_shape_and_dtype():
    e = ng.empty(2, 5)
    assert e.shape == (2, 5) and e.dtype == ng.float32
    assert ng.empty((3,), dtype=ng.int64).dtype == ng.int64


@pytest.mark.parametrize("fn", ["zeros_like", "ones_like", "empty_like", "randn_like", "rand_like"])
def test_like_constructors_keep_shape_and_dtype(fn):
    src = ng.tensor(np.ones((2, 3)))  # float64
    t = getattr(ng, fn)(src)
    assert t.shape == (2, 3) and t.dtype == ng.float64 and not t.requires_grad
    t2 = getattr(ng, fn)(src, dtype=ng.float32)
    assert t2.dtype == ng.float32


def test_like_constructor_values():
    src = ng.tensor([[1, 2], [3, 4]])
    assert ng.zeros_like(src).tolist() == [[0, 0], [0, 0]]
    assert ng.ones_like(src).dtype == ng.int64
    assert ng.full_like(src, 7).tolist() == [[7, 7], [7, 7]]
    assert ng.ones_like(ng.ones(2, requires_grad=True), requires_grad=True).requires_grad


def test_negative_size_raises():
    with pytest.raises(RuntimeError, match="size"):
        ng.zeros(-1, 2)


# ---- random -----------------------------------------------------------------------------------
def test_random_shapes_dtypes_and_ranges():
    ng.manual_seed(0)
    r = ng.randn(1000)
    assert r.shape == (1000,) and r.dtype == ng.float32
    assert abs(r.mean().item()) < 0.15 and 0.85 < r.std().item() < 1.15
    u = ng.rand(2, 500)
    assert u.shape == (2, 500) and u.min().item() >= 0.0 and u.max().item() < 1.0
    i = ng.randint(3, 7, (400,))
    assert i.dtype == ng.int64 and i.min().item() == 3 and i.max().item() == 6
    j = ng.randint(5, (10,))
    assert j.min().item() >= 0 and j.max().item() < 5
    p = ng.randperm(10)
    assert p.dtype == ng.int64 and sorted(p.tolist()) == list(range(10))
    assert ng.randn(2, 3, dtype=ng.float64).dtype == ng.float64


def test_manual_seed_reproducibility():
    draws = []
    for _ in range(2):
        ng.manual_seed(1234)
        draws.append(
            (
                ng.randn(5).tolist(),
                ng.rand(3).tolist(),
                ng.randint(0, 100, (4,)).tolist(),
                ng.randperm(6).tolist(),
            )
        )
    assert draws[0] == draws[1]
    ng.manual_seed(1235)
    assert ng.randn(5).tolist() != draws[0][0]


def test_successive_draws_differ():
    ng.manual_seed(0)
    assert ng.randn(4).tolist() != ng.randn(4).tolist()


def test_generator_argument_is_independent_of_global_stream():
    g = ng.Generator().manual_seed(7)
    a = ng.randn(4, generator=g).tolist()
    ng.manual_seed(0)
    ng.randn(10)  # consuming the global stream does not touch g's
    g.manual_seed(7)
    assert ng.randn(4, generator=g).tolist() == a
    g2 = ng.Generator().manual_seed(7)
    assert (
        ng.rand(3, generator=g2).tolist()
        == ng.rand(3, generator=ng.Generator().manual_seed(7)).tolist()
    )
    assert (
        ng.randperm(5, generator=ng.Generator().manual_seed(1)).tolist()
        == ng.randperm(5, generator=ng.Generator().manual_seed(1)).tolist()
    )
    assert (
        ng.randint(0, 9, (5,), generator=ng.Generator().manual_seed(2)).tolist()
        == ng.randint(0, 9, (5,), generator=ng.Generator().manual_seed(2)).tolist()
    )


def test_manual_seed_returns_generator_and_state_round_trip():
    g = ng.manual_seed(3)
    assert isinstance(g, ng.Generator) and ng.initial_seed() == 3
    state = ng.get_rng_state()
    a = ng.randn(3).tolist()
    ng.set_rng_state(state)
    assert ng.randn(3).tolist() == a


def test_random_in_place_fills():
    ng.manual_seed(5)
    t = ng.empty(1000).uniform_(-2.0, 3.0)
    assert -2.0 <= t.min().item() and t.max().item() < 3.0
    n = ng.empty(2000).normal_(10.0, 0.5)
    assert abs(n.mean().item() - 10.0) < 0.1


# ---- default dtype ----------------------------------------------------------------------------
def test_default_dtype_is_float32():
    assert ng.get_default_dtype() == ng.float32


def test_set_default_dtype_changes_float_creation(restore_default_dtype):
    ng.set_default_dtype(ng.float64)
    assert ng.get_default_dtype() == ng.float64
    assert ng.tensor([1.5]).dtype == ng.float64
    assert ng.zeros(2).dtype == ng.float64
    assert ng.randn(2).dtype == ng.float64
    assert ng.arange(0.0, 1.0, 0.5).dtype == ng.float64
    assert ng.tensor([1, 2]).dtype == ng.int64  # ints are unaffected
    assert ng.tensor(np.ones(2, dtype=np.float32)).dtype == ng.float32
    assert (ng.tensor([1, 2]) / 2).dtype == ng.float64


def test_set_default_dtype_matches_pytorch(restore_default_dtype):
    torch = pytest.importorskip("torch")
    before = torch.get_default_dtype()
    try:
        torch.set_default_dtype(torch.float64)
        ng.set_default_dtype(ng.float64)
        for make in (
            lambda lib: lib.tensor([1.5]),
            lambda lib: lib.ones(2),
            lambda lib: lib.tensor([1]) * 0.5,
            lambda lib: lib.linspace(0, 1, 3),
        ):
            assert _ng_dtype_name(make(ng)) == _torch_dtype_name(make(torch))
    finally:
        torch.set_default_dtype(before)


def test_set_default_dtype_rejects_non_float(restore_default_dtype):
    with pytest.raises(TypeError, match="floating"):
        ng.set_default_dtype(ng.int64)
    assert ng.get_default_dtype() == ng.float32
