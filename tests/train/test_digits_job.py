"""The README's main job runs end to end (quick form) and writes its run directory."""

import json
import re
import subprocess
import sys

import numpy as np
import pytest

import neuralgrad as ng
from neuralgrad.datasets import digits_split
from neuralgrad.metrics import accuracy
from neuralgrad.train import predict
from neuralgrad.train.digits import ARCHITECTURE, load_model


def test_quick_run_as_a_subprocess(tmp_path):
    pytest.importorskip("matplotlib")
    out = tmp_path / "runs" / "digits"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "neuralgrad.train.digits",
            "--out",
            str(out),
            "--quick",
            "--verbose",
            "2",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    epochs = [line for line in proc.stdout.splitlines() if line.startswith("Epoch ")]
    assert len(epochs) == 8 and epochs[0].startswith("Epoch 1/8 - ")
    printed = float(re.search(r"test accuracy: ([\d.]+) %", proc.stdout).group(1)) / 100
    assert printed > 0.95

    saved = ng.load(out / "model.ng")
    assert saved["architecture"] == ARCHITECTURE
    assert saved["test_accuracy"] == pytest.approx(printed, abs=5e-5)
    model, scaler = load_model(out / "model.ng")
    X, y = digits_split()["test"]
    assert accuracy(predict(model, scaler.transform(X)), y) == pytest.approx(printed, abs=5e-5)

    png = (out / "curves.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000
    history = json.loads((out / "history.json").read_text())
    assert len(history["history"]["val_accuracy"]) == 8
    rows = (out / "history.csv").read_text().splitlines()
    assert rows[0].split(",")[:5] == ["epoch", "loss", "accuracy", "val_loss", "val_accuracy"]
    assert len(rows) == 9
    assert np.isfinite(history["history"]["loss"]).all()


def test_capture_flag_trains_the_same_model(tmp_path):
    from neuralgrad.train.digits import main

    runs = {}
    for flag in ([], ["--capture"]):
        out = tmp_path / ("capture" if flag else "eager")
        main(["--out", str(out), "--quick", "--verbose", "0", *flag])
        runs[bool(flag)] = json.loads((out / "history.json").read_text())["history"]
        runs[bool(flag)]["weights"] = [
            v.numpy() for v in ng.load(out / "model.ng")["state_dict"].values()
        ]
    eager, captured = runs[False], runs[True]
    for key in ("loss", "accuracy", "val_loss", "val_accuracy"):
        assert eager[key] == captured[key], key
    assert all(np.array_equal(a, b) for a, b in zip(eager["weights"], captured["weights"]))
