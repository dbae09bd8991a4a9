"""Callbacks that draw during fit: one frame before training and one every k epochs, and a GIF
with as many frames."""

import numpy as np
import pytest

pytest.importorskip("matplotlib")
Image = pytest.importorskip("PIL.Image")

import neuralgrad as ng  # noqa: E402
from neuralgrad import nn  # noqa: E402
from neuralgrad.plot import DecisionBoundary, WeightTiles  # noqa: E402
from neuralgrad.train import fit  # noqa: E402


def train(model, X, y, callbacks, epochs):
    return fit(
        model,
        (X, y),
        loss=nn.CrossEntropyLoss(),
        epochs=epochs,
        batch_size=16,
        optimizer=ng.optim.Adam(model.parameters(), lr=0.05),
        verbose=0,
        callbacks=callbacks,
    )


def frames_of(gif):
    with Image.open(gif) as im:
        return im.n_frames, im.size


def test_decision_boundary_frames_and_gif(tmp_path):
    g = np.random.default_rng(0)
    X = g.normal(size=(64, 2)).astype(np.float32)
    y = (X[:, 0] * X[:, 1] > 0).astype(np.int64)
    ng.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 2))
    cb = DecisionBoundary(X, y, every=2, out_dir=tmp_path / "b", resolution=30)
    train(model, X, y, [cb], epochs=7)
    names = sorted(p.name for p in (tmp_path / "b").glob("*.png"))
    assert names == [f"boundary_{i:04d}.png" for i in range(4)]  # before + epochs 2, 4, 6
    assert cb.frames == [str(tmp_path / "b" / n) for n in names]
    n_frames, size = frames_of(cb.gif)
    with Image.open(cb.frames[0]) as first, Image.open(cb.frames[-1]) as last:
        assert n_frames == 4 and size == first.size
        assert np.abs(np.asarray(first, float) - np.asarray(last, float)).mean() > 0.5


def test_weight_tiles_frames_and_gif(tmp_path):
    g = np.random.default_rng(1)
    X = g.normal(size=(48, 12)).astype(np.float32)
    y = (X[:, :6].sum(1) > 0).astype(np.int64)
    ng.manual_seed(0)
    model = nn.Sequential(nn.Linear(12, 6), nn.ReLU(), nn.Linear(6, 2))
    cb = WeightTiles(model[0], every=1, out_dir=tmp_path / "w", image_shape=(3, 4))
    train(model, X, y, [cb], epochs=3)
    assert len(cb.frames) == 4 and frames_of(cb.gif)[0] == 4
    assert sorted(p.name for p in (tmp_path / "w").iterdir()) == ["weights.gif"] + [
        f"weights_{i:04d}.png" for i in range(4)
    ]


def test_every_must_be_positive():
    with pytest.raises(ValueError, match="every"):
        WeightTiles(every=0)
