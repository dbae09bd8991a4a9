"""Printing: repr and str format values the way PyTorch does."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pytest

import neuralgrad as ng

_SUFFIX_WRAP = re.compile(r",\n +(?=(dtype|requires_grad|grad_fn|size)=)")


def _normalize(s: str) -> str:
    """Name dtypes like neuralgrad, drop overload digits, and unwrap the suffixes (whether a
    suffix moves to a new line depends on the length of the dtype's module name)."""
    s = s.replace("torch.", "neuralgrad.")
    s = re.sub(r"(Backward)\d+", r"\1", s)
    return _SUFFIX_WRAP.sub(", ", s)


def _both(data: Any, dtype: str | None = None, requires_grad: bool = False) -> tuple[str, str]:
    torch = pytest.importorskip("torch")
    a = ng.tensor(data, dtype=getattr(ng, dtype) if dtype else None, requires_grad=requires_grad)
    b = torch.tensor(
        data, dtype=getattr(torch, dtype) if dtype else None, requires_grad=requires_grad
    )
    return _normalize(repr(a)), _normalize(repr(b))


def test_simple_reprs_by_hand():
    assert repr(ng.tensor([1.5, 2.0])) == "tensor([1.5000, 2.0000])"
    assert repr(ng.tensor([1.0, 2.0])) == "tensor([1., 2.])"
    assert repr(ng.tensor(3)) == "tensor(3)"
    assert repr(ng.tensor([True, False])) == "tensor([ True, False])"
    assert repr(ng.tensor([1.0], dtype=ng.float64)) == "tensor([1.], dtype=neuralgrad.float64)"
    assert repr(ng.tensor([1.0, 2.0], requires_grad=True)) == "tensor([1., 2.], requires_grad=True)"
    x = ng.tensor([1.0, 2.0], requires_grad=True)
    assert repr(x * 2) == "tensor([2., 4.], grad_fn=<MulBackward>)"
    assert repr(x.sum()) == "tensor(3., grad_fn=<SumBackward>)"
    assert str(x * 2) == repr(x * 2)


_CASES = [
    [1.5, 2.0],
    [1.0, 2.0, 3.0],
    [0.1, 100.0],
    [1e-5, 1.0],
    [1e10, 1.0],
    [123456.7, 1.0],
    [-1.25, 0.0],
    [[1.0, 2.0], [3.0, 4.0]],
    3.14159,
    0.0,
    -0.5,
    [float("nan"), 1.0],
    [float("inf"), -float("inf"), 1.5],
    [1, 2, 3],
    [-10, 200],
    [True, False],
    [],
    [[1.5, -2.25, 3.125]],
    [0.001, 0.002],
    [1e-4, 2.0],
    [12345.678, 0.5],
    [1000.0, 2.5],
    [1.0, 2000.0],
    [0.0, 0.0],
    [float("nan")],
    [1e8, 1.0],
    [2.0**30, 1.0],
    [[0.1] * 20] * 3,
    list(range(2000)),
    [0.12345, 100.5],
    [99999.5, 0.1],
]


@pytest.mark.parametrize("data", _CASES, ids=[str(i) for i in range(len(_CASES))])
@pytest.mark.parametrize("dtype", [None, "float64"])
def test_repr_matches_pytorch(data, dtype):
    ours, ref = _both(data, dtype)
    assert ours == ref


@pytest.mark.parametrize(
    "shape",
    [
        (1,),
        (5,),
        (3, 4),
        (2, 3, 4),
        (40, 40),
        (7, 7),
        (3, 1, 5),
        (0,),
        (0, 3),
        (2, 0, 2),
        (1001,),
        (12, 100),
        (4, 4, 4, 20),
        (2000,),
    ],
)
@pytest.mark.parametrize("scale", [1.0, 1e5, 1e-6])
def test_random_reprs_match_pytorch(shape, scale):
    rs = np.random.default_rng(sum(shape) + int(scale * 7))
    data = (rs.standard_normal(shape) * scale).astype(np.float32)
    ours, ref = _both(data)
    assert ours == ref
    ours, ref = _both(data.astype(np.float64), requires_grad=True)
    assert ours == ref


@pytest.mark.parametrize("shape", [(6,), (3, 5), (30, 40)])
def test_integer_valued_and_int_reprs_match_pytorch(shape):
    rs = np.random.default_rng(3)
    ints = rs.integers(-3000, 3000, shape)
    for data in (
        ints,
        ints.astype(np.float32),
        ints.astype(np.float64) / 7,
        rs.random(shape) > 0.5,
    ):
        ours, ref = _both(data)
        assert ours == ref


def test_bool_repr_matches_pytorch():
    mask = np.random.default_rng(4).random((4, 6)) > 0.5
    ours, ref = _both(mask)
    assert ours == ref


def test_grad_fn_suffix_matches_pytorch():
    torch = pytest.importorskip("torch")
    data = np.linspace(-2, 2, 9).astype(np.float32)
    for op in (
        lambda t: t * 2,
        lambda t: t.exp().sum(),
        lambda t: t.tanh(),
        lambda t: t[2:5],
        lambda t: t @ t,
        lambda t: t.reshape(3, 3).mean(0),
    ):
        a = op(ng.tensor(data, requires_grad=True))
        b = op(torch.tensor(data, requires_grad=True))
        name_a = a.grad_fn.name()
        name_b = re.sub(r"\d+$", "", type(b.grad_fn).__name__)
        expected = _normalize(repr(b)).replace(f"<{name_b}>", f"<{name_a}>")
        assert repr(a) == expected


def test_suffix_wraps_past_80_columns():
    t = ng.tensor(np.arange(8.0) * 1.5, dtype=ng.float64, requires_grad=True)
    text = repr(t)
    assert all(len(line) <= 80 for line in text.splitlines())
    assert text.endswith("requires_grad=True)")


def test_repr_under_float64_default_dtype():
    torch = pytest.importorskip("torch")
    before_ng, before_t = ng.get_default_dtype(), torch.get_default_dtype()
    try:
        ng.set_default_dtype(ng.float64)
        torch.set_default_dtype(torch.float64)
        for data, dt in (([1.5, 2.0], None), ([1.5], "float32"), ([], None), ([], "float32")):
            a = ng.tensor(data, dtype=getattr(ng, dt) if dt else None)
            b = torch.tensor(data, dtype=getattr(torch, dt) if dt else None)
            assert _normalize(repr(a)) == _normalize(repr(b))
    finally:
        ng.set_default_dtype(before_ng)
        torch.set_default_dtype(before_t)


def test_format_spec_on_scalar_tensor():
    assert f"{ng.tensor(3.14159):.2f}" == "3.14"
    assert f"{ng.tensor([1.0, 2.0])}" == "tensor([1., 2.])"
