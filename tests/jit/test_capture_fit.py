"""fit(capture=True) trains exactly as fit() does, batch for batch, with fewer Python calls."""

from __future__ import annotations

import numpy as np

import neuralgrad as ng
from neuralgrad import nn


def _run(capture: bool):
    ng.manual_seed(0)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((70, 6)).astype(np.float32)  # 70 = 2 batches of 32 + one of 6
    y = (x[:, 0] + x[:, 1] > 0).astype(np.int64) + (x[:, 2] > 1)
    model = nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Dropout(0.2), nn.Linear(16, 3))
    opt = ng.optim.Adam(model.parameters(), lr=0.01)
    hist = ng.train.fit(
        model,
        (ng.tensor(x), ng.tensor(y)),
        loss=nn.CrossEntropyLoss(),
        optimizer=opt,
        epochs=3,
        batch_size=32,
        metrics=["accuracy"],
        validation_split=0.2,
        verbose=0,
        capture=capture,
    )
    return hist, model


def test_fit_with_capture_matches_fit_bitwise():
    h1, m1 = _run(False)
    h2, m2 = _run(True)
    for key in ("loss", "accuracy", "val_loss", "val_accuracy"):
        assert h1.history[key] == h2.history[key], key
    for (k, a), (_, b) in zip(m1.state_dict().items(), m2.state_dict().items()):
        assert np.array_equal(a.numpy(), b.numpy()), k


def test_fit_with_capture_replays():
    calls = []
    ng.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1))
    model.register_forward_hook(lambda m, i, o: calls.append(1))
    x = ng.randn(64, 3)
    ng.train.fit(
        model,
        (x, x.sum(1, keepdim=True)),
        loss=nn.MSELoss(),
        optimizer=ng.optim.SGD(model.parameters(), lr=0.1),
        epochs=4,
        batch_size=16,
        shuffle=False,
        verbose=0,
        capture=True,
    )
    assert len(calls) == 1  # recorded once (one batch shape); 15 replays skip Python
