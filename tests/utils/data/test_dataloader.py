"""``DataLoader``: every sample exactly once per epoch (shuffled or not, with or without
``drop_last``), ``len``, seeded order, a given generator, ``collate_fn``, NumPy input, the fast
path agreeing with the per-sample path, and ``transform`` applied only while training."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

import neuralgrad as ng
from neuralgrad.utils.data import DataLoader, Dataset, Subset, TensorDataset, random_split


class Rows(Dataset):
    """A plain map-style dataset (no fast path): sample i is (x_i, i)."""

    def __init__(self, n: int) -> None:
        self.x = np.arange(n * 3, dtype=np.float32).reshape(n, 3)

    def __getitem__(self, i: int) -> tuple[ng.Tensor, int]:
        return ng.tensor(self.x[i]), i

    def __len__(self) -> int:
        return len(self.x)


def _ids(loader: DataLoader) -> list[list[int]]:
    return [batch[1].tolist() for batch in loader]


def _labelled(n: int) -> TensorDataset:
    return TensorDataset(np.arange(n * 2, dtype=np.float32).reshape(n, 2), np.arange(n))


@pytest.mark.parametrize("make", [_labelled, Rows])
@pytest.mark.parametrize("shuffle", [False, True])
@pytest.mark.parametrize("drop_last", [False, True])
@pytest.mark.parametrize("n,bs", [(10, 3), (12, 4), (5, 8), (1, 1)])
def test_every_sample_once_per_epoch(make, shuffle, drop_last, n, bs):
    loader = DataLoader(make(n), batch_size=bs, shuffle=shuffle, drop_last=drop_last)
    for _ in range(2):  # two epochs
        batches = _ids(loader)
        assert len(batches) == len(loader)
        sizes = [len(b) for b in batches]
        if drop_last:
            assert sizes == [bs] * (n // bs)
            assert len(set(i for b in batches for i in b)) == (n // bs) * bs
        else:
            assert sizes == [bs] * (n // bs) + ([n % bs] if n % bs else [])
            assert Counter(i for b in batches for i in b) == Counter(range(n))
        if not shuffle:
            assert [i for b in batches for i in b] == list(range(sum(sizes)))


def test_len():
    ds = _labelled(10)
    assert len(DataLoader(ds, batch_size=3)) == 4
    assert len(DataLoader(ds, batch_size=3, drop_last=True)) == 3
    assert len(DataLoader(ds, batch_size=10)) == 1
    assert len(DataLoader(ds, batch_size=11, drop_last=True)) == 0
    assert list(DataLoader(ds, batch_size=11, drop_last=True)) == []


def test_batches_hold_the_right_rows():
    X = np.random.default_rng(0).standard_normal((20, 4)).astype(np.float32)
    y = np.arange(20)
    for xb, yb in DataLoader(TensorDataset(X, y), batch_size=6, shuffle=True):
        assert isinstance(xb, ng.Tensor) and xb.dtype == ng.float32 and yb.dtype == ng.int64
        np.testing.assert_array_equal(xb.numpy(), X[yb.numpy()])


def test_shuffle_changes_order_between_epochs():
    loader = DataLoader(_labelled(50), batch_size=50, shuffle=True)
    first, second = _ids(loader)[0], _ids(loader)[0]
    assert first != second and sorted(first) == sorted(second) == list(range(50))


def test_manual_seed_reproduces_the_order():
    loader = DataLoader(_labelled(40), batch_size=7, shuffle=True)
    ng.manual_seed(123)
    a = [_ids(loader) for _ in range(3)]
    ng.manual_seed(123)
    b = [_ids(loader) for _ in range(3)]
    assert a == b
    ng.manual_seed(124)
    assert [_ids(loader) for _ in range(3)] != a


def test_given_generator_is_used_not_the_global_one():
    g = ng.Generator().manual_seed(5)
    loader = DataLoader(_labelled(30), batch_size=30, shuffle=True, generator=g)
    ng.manual_seed(0)
    state = ng.get_rng_state()
    order = _ids(loader)[0]
    assert ng.get_rng_state() == state  # the global stream was not touched
    expected = ng.Generator().manual_seed(5).np.permutation(30).tolist()
    assert order == expected


def test_fast_path_matches_per_sample_path():
    """TensorDataset (sliced arrays) and a plain Dataset (collated samples) give the same
    batches for the same seed."""
    n = 23
    fast = DataLoader(TensorDataset(Rows(n).x, np.arange(n)), batch_size=5, shuffle=True)
    slow = DataLoader(Rows(n), batch_size=5, shuffle=True)
    ng.manual_seed(9)
    a = [(x.numpy(), i.numpy()) for x, i in fast]
    ng.manual_seed(9)
    b = [(x.numpy(), i.numpy()) for x, i in slow]
    for (xa, ia), (xb, ib) in zip(a, b, strict=True):
        np.testing.assert_array_equal(xa, xb)
        np.testing.assert_array_equal(ia, ib)


def test_subsets_of_tensor_dataset_take_the_right_rows():
    ds = _labelled(30)
    train, val = random_split(ds, [20, 10], generator=ng.Generator().manual_seed(1))
    inner = Subset(train, [0, 5, 19])
    got = next(iter(DataLoader(inner, batch_size=3)))[1].tolist()
    assert got == [train.indices[0], train.indices[5], train.indices[19]]
    ids = [i for b in _ids(DataLoader(val, batch_size=4, shuffle=True)) for i in b]
    assert sorted(ids) == sorted(val.indices)


def test_batches_are_copies():
    X = np.zeros((6, 2), dtype=np.float32)
    for xb, _ in DataLoader(TensorDataset(X, np.arange(6)), batch_size=3):
        xb.fill_(7.0)
    assert (X == 0).all()


def test_numpy_arrays_and_tensors_as_datasets():
    a = np.arange(10.0).reshape(5, 2)
    batches = list(DataLoader(a, batch_size=2))
    assert [b.shape for b in batches] == [(2, 2), (2, 2), (1, 2)]
    assert batches[0].dtype == ng.float64  # as torch.as_tensor keeps NumPy's dtype
    np.testing.assert_array_equal(np.concatenate([b.numpy() for b in batches]), a)
    t = ng.arange(7)
    assert [b.tolist() for b in DataLoader(t, batch_size=4)] == [[0, 1, 2, 3], [4, 5, 6]]


def test_collate_fn_is_honoured():
    seen = []

    def collate(samples):
        seen.append(len(samples))
        return {"ids": [i for _, i in samples]}

    out = list(DataLoader(Rows(7), batch_size=3, collate_fn=collate))
    assert seen == [3, 3, 1]
    assert out == [{"ids": [0, 1, 2]}, {"ids": [3, 4, 5]}, {"ids": [6]}]
    # also over a TensorDataset: collate_fn turns the fast path off
    out = list(DataLoader(_labelled(4), batch_size=2, collate_fn=lambda s: len(s)))
    assert out == [2, 2]


def test_transform_applies_only_while_training():
    ds = TensorDataset(np.zeros((8, 3), dtype=np.float32), np.arange(8))
    loader = DataLoader(ds, batch_size=4, transform=lambda x: x + 1.0)
    assert loader.training
    for xb, yb in loader:
        assert (xb.numpy() == 1).all() and yb.dtype == ng.int64
    loader.training = False
    for xb, _ in loader:
        assert (xb.numpy() == 0).all()
    plain = DataLoader(Rows(4), batch_size=2, transform=lambda x: x * 0)
    assert all((x.numpy() == 0).all() for x, _ in plain)
    single = DataLoader(np.ones((4, 2)), batch_size=2, transform=lambda x: x.numpy() * 3)
    assert all(isinstance(b, ng.Tensor) and (b.numpy() == 3).all() for b in single)


def test_training_flag_follows_the_model():
    model = ng.nn.Linear(3, 1)
    loader = DataLoader(_labelled(4), batch_size=2)
    model.eval()
    loader.training = model.training
    assert loader.training is False


def test_bad_arguments():
    with pytest.raises(ValueError, match="batch_size"):
        DataLoader(_labelled(4), batch_size=0)
    with pytest.raises(ValueError, match="batch_size"):
        DataLoader(_labelled(4), batch_size=2.5)
    with pytest.raises(TypeError, match="__len__"):
        DataLoader(iter(range(3)))
    with pytest.raises(TypeError, match="Generator"):
        DataLoader(_labelled(4), shuffle=True, generator=np.random.default_rng(0))


def test_shuffling_an_empty_dataset_is_refused_as_in_pytorch():
    torch = pytest.importorskip("torch")
    with pytest.raises(ValueError, match="num_samples"):
        torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.zeros(0, 2)), shuffle=True)
    with pytest.raises(ValueError, match="num_samples=0"):
        DataLoader(TensorDataset(ng.zeros(0, 2)), shuffle=True)
    assert list(DataLoader(TensorDataset(ng.zeros(0, 2)))) == []
