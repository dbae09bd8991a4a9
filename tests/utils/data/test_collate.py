"""``default_collate`` follows PyTorch's rules for tensors, arrays, numbers, strings, dicts,
named tuples and sequences (checked against PyTorch's own when it is installed)."""

from __future__ import annotations

from collections import namedtuple

import numpy as np
import pytest

import neuralgrad as ng
from neuralgrad.utils.data import default_collate

Point = namedtuple("Point", "x y")


def test_tensors_stack_along_a_new_dim():
    out = default_collate([ng.tensor([1.0, 2.0]), ng.tensor([3.0, 4.0])])
    assert out.shape == (2, 2) and out.tolist() == [[1, 2], [3, 4]]


def test_numbers_strings_and_structures():
    batch = [
        {"x": 1.5, "n": 2, "ok": True, "name": "a", "p": Point(1, 2.0)},
        {"x": 2.5, "n": 3, "ok": False, "name": "b", "p": Point(3, 4.0)},
    ]
    out = default_collate(batch)
    assert out["x"].dtype == ng.float64 and out["x"].tolist() == [1.5, 2.5]
    assert out["n"].dtype == ng.int64 and out["ok"].dtype == ng.bool
    assert out["name"] == ["a", "b"]
    assert isinstance(out["p"], Point) and out["p"].x.tolist() == [1, 3]
    pairs = default_collate([(np.zeros(2, np.float32), 0), (np.ones(2, np.float32), 1)])
    assert isinstance(pairs, list) and pairs[0].shape == (2, 2) and pairs[1].tolist() == [0, 1]


def test_errors():
    with pytest.raises(RuntimeError, match="equal size"):
        default_collate([[1, 2], [3]])
    with pytest.raises(TypeError, match="found object"):
        default_collate([object(), object()])


def test_matches_pytorch():
    torch = pytest.importorskip("torch")
    batch = [(np.arange(3, dtype=np.float32), 1, 0.5), (np.ones(3, np.float32), 2, 1.5)]
    ours = default_collate(batch)
    theirs = torch.utils.data.default_collate(batch)
    assert type(ours) is type(theirs) and len(ours) == len(theirs)
    for a, b in zip(ours, theirs):
        assert str(a.dtype).split(".")[-1] == str(b.dtype).split(".")[-1]
        np.testing.assert_array_equal(a.numpy(), b.numpy())
