"""The shipped 8×8 digits: the file's content, the arrays' shapes and types, the fixed
stratified split, and a small MLP trained through ``DataLoader`` that must generalise."""

from __future__ import annotations

import hashlib

import numpy as np

import neuralgrad as ng
from neuralgrad.datasets import digits_split, load_digits
from neuralgrad.preprocessing import StandardScaler
from neuralgrad.utils.data import DataLoader, TensorDataset

# scikit-learn's digits.csv.gz: class counts and the SHA-256 of the uint8 pixels and labels.
COUNTS = [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
PIXELS_SHA256 = "8f26b2bd9d135c256808f68f14fdabddde6d9c7f869ae419704b051f0f14b3b3"
LABELS_SHA256 = "8ba4f891220f5e4c9c819638d1602d74b83618f167043c6da52a2a247841ddf0"


def test_load_digits_content():
    X, y = load_digits()
    assert X.shape == (1797, 64) and X.dtype == np.float32
    assert y.shape == (1797,) and y.dtype == np.int64
    assert X.min() == 0 and X.max() == 16 and (X == np.round(X)).all()
    assert np.bincount(y).tolist() == COUNTS
    assert y[:10].tolist() == list(range(10))
    assert hashlib.sha256(X.astype(np.uint8).tobytes()).hexdigest() == PIXELS_SHA256
    assert hashlib.sha256(y.astype(np.uint8).tobytes()).hexdigest() == LABELS_SHA256


def test_first_image_is_a_zero():
    X, _ = load_digits()
    img = X[0].reshape(8, 8)
    assert img[3:5, 3:5].sum() == 0  # the hole in the middle of the 0
    assert img[:, 1:7].sum() > 200


def test_fresh_arrays_each_call():
    X, y = load_digits()
    X[:] = -1
    y[:] = -1
    X2, y2 = load_digits()
    assert X2.min() == 0 and y2.min() == 0


def test_split_sizes_stratified_fixed():
    parts = digits_split()
    assert {k: len(v[1]) for k, v in parts.items()} == {"train": 1258, "val": 180, "test": 359}
    for Xp, yp in parts.values():
        share = np.bincount(yp, minlength=10) / len(yp)
        np.testing.assert_allclose(share, np.array(COUNTS) / 1797, atol=1 / len(yp) + 1e-9)
        assert Xp.dtype == np.float32 and yp.dtype == np.int64
    again = digits_split()
    np.testing.assert_array_equal(parts["test"][0], again["test"][0])
    assert not np.array_equal(parts["test"][0], digits_split(seed=1)["test"][0])
    rows = {r.tobytes() for Xp, _ in parts.values() for r in Xp}
    X, _ = load_digits()
    assert len(rows) == len({r.tobytes() for r in X})  # nothing lost or duplicated


def test_small_mlp_learns_the_digits():
    """Scaler fitted on train only, shuffled minibatches, Adam: above 95 % on the held-out
    test split after a few epochs (the full run in the README reaches ≥ 97 %)."""
    ng.manual_seed(0)
    parts = digits_split()
    scaler = StandardScaler().fit(parts["train"][0])
    loader = DataLoader(
        TensorDataset(scaler.transform(parts["train"][0]), parts["train"][1]),
        batch_size=32,
        shuffle=True,
    )
    model = ng.nn.Sequential(ng.nn.Linear(64, 64), ng.nn.ReLU(), ng.nn.Linear(64, 10))
    opt = ng.optim.Adam(model.parameters(), lr=3e-3)
    loss_fn = ng.nn.CrossEntropyLoss()
    for _ in range(8):
        for xb, yb in loader:
            opt.zero_grad()
            loss_fn(model(xb), yb).backward()
            opt.step()
    with ng.no_grad():
        logits = model(ng.tensor(scaler.transform(parts["test"][0])))
    acc = (logits.argmax(1).numpy() == parts["test"][1]).mean()
    assert acc > 0.95, acc
