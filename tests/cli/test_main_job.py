"""The README's main job, ``neuralgrad train digits`` (what ``scripts/train.sh`` runs), in its
quick form as a subprocess: progress, the test accuracy, the run directory; and ``--capture``
trains the same weights."""

import json
import re

import numpy as np
import pytest

import neuralgrad as ng
from neuralgrad.cli import main
from neuralgrad.recipe import Recipe
from neuralgrad.rundir import load_run

from .helpers import cli_subprocess


def test_quick_run_as_a_subprocess(tmp_path):
    pytest.importorskip("matplotlib")
    out = tmp_path / "runs" / "digits"
    proc = cli_subprocess("train", "digits", "--out", out, "--quick", "--verbose", "2")
    assert proc.returncode == 0, proc.stderr
    epochs = [line for line in proc.stdout.splitlines() if line.startswith("Epoch ")]
    assert len(epochs) == 8 and epochs[0].startswith("Epoch 1/8 - ")
    progress = [line for line in proc.stdout.splitlines() if line.startswith(("Epoch", "    "))]
    assert all(len(line) <= 80 for line in progress)
    printed = float(re.search(r"test accuracy: ([\d.]+) %", proc.stdout).group(1)) / 100
    assert printed > 0.9
    assert "target 'digit': classification, 10 classes" in proc.stdout

    run = load_run(out)
    assert run.recipe == Recipe().replace(epochs=8)  # the defaults, 8 epochs
    assert run.status["test_scores"]["accuracy"] == pytest.approx(printed, abs=5e-5)
    png = (out / "curves.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000
    history = json.loads((out / "history.json").read_text())
    assert len(history["history"]["val_accuracy"]) == 8
    rows = (out / "history.csv").read_text().splitlines()
    assert rows[0].split(",")[:5] == ["epoch", "loss", "accuracy", "val_loss", "val_accuracy"]
    assert len(rows) == 9


def test_capture_flag_trains_the_same_model(tmp_path):
    runs = {}
    for flag in ([], ["--capture"]):
        out = tmp_path / ("capture" if flag else "eager")
        assert main(["train", "digits", "--out", str(out), "--quick", "--verbose", "0", *flag]) == 0
        runs[bool(flag)] = json.loads((out / "history.json").read_text())["history"]
        runs[bool(flag)]["weights"] = [v.numpy() for v in ng.load(out / "model.ng").values()]
    eager, captured = runs[False], runs[True]
    for key in ("loss", "accuracy", "val_loss", "val_accuracy"):
        assert eager[key] == captured[key], key
    assert all(np.array_equal(a, b) for a, b in zip(eager["weights"], captured["weights"]))
