"""Progress output in Keras's layout: a bar line and a metrics line per epoch, both within 80
columns (metrics wrap between values, ``val_*`` never cut), scientific notation for very large
or small values; a live tqdm bar on a terminal, the finished bar line in a log, one line per
epoch with ``verbose=2``."""

import io

import pytest

import neuralgrad as ng
from neuralgrad import nn
from neuralgrad.train import ProgressBar, fit
from neuralgrad.train.callbacks.progress import format_logs, format_value

from .helpers import blobs, mlp


def _fit(stream, epochs=3, bar=None, metrics=("accuracy",), **kw):
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
        metrics=list(metrics),
        callbacks=[ProgressBar(stream=stream, bar=bar)],
        **kw,
    )


def test_values_are_fixed_or_scientific():
    assert format_value(0.12345) == "0.1235" and format_value(0.0) == "0.0000"
    assert format_value(1e-7) == "1.000e-07" and format_value(123456.0) == "1.235e+05"
    assert format_value(-2.5e-4) == "-2.500e-04" and format_value(7) == "7"


def test_metrics_wrap_within_80_columns_without_cutting_values():
    logs = {k: 0.5 for k in ("loss", "accuracy", "precision", "recall", "f1")}
    logs.update({f"val_{k}": 0.25 for k in list(logs)}, lr=1e-3, time=0.4)
    text = format_logs(logs)
    lines = text.splitlines()
    assert len(lines) > 1 and all(len(line) <= 80 for line in lines)
    items = [i for line in lines for i in line.split(" - ")]
    assert items[0] == "loss: 0.5000" and items[-1] == "lr: 0.0010"
    assert "val_f1: 0.2500" in items and "val_loss: 0.2500" in items
    assert "time" not in text


def test_a_log_gets_a_bar_line_and_a_metrics_line_per_epoch():
    pytest.importorskip("tqdm")
    out = io.StringIO()
    h = _fit(out, metrics=())
    lines = out.getvalue().splitlines()
    assert len(lines) == 6 and "\r" not in out.getvalue()
    assert lines[0].startswith("Epoch 1/3 12/12 |") and "step" in lines[0]
    assert lines[1] == f"loss: {h['loss'][0]:.4f} - val_loss: {h['val_loss'][0]:.4f} - lr: 0.0500"
    assert all(len(line) <= 80 for line in lines)


def test_verbose_2_writes_one_line_per_epoch(capsys):
    X, y = blobs(n=20)
    model = mlp()
    opt = ng.optim.SGD(model.parameters(), lr=0.05)
    fit(model, (X, y), loss=nn.CrossEntropyLoss(), optimizer=opt, epochs=2, verbose=2)
    lines = capsys.readouterr().out.splitlines()
    assert [line[:12] for line in lines] == ["Epoch 1/2 - ", "Epoch 2/2 - "]
    fit(model, (X, y), loss=nn.CrossEntropyLoss(), optimizer=opt, epochs=2, verbose=0)
    assert capsys.readouterr().out == ""


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_terminal_gets_a_live_tqdm_bar():
    pytest.importorskip("tqdm")
    out = FakeTerminal()
    _fit(out, epochs=2)
    text = out.getvalue()
    assert "\r" in text  # a bar redrawn in place, not plain lines
    assert "Epoch 1/2" in text and "Epoch 2/2" in text and "12/12" in text
    metrics = [line for line in text.splitlines() if line.startswith("loss: ")]
    assert len(metrics) == 2 and all("val_loss: " in line for line in metrics)
    assert all(len(part) <= 80 for part in text.replace("\r", "\n").splitlines())
