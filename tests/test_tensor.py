"""Tensor attributes and conversion methods, checked against PyTorch."""

from __future__ import annotations

import numpy as np
import pytest

import neuralgrad as ng

DATA = np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 4


def test_shape_ndim_size_numel_dim():
    t = ng.tensor(DATA)
    assert t.shape == (2, 3, 4) and isinstance(t.shape, tuple)
    assert t.ndim == 3 and t.dim() == 3
    assert t.size() == (2, 3, 4)
    assert t.size(0) == 2 and t.size(-1) == 4
    assert t.numel() == 24
    s = ng.tensor(3.0)
    assert s.shape == () and s.ndim == 0 and s.numel() == 1


def test_attributes_match_pytorch():
    torch = pytest.importorskip("torch")
    t, r = ng.tensor(DATA), torch.tensor(DATA)
    assert t.shape == tuple(r.shape) and t.size() == tuple(r.size())
    assert t.size(1) == r.size(1)
    assert (t.ndim, t.dim(), t.numel()) == (r.ndim, r.dim(), r.numel())
    assert str(t.dtype).replace("neuralgrad.", "") == str(r.dtype).replace("torch.", "")
    assert str(t.device) == str(r.device) == "cpu"
    assert repr(t.device) == repr(r.device)
    assert t.device == "cpu" and t.device == ng.device("cpu")
    assert t.T.shape == tuple(r.permute(2, 1, 0).shape)
    assert t.is_leaf == r.is_leaf and t.grad is None and t.grad_fn is None


def test_transpose_property():
    m = ng.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    assert m.T.shape == (3, 2)
    assert m.T.tolist() == [[1.0, 4.0], [2.0, 5.0], [3.0, 6.0]]
    v = ng.tensor([1.0, 2.0])
    assert v.T.tolist() == [1.0, 2.0]
    x = ng.tensor([[1.0, 2.0]], requires_grad=True)
    (x.T * ng.tensor([[3.0], [4.0]])).sum().backward()
    assert x.grad.tolist() == [[3.0, 4.0]]


@pytest.mark.parametrize(
    "method, dtype",
    [
        ("float", "float32"),
        ("double", "float64"),
        ("long", "int64"),
        ("bool", "bool"),
    ],
)
def test_cast_methods(method, dtype):
    t = ng.tensor([[0.0, 1.7], [-2.5, 3.0]])
    out = getattr(t, method)()
    assert repr(out.dtype) == f"neuralgrad.{dtype}"
    torch = pytest.importorskip("torch")
    ref = getattr(torch.tensor([[0.0, 1.7], [-2.5, 3.0]]), method)()
    np.testing.assert_array_equal(out.numpy(), ref.numpy())


def test_to_dtype_and_device():
    t = ng.tensor([1.5, 2.5])
    d = t.to(ng.float64)
    assert d.dtype == ng.float64 and d.tolist() == [1.5, 2.5]
    assert t.to(ng.float32) is t  # no-op conversion returns self, as in PyTorch
    assert t.to("cpu") is t
    assert t.to(ng.int64).tolist() == [1, 2]
    assert t.to(dtype=ng.float64).dtype == ng.float64
    assert t.to(ng.zeros(1, dtype=ng.float64)).dtype == ng.float64
    c = t.to(ng.float32, copy=True)
    assert c is not t and c.tolist() == t.tolist()


def test_cast_keeps_gradient_flow_between_floats():
    x = ng.tensor([1.0, 2.0], requires_grad=True)
    y = x.double() * ng.tensor([3.0, 4.0], dtype=ng.float64)
    assert y.dtype == ng.float64
    y.sum().backward()
    assert x.grad.dtype == ng.float32 and x.grad.tolist() == [3.0, 4.0]


def test_cast_to_int_cuts_the_graph():
    x = ng.tensor([1.5], requires_grad=True)
    assert not x.long().requires_grad


def test_item_and_python_scalars():
    assert ng.tensor(2.5).item() == 2.5 and isinstance(ng.tensor(2.5).item(), float)
    assert ng.tensor([7]).item() == 7 and isinstance(ng.tensor([7]).item(), int)
    assert ng.tensor([[True]]).item() is True
    assert float(ng.tensor(1.25)) == 1.25 and int(ng.tensor(3)) == 3
    assert bool(ng.tensor([1.0])) is True


def test_tolist_matches_pytorch():
    torch = pytest.importorskip("torch")
    for data in ([[1, 2], [3, 4]], [1.5, -2.0], 3.0, [[True, False]], DATA.tolist()):
        assert ng.tensor(data).tolist() == torch.tensor(data).tolist()


def test_clone_copies_memory_and_keeps_dtype():
    t = ng.tensor([1, 2, 3])
    c = t.clone()
    c[0] = 100
    assert t.tolist() == [1, 2, 3] and c.dtype == ng.int64
    x = ng.tensor([1.0, 2.0], requires_grad=True)
    y = x.clone()
    assert y.grad_fn.name() == "CloneBackward" and not y.is_leaf
    (y * y).sum().backward()
    assert x.grad.tolist() == [2.0, 4.0]


def test_data_attribute_is_detached_and_shares_memory():
    x = ng.tensor([1.0, 2.0], requires_grad=True)
    d = x.data
    assert not d.requires_grad and d.grad_fn is None
    d[0] = 9.0  # allowed: .data is outside autograd, and the change shows in x
    assert x.tolist() == [9.0, 2.0]
    x.data = ng.tensor([5.0, 6.0])
    assert x.tolist() == [5.0, 6.0] and x.requires_grad


def test_len_iter_and_indexing():
    t = ng.tensor([[1, 2], [3, 4], [5, 6]])
    assert len(t) == 3
    rows = [r.tolist() for r in t]
    assert rows == [[1, 2], [3, 4], [5, 6]]
    assert t[1, 0].item() == 3 and t[-1].tolist() == [5, 6]
    with pytest.raises(TypeError):
        len(ng.tensor(1.0))


def test_is_floating_point_and_numpy_dtype():
    assert ng.tensor([1.0]).is_floating_point()
    assert not ng.tensor([1]).is_floating_point()
    assert ng.tensor([1.0]).numpy().dtype == np.float32
    assert ng.tensor([1]).numpy().dtype == np.int64


def test_numpy_array_protocol():
    t = ng.tensor([[1.0, 2.0]])
    a = np.asarray(t)
    assert a.shape == (1, 2) and a.dtype == np.float32
    assert (np.ones(2) * t).tolist() == [[1.0, 2.0]]  # Tensor's operator wins over NumPy's


def test_scalar_arithmetic_keeps_tensor_dtype_like_pytorch():
    torch = pytest.importorskip("torch")
    for make in (
        lambda lib: lib.tensor([1.0]) * 2.5,
        lambda lib: lib.tensor([1]) * 2,
        lambda lib: lib.tensor([1]) * 2.5,
        lambda lib: lib.tensor([1]) / 2,
        lambda lib: lib.tensor([1.0], dtype=lib.float64) + 1,
        lambda lib: lib.tensor([True]) + 1,
        lambda lib: 2 ** lib.tensor([1.0]),
    ):
        a, b = make(ng), make(torch)
        assert str(a.dtype).replace("neuralgrad.", "") == str(b.dtype).replace("torch.", "")
        np.testing.assert_allclose(a.numpy(), b.numpy())


def test_format_follows_pytorch():
    """A 0-d tensor formats as its number; others only with an empty spec, as their repr."""
    torch = pytest.importorskip("torch")
    for value in (2.5, 3, True, 1e-7):
        for spec in ("", ".2f", "+.3e", ">8"):
            if isinstance(value, bool) and spec:
                continue
            assert format(ng.tensor(value), spec) == format(torch.tensor(value), spec)
    x, tx = ng.tensor([1.5, 2.0]), torch.tensor([1.5, 2.0])
    assert "{}".format(x) == "{}".format(tx) and f"{x}" == f"{tx}"  # noqa: UP032
    with pytest.raises(TypeError, match="unsupported format string"):
        format(x, ".2f")
    with pytest.raises(TypeError):
        format(tx, ".2f")
