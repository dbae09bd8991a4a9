"""``Dataset``, ``TensorDataset``, ``Subset`` and ``random_split``: indexing, NumPy input, the
size checks, and random splits (sizes, disjointness, reproducibility, PyTorch's length rule)."""

from __future__ import annotations

import numpy as np
import pytest

import neuralgrad as ng
from neuralgrad.utils.data import Dataset, Subset, TensorDataset, random_split


class Squares(Dataset):
    def __init__(self, n: int) -> None:
        self.n = n

    def __getitem__(self, i: int) -> tuple[float, int]:
        return float(i * i), i

    def __len__(self) -> int:
        return self.n


def test_tensor_dataset_rows_and_len():
    X = ng.arange(12).reshape(6, 2).float()
    y = ng.tensor([0, 1, 0, 1, 1, 0])
    ds = TensorDataset(X, y)
    assert len(ds) == 6
    x3, y3 = ds[3]
    assert x3.tolist() == [6.0, 7.0] and y3.item() == 1
    assert ds.tensors[0] is X and ds.tensors[1] is y


def test_tensor_dataset_accepts_numpy_with_dtypes():
    X = np.random.default_rng(0).standard_normal((5, 3))  # float64
    y = np.array([1, 2, 3, 4, 5], dtype=np.uint8)
    mask = np.array([True, False, True, False, True])
    ds = TensorDataset(X, y, mask)
    assert ds.tensors[0].dtype == ng.float32 and ds.tensors[1].dtype == ng.int64
    assert ds.tensors[2].dtype == ng.bool
    np.testing.assert_allclose(ds[2][0].numpy(), X[2].astype(np.float32))
    assert ds[4][1].item() == 5


@pytest.mark.parametrize("bad", [np.zeros(4), np.zeros((4, 2))])
def test_tensor_dataset_length_mismatch_is_clear(bad):
    with pytest.raises(ValueError, match=r"input 0 has 5, input 1 has 4"):
        TensorDataset(np.zeros((5, 2)), bad)


def test_tensor_dataset_rejects_scalars_strings_and_nothing():
    with pytest.raises(ValueError, match="0-d"):
        TensorDataset(ng.tensor(3.0))
    with pytest.raises(TypeError, match="dtype"):
        TensorDataset(np.array(["a", "b"]))
    with pytest.raises(ValueError, match="at least one"):
        TensorDataset()


def test_base_dataset_must_be_subclassed():
    with pytest.raises(NotImplementedError):
        Dataset()[0]


def test_subset_maps_indices():
    sub = Subset(Squares(10), [9, 2, 5])
    assert len(sub) == 3
    assert [sub[i][1] for i in range(3)] == [9, 2, 5]
    assert sub[0][0] == 81.0


def test_random_split_sizes_disjoint_and_complete():
    ds = Squares(103)
    parts = random_split(ds, [60, 40, 3])
    assert [len(p) for p in parts] == [60, 40, 3]
    seen = [i for p in parts for i in p.indices]
    assert sorted(seen) == list(range(103))
    assert seen != list(range(103))  # shuffled


def test_random_split_fractions_follow_pytorch_rule():
    # floor(n·f) each, then the remainder one by one from the first split: 10·0.33 → 3 + 1.
    assert [len(p) for p in random_split(Squares(10), [0.33, 0.33, 0.34])] == [4, 3, 3]
    assert [len(p) for p in random_split(Squares(1797), [0.8, 0.2])] == [1438, 359]


def test_random_split_lengths_match_pytorch():
    torch = pytest.importorskip("torch")
    for n, lengths in [(10, [0.33, 0.33, 0.34]), (7, [0.5, 0.5]), (1797, [0.7, 0.1, 0.2])]:
        ours = [len(p) for p in random_split(Squares(n), lengths)]
        theirs = [len(p) for p in torch.utils.data.random_split(range(n), lengths)]
        assert ours == theirs


def test_random_split_reproducible_by_seed_and_generator():
    ng.manual_seed(7)
    a = [p.indices for p in random_split(Squares(50), [25, 25])]
    ng.manual_seed(7)
    b = [p.indices for p in random_split(Squares(50), [25, 25])]
    assert a == b
    g1, g2 = ng.Generator().manual_seed(3), ng.Generator().manual_seed(3)
    c = random_split(Squares(50), [0.5, 0.5], generator=g1)
    d = random_split(Squares(50), [0.5, 0.5], generator=g2)
    assert [p.indices for p in c] == [p.indices for p in d]
    ng.manual_seed(8)
    assert [p.indices for p in random_split(Squares(50), [25, 25])] != a


def test_random_split_bad_lengths():
    with pytest.raises(ValueError, match="does not equal the length"):
        random_split(Squares(10), [3, 3])
    with pytest.raises(ValueError, match="whole non-negative"):
        random_split(Squares(10), [11, -1])
