"""Preprocessing: scalers fitted on the training split only (numbers against scikit-learn's
formulas, round trips through ``state_dict`` and ``ng.save``/``ng.load``), one-hot encoding,
and stratified, shuffled train/validation/test splits."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import neuralgrad as ng
from neuralgrad.preprocessing import (
    MinMaxScaler,
    StandardScaler,
    one_hot,
    split_indices,
    train_val_test_split,
)


def _data(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    g = np.random.default_rng(seed)
    train = (g.standard_normal((200, 4)) * [1, 5, 0.1, 0] + [0, 3, -2, 7]).astype(np.float32)
    test = (g.standard_normal((50, 4)) * 2 + 1).astype(np.float32)
    return train, test


def test_standard_scaler_uses_training_statistics_only():
    train, test = _data()
    s = StandardScaler().fit(train)
    z = s.transform(train)
    np.testing.assert_allclose(z[:, :3].mean(0), 0, atol=1e-5)
    np.testing.assert_allclose(z[:, :3].std(0), 1, atol=1e-5)
    assert (z[:, 3] == 0).all()  # a constant feature: std taken as 1
    mean = train.astype(np.float64).mean(0)
    std = train.astype(np.float64).std(0)
    std[std == 0] = 1
    np.testing.assert_allclose(s.transform(test), (test - mean) / std, rtol=1e-5, atol=1e-5)
    assert s.transform(test).dtype == np.float32
    np.testing.assert_allclose(s.inverse_transform(s.transform(test)), test, atol=1e-5)


def test_standard_scaler_options():
    train, _ = _data()
    only_center = StandardScaler(with_std=False).fit(train)
    np.testing.assert_allclose(only_center.transform(train), train - train.mean(0), atol=1e-4)
    assert (StandardScaler(with_mean=False, with_std=False).fit_transform(train) == train).all()


def test_min_max_scaler():
    train, test = _data()
    s = MinMaxScaler(feature_range=(-1, 1)).fit(train)
    m = s.transform(train)
    np.testing.assert_allclose(m[:, :3].min(0), -1, atol=1e-6)
    np.testing.assert_allclose(m[:, :3].max(0), 1, atol=1e-6)
    assert (m[:, 3] == -1).all()
    lo, hi = train.min(0).astype(np.float64), train.max(0).astype(np.float64)
    span = np.where(hi > lo, hi - lo, 1)
    np.testing.assert_allclose(s.transform(test), -1 + 2 * (test - lo) / span, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(s.inverse_transform(s.transform(test)), test, atol=1e-4)


def test_scalers_match_scikit_learn_formulas_on_images():
    """Image batches are scaled per pixel: axis 0 is the samples."""
    X = np.random.default_rng(1).uniform(0, 16, size=(30, 8, 8)).astype(np.float32)
    z = StandardScaler().fit_transform(X)
    assert z.shape == X.shape
    np.testing.assert_allclose(z.mean(0), 0, atol=1e-5)


def test_tensors_in_tensors_out():
    train, test = _data()
    s = StandardScaler().fit(ng.tensor(train))
    out = s.transform(ng.tensor(test))
    assert isinstance(out, ng.Tensor) and out.dtype == ng.float32
    np.testing.assert_allclose(out.numpy(), s.transform(test))


def test_integer_input_gives_float32():
    X = np.arange(12).reshape(6, 2)
    assert MinMaxScaler().fit_transform(X).dtype == np.float32


@pytest.mark.parametrize("cls", [StandardScaler, MinMaxScaler])
def test_state_dict_round_trip_through_save_and_load(cls, tmp_path):
    train, test = _data()
    s = cls().fit(train)
    model = ng.nn.Linear(4, 2)
    ng.save({"model": model.state_dict(), "scaler": s.state_dict()}, tmp_path / "m.ng")
    ckpt = ng.load(tmp_path / "m.ng")
    s2 = cls()
    s2.load_state_dict(ckpt["scaler"])
    assert s2.n_samples_seen_ == 200
    np.testing.assert_array_equal(s2.transform(test), s.transform(test))
    np.testing.assert_array_equal(s2.inverse_transform(test), s.inverse_transform(test))


def test_scaler_errors():
    train, _ = _data()
    with pytest.raises(RuntimeError, match="not fitted"):
        StandardScaler().transform(train)
    s = StandardScaler().fit(train)
    with pytest.raises(ValueError, match=r"features of shape \(3,\).*fitted on \(4,\)"):
        s.transform(train[:, :3])
    bad = train.copy()
    bad[5, 2] = np.nan
    with pytest.raises(ValueError, match=r"NaN or infinite values in feature\(s\) \[2\]"):
        StandardScaler().fit(bad)
    with pytest.raises(ValueError, match="no samples"):
        MinMaxScaler().fit(np.zeros((0, 3)))
    with pytest.raises(ValueError, match="feature_range"):
        MinMaxScaler((1, 0))
    with pytest.raises(KeyError, match="missing keys"):
        StandardScaler().load_state_dict({"mean_": ng.zeros(4)})


def test_one_hot():
    out = one_hot(np.array([2, 0, 1, 2]), 4)
    assert out.dtype == np.float32 and out.shape == (4, 4)
    np.testing.assert_array_equal(out.argmax(1), [2, 0, 1, 2])
    assert out.sum() == 4
    assert one_hot(ng.tensor([1, 0])).shape == (2, 2)  # num_classes from the labels
    assert one_hot([0.0, 1.0], 2).tolist() == [[1, 0], [0, 1]]
    with pytest.raises(ValueError, match="smaller than num_classes=3, found 3"):
        one_hot([0, 3], 3)
    with pytest.raises(ValueError, match="non-negative, found -1"):
        one_hot([-1, 0], 3)
    with pytest.raises(ValueError, match="entry 1 is 0.5"):
        one_hot([1.0, 0.5])
    assert one_hot([]).shape == (0, 0)


def test_one_hot_matches_functional():
    labels = np.array([3, 1, 0, 2])
    np.testing.assert_array_equal(
        one_hot(labels, 5), ng.nn.functional.one_hot(ng.tensor(labels), 5).numpy()
    )


def _unbalanced(n_major: int = 400, n_minor: int = 40) -> tuple[np.ndarray, np.ndarray]:
    y = np.array([0] * n_major + [1] * 150 + [2] * n_minor)
    X = np.arange(len(y) * 2, dtype=np.float32).reshape(-1, 2)
    return X, y


def test_split_is_stratified_sized_and_disjoint():
    X, y = _unbalanced()
    parts = train_val_test_split(X, y, val=0.1, test=0.2, seed=0)
    sizes = {k: len(v[1]) for k, v in parts.items()}
    assert sizes == {"train": 413, "val": 59, "test": 118}
    total = np.bincount(y) / len(y)
    for Xp, yp in parts.values():
        share = np.bincount(yp, minlength=3) / len(yp)
        np.testing.assert_allclose(share, total, atol=1.0 / len(yp) + 1e-9)
    rows = np.concatenate([Xp[:, 0] for Xp, _ in parts.values()]) // 2
    assert sorted(rows.astype(int)) == list(range(len(y)))
    for Xp, yp in parts.values():  # pairs stay together
        np.testing.assert_array_equal(y[(Xp[:, 0] // 2).astype(int)], yp)


def test_split_each_class_within_one_of_its_share():
    X, y = _unbalanced(n_major=97, n_minor=7)
    for (name, (_, yp)), frac in zip(train_val_test_split(X, y).items(), (0.7, 0.1, 0.2)):
        counts = np.bincount(yp, minlength=3)
        ideal = np.bincount(y) * frac
        assert (np.abs(counts - ideal) < 1).all(), (name, counts, ideal)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.integers(0, 40), min_size=1, max_size=10),
    st.lists(st.integers(1, 20), min_size=1, max_size=4),
    st.integers(0, 2**32 - 1),
)
def test_stratified_split_property(class_counts, weights, seed):
    """For any class counts and fractions: the parts partition the samples, have the sizes the
    fractions give, and hold every class within one sample of its proportional share."""
    y = np.repeat(np.arange(len(class_counts)), class_counts)
    fractions = np.array(weights) / sum(weights)
    parts = split_indices(y, fractions, generator=ng.Generator().manual_seed(seed))
    assert sorted(np.concatenate(parts).tolist()) == list(range(len(y)))
    sizes = [len(p) for p in parts]
    assert sum(sizes) == len(y) and all(abs(s - f * len(y)) < 1 for s, f in zip(sizes, fractions))
    for p, size in zip(parts, sizes):
        counts = np.bincount(y[p], minlength=len(class_counts))
        ideal = np.array(class_counts) * size / max(len(y), 1)
        assert (np.abs(counts - ideal) < 1 + 1e-9).all()


def test_split_is_shuffled_and_seeded():
    X, y = _unbalanced()
    a = train_val_test_split(X, y, seed=0)
    b = train_val_test_split(X, y, seed=0)
    c = train_val_test_split(X, y, seed=1)
    np.testing.assert_array_equal(a["test"][0], b["test"][0])
    assert not np.array_equal(a["test"][0], c["test"][0])
    train_labels = a["train"][1]
    assert not (np.diff(train_labels) >= 0).all()  # classes are interleaved, not in blocks
    assert not (np.diff(a["train"][0][:, 0]) > 0).all()


def test_split_none_seed_uses_global_generator():
    X, y = _unbalanced()
    ng.manual_seed(4)
    a = train_val_test_split(X, y, seed=None)
    ng.manual_seed(4)
    b = train_val_test_split(X, y, seed=None)
    np.testing.assert_array_equal(a["val"][0], b["val"][0])


def test_split_without_stratification_for_regression():
    X = np.arange(100, dtype=np.float32)[:, None]
    y = np.linspace(0, 1, 100).astype(np.float32)
    parts = train_val_test_split(X, y, val=0.25, test=0.25, stratify=False)
    assert [len(v[0]) for v in parts.values()] == [50, 25, 25]
    with pytest.raises(ValueError, match="whole class ids"):
        train_val_test_split(X, y)


def test_split_indices():
    y = np.array([0] * 80 + [1] * 20)
    train, val = split_indices(y, (0.8, 0.2), generator=ng.Generator().manual_seed(0))
    assert len(train) == 80 and len(val) == 20
    assert np.bincount(y[val]).tolist() == [16, 4]
    assert sorted(np.concatenate([train, val]).tolist()) == list(range(100))
    a, b = split_indices(10, (0.5, 0.5))
    assert len(a) == len(b) == 5


def test_split_errors():
    X, y = _unbalanced()
    with pytest.raises(ValueError, match="same number of samples"):
        train_val_test_split(X[:-1], y)
    with pytest.raises(ValueError, match="val \\+ test < 1"):
        train_val_test_split(X, y, val=0.5, test=0.5)
    with pytest.raises(ValueError, match="sum to 1"):
        split_indices(y, (0.5, 0.2))
