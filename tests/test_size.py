"""``Size``: shapes as a tuple that prints and combines as ``torch.Size`` does."""

from __future__ import annotations

import pickle

import pytest

import neuralgrad as ng


def _text(x: object) -> str:
    return str(x).replace("neuralgrad.", "torch.")


def test_shape_and_size_are_sizes_that_print_as_pytorch():
    torch = pytest.importorskip("torch")
    for shape in ((), (3,), (2, 3), (2, 0, 4)):
        x, tx = ng.zeros(shape), torch.zeros(shape)
        assert isinstance(x.shape, ng.Size) and isinstance(x.size(), ng.Size)
        assert _text(x.shape) == str(tx.shape) and repr(x.size()).replace(
            "neuralgrad.", "torch."
        ) == repr(tx.size())
        assert f"{x.shape}".replace("neuralgrad.", "torch.") == f"{tx.shape}"
        assert x.shape == tuple(shape) and x.shape.numel() == tx.shape.numel()


def test_slices_sums_and_repeats_stay_sizes_as_in_pytorch():
    torch = pytest.importorskip("torch")
    s, ts = ng.Size([2, 3, 4]), torch.Size([2, 3, 4])
    for op in (
        lambda a: a[1:],
        lambda a: a + (5,),
        lambda a: (5,) + a,
        lambda a: a * 2,
        lambda a: a[::-1],
    ):
        got, want = op(s), op(ts)
        assert type(want).__name__ == "Size" and isinstance(got, ng.Size)
        assert _text(got) == str(want)
    assert s[0] == ts[0] == 2 and type(s[0]) is int
    assert len(s) == 3 and list(s) == [2, 3, 4]


def test_size_checks_its_items_as_pytorch():
    torch = pytest.importorskip("torch")
    assert ng.Size([ng.tensor(2), 3]) == (2, 3)
    for bad in ([2.5], ["a"]):
        with pytest.raises(TypeError):
            torch.Size(bad)
        with pytest.raises(TypeError, match="iterable of 'int'"):
            ng.Size(bad)


def test_size_pickles_and_compares_as_a_tuple():
    s = ng.Size([2, 3])
    assert pickle.loads(pickle.dumps(s)) == s and isinstance(pickle.loads(pickle.dumps(s)), ng.Size)
    assert s == (2, 3) and hash(s) == hash((2, 3)) and ng.zeros(s).shape == s
