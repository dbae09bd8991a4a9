"""Progress output: one line per epoch when the stream is not a terminal; a tqdm bar when it
is (and tqdm is installed)."""

import io

import pytest

import neuralgrad as ng
from neuralgrad import nn
from neuralgrad.train import ProgressBar, fit

from .helpers import blobs, mlp


def _fit(stream, epochs=3, **kw):
    X, y = blobs(n=60)
    model = mlp()
    return fit(
        model,
        (X, y),
        loss=nn.CrossEntropyLoss(),
        optimizer=ng.optim.SGD(model.parameters(), lr=0.05),
        epochs=epochs,
        batch_size=4,
        validation_split=0.2,
        metrics=["accuracy"],
        callbacks=[ProgressBar(stream=stream)],
        **kw,
    )


def test_not_a_terminal_prints_one_line_per_epoch():
    out = io.StringIO()
    h = _fit(out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("Epoch 1/3 - ")
    assert f"loss: {h['loss'][0]:.4f}" in lines[0]
    assert f"val_accuracy: {h['val_accuracy'][2]:.4f}" in lines[2]
    assert "lr: 0.05" in lines[2]


def test_verbose_default_writes_epoch_lines_to_stdout(capsys):
    X, y = blobs(n=20)
    model = mlp()
    fit(
        model,
        (X, y),
        loss=nn.CrossEntropyLoss(),
        optimizer=ng.optim.SGD(model.parameters(), lr=0.05),
        epochs=2,
    )
    assert [line[:9] for line in capsys.readouterr().out.splitlines()] == ["Epoch 1/2", "Epoch 2/2"]
    fit(
        model,
        (X, y),
        loss=nn.CrossEntropyLoss(),
        optimizer=ng.optim.SGD(model.parameters(), lr=0.05),
        epochs=2,
        verbose=0,
    )
    assert capsys.readouterr().out == ""


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_terminal_gets_a_tqdm_bar():
    pytest.importorskip("tqdm")
    out = FakeTerminal()
    _fit(out, epochs=2)
    text = out.getvalue()
    assert "\r" in text  # a bar redrawn in place, not plain lines
    assert "Epoch 1/2" in text and "Epoch 2/2" in text
    assert "12/12" in text  # 48 training samples in batches of 4
    assert "val_loss" in text
