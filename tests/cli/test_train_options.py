"""``train`` options, config files, task inference and ``resume``, run in this process."""

import csv

import numpy as np
import pytest

import neuralgrad as ng
from neuralgrad.cli import fitting

from .helpers import cli, need_toml, regression_csv, write_csv


def _state(path):
    return ng.load(path)


def test_resume_gives_the_weights_of_an_uninterrupted_run(tmp_path, capsys, monkeypatch):
    common = [
        "--epochs",
        "6",
        "--hidden",
        "8",
        "--verbose",
        "0",
        "--schedule",
        "cosine",
        "--dropout",
        "0.1",
    ]
    status, _, err = cli("train", "moons", "--out", tmp_path / "a", *common, capsys=capsys)
    assert status == 0, err
    save_run = fitting._SaveRun.on_epoch_end

    def interrupted(self, epoch, logs=None):
        save_run(self, epoch, logs)
        if epoch == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(fitting._SaveRun, "on_epoch_end", interrupted)
    status, _, err = cli("train", "moons", "--out", tmp_path / "b", *common, capsys=capsys)
    assert status == 130 and "interrupted" in err
    monkeypatch.undo()
    t = _state(tmp_path / "b" / "model.ng")["training"]
    assert (t["epochs_done"], t["finished"]) == (3, False)
    status, out, err = cli("resume", tmp_path / "b", "--verbose", "0", capsys=capsys)
    assert status == 0, err
    assert "at epoch 4 of 6" in out
    a, b = _state(tmp_path / "a" / "model.ng"), _state(tmp_path / "b" / "model.ng")
    for key, value in a["model"]["state_dict"].items():
        np.testing.assert_array_equal(np.asarray(value), np.asarray(b["model"]["state_dict"][key]))
    assert b["training"]["epochs_done"] == 6 and b["training"]["finished"]
    assert a["training"]["test_scores"] == b["training"]["test_scores"]
    with open(tmp_path / "b" / "history.csv") as fh:
        assert [int(r["epoch"]) for r in csv.DictReader(fh)] == list(range(6))


def test_toml_config_with_command_line_overrides(tmp_path, capsys):
    need_toml()
    config = tmp_path / "run.toml"
    config.write_text(
        'data = "xor"\nhidden = [6, 5]\nactivation = "tanh"\nepochs = 50\n'
        'batch_norm = true\noptimizer = "sgd"\nlr = 0.05\n'
    )
    status, _, err = cli(
        "train",
        "--config",
        config,
        "--epochs",
        "2",
        "--out",
        tmp_path / "r",
        "--verbose",
        "0",
        capsys=capsys,
    )
    assert status == 0, err
    saved = _state(tmp_path / "r" / "model.ng")
    assert saved["model"]["config"]["hidden"] == [6, 5]
    assert saved["model"]["config"]["activation"] == "tanh"
    assert saved["model"]["config"]["batch_norm"] is True
    t = saved["training"]
    assert (t["epochs"], t["optimizer"], t["lr"], t["data"]) == (2, "sgd", 0.05, "xor")


def test_yaml_config(tmp_path, capsys):
    pytest.importorskip("yaml")
    config = tmp_path / "run.yaml"
    config.write_text("data: blobs\nhidden: 4\nepochs: 2\nearly_stopping: 1\n")
    status, _, err = cli(
        "train", "--config", config, "--out", tmp_path / "r", "--verbose", "0", capsys=capsys
    )
    assert status == 0, err
    t = _state(tmp_path / "r" / "model.ng")["training"]
    assert (t["hidden"], t["early_stopping"]) == ([4], 1)


def test_regression_is_inferred_and_predictions_are_in_target_units(tmp_path, capsys):
    data = regression_csv(tmp_path / "r.csv")
    status, out, err = cli(
        "train",
        data,
        "--target",
        "y",
        "--hidden",
        "16",
        "--lr",
        "0.01",
        "--epochs",
        "40",
        "--out",
        tmp_path / "run",
        "--verbose",
        "0",
        capsys=capsys,
    )
    assert status == 0, err
    assert "test R2:" in out
    assert _state(tmp_path / "run" / "model.ng")["training"]["test_scores"]["r2"] > 0.95
    status, out, err = cli("predict", tmp_path / "run", data, capsys=capsys)
    assert status == 0, err
    rows = list(csv.DictReader(out.splitlines()))
    with open(data) as fh:
        truth = np.array([float(r["y"]) for r in csv.DictReader(fh)])
    pred = np.array([float(r["prediction"]) for r in rows])
    assert list(rows[0]) == ["row", "prediction"]
    assert np.abs(pred - truth).mean() < 0.3 * np.abs(truth).mean()
    with open(data) as fh:  # the features alone (no target column) are enough to predict
        features = [(r["b"], r["a"]) for r in csv.DictReader(fh)]
    status, out, err = cli(
        "predict",
        tmp_path / "run",
        write_csv(tmp_path / "f.csv", ["b", "a"], features),
        capsys=capsys,
    )
    assert status == 0, err
    again = np.array([float(r["prediction"]) for r in csv.DictReader(out.splitlines())])
    np.testing.assert_allclose(again, pred, rtol=1e-6)


def test_task_override(tmp_path, capsys):
    rows = [(i % 7, (i * 3) % 5, i % 3) for i in range(60)]
    data = write_csv(tmp_path / "d.csv", ["a", "b", "level"], rows)
    for task, expected in (("auto", "classification"), ("regression", "regression")):
        out_dir = tmp_path / task
        status, _, err = cli(
            "train",
            data,
            "--target",
            "level",
            "--task",
            task,
            "--epochs",
            "1",
            "--out",
            out_dir,
            "--verbose",
            "0",
            capsys=capsys,
        )
        assert status == 0, err
        prep = _state(out_dir / "model.ng")["preprocessing"]
        assert prep["task"] == expected
        assert prep["classes"] == ([0, 1, 2] if expected == "classification" else None)


@pytest.mark.parametrize(
    "extra",
    [
        ["--optimizer", "rmsprop", "--schedule", "onecycle"],
        ["--optimizer", "adamw", "--schedule", "plateau"],
        ["--schedule", "step", "--val", "0", "--early-stopping", "1"],
    ],
)
def test_optimizers_and_schedules_train(tmp_path, capsys, extra):
    status, _, err = cli(
        "train",
        "circles",
        "--epochs",
        "3",
        "--hidden",
        "4",
        "--out",
        tmp_path / "r",
        "--verbose",
        "0",
        *extra,
        capsys=capsys,
    )
    assert status == 0, err
    assert _state(tmp_path / "r" / "model.ng")["training"]["epochs_done"] >= 2


def test_an_existing_run_is_kept_unless_overwrite(tmp_path, capsys):
    args = ["train", "xor", "--epochs", "1", "--out", tmp_path / "r", "--verbose", "0"]
    assert cli(*args, capsys=capsys)[0] == 0
    status, _, err = cli(*args, capsys=capsys)
    assert status == 2 and "--overwrite" in err
    assert cli(*args, "--overwrite", capsys=capsys)[0] == 0
