"""The dtypes beyond the everyday four (float16, int32, int16, int8, uint8): names, storage,
conversions and PyTorch's promotion rules, checked against PyTorch."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import neuralgrad as ng

NAMES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64"]
ALIASES = {"half": "float16", "int": "int32", "short": "int16", "long": "int64"}
ALIASES |= {"float": "float32", "double": "float64"}


def _name(t: object) -> str:
    return str(t.dtype).split(".")[-1]


def test_names_and_aliases_match_pytorch():
    torch = pytest.importorskip("torch")
    for name in NAMES:
        d, td = getattr(ng, name), getattr(torch, name)
        assert repr(d).split(".")[-1] == repr(td).split(".")[-1]
        assert (d.is_floating_point, d.is_signed, d.itemsize) == (
            td.is_floating_point,
            td.is_signed,
            td.itemsize,
        ), name
    for alias, name in ALIASES.items():
        assert getattr(ng, alias) is getattr(ng, name)
        assert getattr(torch, alias) is getattr(torch, name)


@pytest.mark.parametrize("a,b", list(itertools.combinations_with_replacement(NAMES, 2)))
def test_promotion_of_every_pair_matches_pytorch(a, b):
    """Tensor-tensor, tensor-0-d and tensor-Python-scalar results, both orders."""
    torch = pytest.importorskip("torch")
    x, y = [1, 0], [1, 1]
    cases = [
        (lambda m: m.tensor(x, dtype=getattr(m, a)) + m.tensor(y, dtype=getattr(m, b))),
        (lambda m: m.tensor(x, dtype=getattr(m, a)) * m.tensor(1, dtype=getattr(m, b))),
        (lambda m: m.tensor(1, dtype=getattr(m, a)) * m.tensor(y, dtype=getattr(m, b))),
        (lambda m: m.tensor(x, dtype=getattr(m, a)) * 2.5),
        (lambda m: m.tensor(y, dtype=getattr(m, b)) + 3),
    ]
    for k, case in enumerate(cases):
        got, want = case(ng), case(torch)
        assert _name(got) == _name(want), f"{a}, {b} case {k}: {got.dtype} vs {want.dtype}"
        np.testing.assert_allclose(got.numpy().astype(float), want.numpy().astype(float))


@pytest.mark.parametrize("name", NAMES)
def test_creation_and_conversion_by_name(name):
    torch = pytest.importorskip("torch")
    values = [1.7, -1.7, 0.0, 3.0] if name != "uint8" else [1.7, 0.0, 3.0, 250.0]
    makers = [
        lambda m: m.tensor(values, dtype=getattr(m, name)),
        lambda m: m.zeros(2, 3, dtype=getattr(m, name)),
        lambda m: m.tensor(values).to(getattr(m, name)),
    ]
    if name != "bool":  # PyTorch has no arange of bools
        makers.append(lambda m: m.arange(5, dtype=getattr(m, name)))
    for make in makers:
        got, want = make(ng), make(torch)
        assert _name(got) == name == _name(want)
        np.testing.assert_array_equal(got.numpy(), want.numpy())


def test_conversion_methods_match_pytorch():
    torch = pytest.importorskip("torch")
    data = [1.7, -1.7, 0.5, 100.0]
    for method in ("int", "short", "char", "half", "long", "float", "double", "bool"):
        got = getattr(ng.tensor(data), method)()
        want = getattr(torch.tensor(data), method)()
        assert _name(got) == _name(want), method
        np.testing.assert_array_equal(got.numpy(), want.numpy())
    got, want = ng.tensor([3, 250]).byte(), torch.tensor([3, 250]).byte()
    assert _name(got) == "uint8" and got.tolist() == want.tolist()


def test_printing_names_the_dtype_as_pytorch_does():
    torch = pytest.importorskip("torch")
    for name in ("int32", "int16", "int8", "uint8", "float16"):
        got = repr(ng.tensor([1, 2], dtype=getattr(ng, name))).replace("neuralgrad.", "torch.")
        assert got == repr(torch.tensor([1, 2], dtype=getattr(torch, name)))


def test_reductions_of_small_integers_give_int64_as_pytorch():
    torch = pytest.importorskip("torch")
    for name in ("uint8", "int8", "int16", "int32", "bool"):
        got = ng.tensor([1, 1, 1], dtype=getattr(ng, name)).sum()
        want = torch.tensor([1, 1, 1], dtype=getattr(torch, name)).sum()
        assert _name(got) == _name(want) == "int64" and got.item() == want.item()


def test_from_numpy_shares_memory_for_every_stored_dtype():
    for name in NAMES:
        a = np.zeros(3, dtype=getattr(ng, name).np)
        t = ng.from_numpy(a)
        a[0] = 1
        assert _name(t) == name and t[0].item() == 1


def test_arrays_of_other_dtypes_still_convert_on_entry():
    """``tensor(np_array)`` keeps the everyday four (a documented difference from PyTorch)."""
    assert ng.tensor(np.arange(3, dtype=np.int32)).dtype == ng.int64
    assert ng.tensor(np.ones(2, dtype=np.float16)).dtype == ng.float32


def test_float16_tensors_differentiate():
    x = ng.tensor([0.5, 1.5], dtype=ng.float16, requires_grad=True)
    (x * x).sum().backward()
    assert x.grad.dtype == ng.float16 and x.grad.tolist() == [1.0, 3.0]
