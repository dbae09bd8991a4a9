"""CSVLogger writes a header and one row per epoch with the History's values."""

import csv

import pytest

import neuralgrad as ng
from neuralgrad import nn
from neuralgrad.train import CSVLogger, ModelCheckpoint, fit

from .helpers import blobs, mlp


def _fit(path, epochs, append=False, **kw):
    X, y = blobs(n=40)
    model = mlp()
    return fit(
        model,
        (X, y),
        loss=nn.CrossEntropyLoss(),
        optimizer=ng.optim.SGD(model.parameters(), lr=0.05),
        epochs=epochs,
        batch_size=10,
        validation_split=0.25,
        metrics=["accuracy"],
        callbacks=[CSVLogger(path, append=append), *kw.pop("extra", [])],
        verbose=0,
        **kw,
    )


def test_rows_match_the_history(tmp_path):
    path = tmp_path / "logs" / "train.csv"
    h = _fit(path, 3)
    with open(path, newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["epoch", "loss", "accuracy", "val_loss", "val_accuracy", "lr", "time"]
    assert [r[0] for r in rows[1:]] == ["0", "1", "2"]
    for epoch, row in enumerate(rows[1:]):
        for key, cell in zip(rows[0][1:], row[1:]):
            assert float(cell) == pytest.approx(h[key][epoch])


def test_append_continues_a_resumed_run_without_a_second_header(tmp_path):
    path, ckpt = tmp_path / "train.csv", tmp_path / "ckpt.ng"
    _fit(path, 2, extra=[ModelCheckpoint(ckpt)])
    _fit(path, 4, append=True, resume_from=ckpt)
    with open(path, newline="") as fh:
        rows = list(csv.reader(fh))
    assert [r[0] for r in rows] == ["epoch", "0", "1", "2", "3"]
