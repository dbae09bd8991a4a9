"""The command line end to end, as a subprocess: train on a generated CSV and on the shipped
digits, then evaluate, predict, summarise; check the run directory and the accuracy reported."""

import csv
import json
import re
from pathlib import Path

import numpy as np
import pytest

import neuralgrad as ng

from .helpers import classification_csv, cli_subprocess, need_toml


def _accuracy(stdout):
    return float(re.search(r"accuracy: ([\d.]+) %", stdout).group(1)) / 100


def test_csv_train_predict_evaluate_summary(tmp_path):
    data = classification_csv(tmp_path / "data.csv")
    proc = cli_subprocess(
        "train",
        data,
        "--target",
        "label",
        "--onehot",
        "--hidden",
        "32",
        "--epochs",
        "40",
        "--lr",
        "0.01",
        "--monitor",
        "none",
        "--out",
        "run",
        "--verbose",
        "0",
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert "target 'label': classification, 2 classes no, yes (inferred" in proc.stdout
    assert "features: 5 columns: x1, x2, colour=blue, colour=green, colour=red" in proc.stdout
    run = tmp_path / "run"
    expected = {
        "recipe.json",
        "run.json",
        "model.ng",
        "preprocessing.ng",
        "checkpoint.ng",
        "history.csv",
        "history.json",
        "metrics.json",
    }
    assert expected <= {p.name for p in run.iterdir()}
    printed = _accuracy(proc.stdout)
    assert printed >= 0.85
    assert json.loads((run / "metrics.json").read_text())["accuracy"] == pytest.approx(
        printed, abs=5e-5
    )
    history = json.loads((run / "history.json").read_text())
    assert len(history["history"]["loss"]) == 40
    with open(run / "history.csv") as fh:
        assert len(list(csv.DictReader(fh))) == 40

    recipe = json.loads((run / "recipe.json").read_text())
    assert (recipe["hidden"], recipe["lr"], recipe["epochs"]) == ([32], 0.01, 40)
    described = json.loads((run / "run.json").read_text())
    assert described["format"] == "neuralgrad-run" and described["model"]["in_features"] == 5
    prep = ng.load(run / "preprocessing.ng")
    assert prep["classes"] == ["no", "yes"] and prep["head"]["loss"] == "binary_cross_entropy"
    assert prep["feature_names"] == ["x1", "x2", "colour=blue", "colour=green", "colour=red"]

    proc = cli_subprocess("predict", "run", "data.csv", "--out", "pred.csv", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    with open(tmp_path / "pred.csv") as fh:
        rows = list(csv.DictReader(fh))
    with open(data) as fh:
        truth = [r["label"] for r in csv.DictReader(fh)]
    assert len(rows) == len(truth) and list(rows[0]) == ["row", "prediction", "prob_no", "prob_yes"]
    probs = np.array([[float(r["prob_no"]), float(r["prob_yes"])] for r in rows])
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=2e-6)
    predicted = [r["prediction"] for r in rows]
    assert predicted == [["no", "yes"][i] for i in probs.argmax(axis=1)]
    agree = np.mean([p == t for p, t in zip(predicted, truth)])

    proc = cli_subprocess("evaluate", "run", "data.csv", "--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["accuracy"] == pytest.approx(agree)

    proc = cli_subprocess("summary", "run", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    params = 5 * 32 + 32 + 32 * 1 + 1  # two classes: one logistic output
    assert f"Total params: {params:,}" in proc.stdout and "colour" in proc.stdout
    assert "hidden=[32]" in proc.stdout and "binary_cross_entropy" in proc.stdout


def test_digits_run_reports_its_held_out_accuracy(tmp_path):
    pytest.importorskip("matplotlib")
    proc = cli_subprocess(
        "train",
        "digits",
        "--epochs",
        "12",
        "--dropout",
        "0.1",
        "--monitor",
        "val_loss",
        "--patience",
        "5",
        "--restore-best",
        "--out",
        tmp_path / "digits",
        "--verbose",
        "0",
    )
    assert proc.returncode == 0, proc.stderr
    printed = _accuracy(proc.stdout)
    assert printed > 0.9
    assert re.search(r"on \d+ held-out test samples", proc.stdout)
    png = (tmp_path / "digits" / "curves.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"

    proc = cli_subprocess("evaluate", tmp_path / "digits", "digits", "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["accuracy"] == pytest.approx(printed, abs=5e-5)


def test_bad_input_exits_2_with_one_line_and_no_traceback(tmp_path):
    (tmp_path / "empty.csv").write_text("")
    proc = cli_subprocess("train", tmp_path / "empty.csv", "--target", "y")
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.strip().count("\n") == 0 and "is empty" in proc.stderr
    proc = cli_subprocess("train", "digits", "--epochs", "many")
    assert proc.returncode == 2 and "invalid int value" in proc.stderr


def test_entry_points(tmp_path):
    proc = cli_subprocess("--version")
    assert proc.returncode == 0 and proc.stdout.strip() == f"neuralgrad {ng.__version__}"
    proc = cli_subprocess("train", "--help")
    assert proc.returncode == 0 and "--patience PATIENCE" in proc.stdout
    tomllib = need_toml()
    pyproject = Path(__file__).parents[2] / "pyproject.toml"
    scripts = tomllib.loads(pyproject.read_text())["project"]["scripts"]
    assert scripts["neuralgrad"] == "neuralgrad.cli:main"
