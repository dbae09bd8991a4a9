"""PyTorch's legacy tensor types (``FloatTensor(...)``, ``isinstance(x, LongTensor)``),
``Tensor(...)``'s legacy forms, ``type()``, and the counts ``numel``/``nelement``/``is_tensor``,
checked against PyTorch."""

from __future__ import annotations

import numpy as np
import pytest

import neuralgrad as ng

TYPES = [
    "FloatTensor",
    "DoubleTensor",
    "HalfTensor",
    "LongTensor",
    "IntTensor",
    "ShortTensor",
    "CharTensor",
    "ByteTensor",
    "BoolTensor",
]


def _same(got: object, want: object) -> None:
    assert str(got.dtype).split(".")[-1] == str(want.dtype).split(".")[-1]
    assert tuple(got.shape) == tuple(want.shape)
    np.testing.assert_array_equal(np.asarray(got.tolist()), np.asarray(want.tolist()))


@pytest.mark.parametrize("name", TYPES)
def test_constructors_from_data_match_pytorch(name):
    torch = pytest.importorskip("torch")
    for data in ([1, 0, 3], [[1.5, 0.0], [2.0, 7.9]], (2, 3, 1), [], np.array([1.0, 2.0])):
        _same(getattr(ng, name)(data), getattr(torch, name)(data))


@pytest.mark.parametrize("name", TYPES)
def test_constructors_from_sizes_and_isinstance_match_pytorch(name):
    torch = pytest.importorskip("torch")
    for args in ((2, 3), (4,), (ng.Size([2, 1]),), ()):
        targs = tuple(torch.Size(a) if isinstance(a, ng.Size) else a for a in args)
        got, want = getattr(ng, name)(*args), getattr(torch, name)(*targs)
        assert tuple(got.shape) == tuple(want.shape) and str(got.dtype)[-5:] == str(want.dtype)[-5:]
    for other in TYPES:
        x, tx = getattr(ng, other)([1]), getattr(torch, other)([1])
        assert isinstance(x, getattr(ng, name)) == isinstance(tx, getattr(torch, name))
    assert isinstance(getattr(ng, name)([1]), ng.Tensor)
    assert not issubclass(getattr(ng, name), ng.Tensor)
    assert not isinstance([1], getattr(ng, name))


def test_constructor_errors_match_pytorch():
    torch = pytest.importorskip("torch")
    for args in ((2.5,), (None,), (ng.tensor([1, 2]),), ([1], [2])):
        targs = tuple(torch.tensor([1, 2]) if isinstance(a, ng.Tensor) else a for a in args)
        with pytest.raises(TypeError):
            torch.FloatTensor(*targs)
        with pytest.raises(TypeError):
            ng.FloatTensor(*args)
    with pytest.raises(RuntimeError, match="negative dimension"):
        ng.FloatTensor(2, -1)


def test_tensor_constructor_takes_the_legacy_forms():
    torch = pytest.importorskip("torch")
    for args in (([1, 2],), ([[1.5]],), ()):
        _same(ng.Tensor(*args), torch.Tensor(*args))
    assert ng.Tensor(2, 3).shape == (2, 3) and ng.Tensor(2, 3).dtype == ng.float32
    src = ng.tensor([1.0, 2.0])
    alias = ng.FloatTensor(src)
    alias[0] = 5.0
    assert src[0].item() == 5.0  # a tensor of the right type is shared, as in PyTorch


def test_type_names_and_converts_like_pytorch():
    torch = pytest.importorskip("torch")
    for name in TYPES:
        x, tx = getattr(ng, name)([1, 0]), getattr(torch, name)([1, 0])
        assert x.type().split(".")[-1] == tx.type().split(".")[-1] == name
        for target in TYPES:
            _same(x.type(getattr(ng, target)), tx.type(getattr(torch, target)))
            _same(x.type(f"torch.{target}"), tx.type(f"torch.{target}"))
    x = ng.zeros(2)
    assert x.type(ng.float32) is x and x.type(ng.int32).dtype == ng.int32
    with pytest.raises(ValueError, match="invalid type: 'float'"):
        x.type("float")
    with pytest.raises(ValueError):
        torch.zeros(2).type("float")


def test_type_and_float_conversions_keep_the_graph():
    x = ng.tensor([1.0, 2.0], requires_grad=True)
    y = x.type(ng.DoubleTensor)
    (y * y).sum().backward()
    assert y.dtype == ng.float64 and x.grad.dtype == ng.float32 and x.grad.tolist() == [2.0, 4.0]


def test_half_passes_gradients_back_as_pytorch():
    torch = pytest.importorskip("torch")
    data = [0.1, 1.7, -3.3]
    x, tx = ng.tensor(data, requires_grad=True), torch.tensor(data, requires_grad=True)
    y, ty = x.half(), tx.half()
    _same(y, ty)
    (y * 3).sum().backward()
    (ty * 3).sum().backward()
    _same(x.grad, tx.grad)


def test_counts_and_predicates_match_pytorch():
    torch = pytest.importorskip("torch")
    for shape in ((), (0,), (2, 3), (4, 1, 5)):
        x, tx = ng.zeros(shape), torch.zeros(shape)
        assert ng.numel(x) == x.nelement() == torch.numel(tx) == tx.nelement()
    for obj in (ng.zeros(1), ng.nn.Parameter(ng.zeros(1)), [1.0], np.zeros(1), 1.0):
        tobj = torch.zeros(1) if isinstance(obj, ng.Tensor) else obj
        assert ng.is_tensor(obj) == torch.is_tensor(tobj)
