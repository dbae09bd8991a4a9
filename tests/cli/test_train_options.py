"""``train`` options, config files, task inference and ``resume``, run in this process."""

import csv
import json

import numpy as np
import pytest

import neuralgrad as ng
from neuralgrad.cli import session

from .helpers import cli, need_toml, regression_csv, write_csv


def _recipe(run):
    return json.loads((run / "recipe.json").read_text())


def _status(run):
    return json.loads((run / "run.json").read_text())["status"]


def test_resume_gives_the_weights_of_an_uninterrupted_run(tmp_path, capsys, monkeypatch):
    common = ["--epochs", "6", "--hidden", "8", "--verbose", "0", "--schedule", "cosine"]
    common += ["--dropout", "0.1", "--batch-size", "32", "--monitor", "none"]
    status, _, err = cli("train", "moons", "--out", tmp_path / "a", *common, capsys=capsys)
    assert status == 0, err
    save_run = session.SaveRun.on_epoch_end

    def interrupted(self, epoch, logs=None):
        save_run(self, epoch, logs)
        if epoch == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(session.SaveRun, "on_epoch_end", interrupted)
    status, _, err = cli("train", "moons", "--out", tmp_path / "b", *common, capsys=capsys)
    assert status == 130 and "interrupted" in err
    monkeypatch.undo()
    assert (_status(tmp_path / "b")["epochs_done"], _status(tmp_path / "b")["finished"]) == (
        3,
        False,
    )
    status, out, err = cli("resume", tmp_path / "b", "--verbose", "0", capsys=capsys)
    assert status == 0, err
    assert "at epoch 4 of 6" in out
    a, b = ng.load(tmp_path / "a" / "model.ng"), ng.load(tmp_path / "b" / "model.ng")
    for key, value in a.items():
        np.testing.assert_array_equal(value.numpy(), b[key].numpy())
    assert _status(tmp_path / "b")["epochs_done"] == 6 and _status(tmp_path / "b")["finished"]
    assert _status(tmp_path / "a")["test_scores"] == _status(tmp_path / "b")["test_scores"]
    with open(tmp_path / "b" / "history.csv") as fh:
        assert [int(r["epoch"]) for r in csv.DictReader(fh)] == list(range(6))


def test_toml_config_with_command_line_overrides(tmp_path, capsys):
    need_toml()
    config = tmp_path / "run.toml"
    config.write_text(
        'data = "xor"\nhidden = [6, 5]\nactivation = "tanh"\nepochs = 50\n'
        'norm = "batch"\nlr = 0.05\n[optimizer]\nname = "sgd"\nmomentum = 0.5\n'
    )
    args = ["--epochs", "2", "--out", tmp_path / "r", "--verbose", "0"]
    status, _, err = cli("train", "--config", config, *args, capsys=capsys)
    assert status == 0, err
    recipe = _recipe(tmp_path / "r")
    assert recipe["hidden"] == [6, 5] and recipe["activation"] == "tanh"
    assert recipe["norm"] == "batch" and recipe["epochs"] == 2 and recipe["lr"] == 0.05
    assert recipe["optimizer"] == {"name": "sgd", "momentum": 0.5}
    assert json.loads((tmp_path / "r" / "run.json").read_text())["data"]["data"] == "xor"


def test_yaml_config_and_a_runs_recipe_as_config(tmp_path, capsys):
    pytest.importorskip("yaml")
    config = tmp_path / "run.yaml"
    config.write_text("data: blobs\nhidden: 4\nepochs: 2\npatience: 1\nschedule: step\n")
    args = ["--out", tmp_path / "r", "--verbose", "0"]
    status, _, err = cli("train", "--config", config, *args, capsys=capsys)
    assert status == 0, err
    first = _recipe(tmp_path / "r")
    assert (first["hidden"], first["patience"], first["schedule"]) == ([4], 1, "step")
    again = ["blobs", "--config", tmp_path / "r" / "recipe.json", "--out", tmp_path / "s"]
    status, _, err = cli("train", *again, "--verbose", "0", capsys=capsys)
    assert status == 0, err
    assert _recipe(tmp_path / "s") == first


def test_regression_is_inferred_and_predictions_are_in_target_units(tmp_path, capsys):
    data = regression_csv(tmp_path / "r.csv")
    args = ["--target", "y", "--hidden", "16", "--lr", "0.01", "--epochs", "60"]
    args += ["--batch-size", "32", "--out", tmp_path / "run", "--verbose", "0"]
    status, out, err = cli("train", data, *args, capsys=capsys)
    assert status == 0, err
    assert "target 'y': regression (inferred; --task overrides)" in out
    assert "test R2:" in out
    assert _status(tmp_path / "run")["test_scores"]["r2"] > 0.95
    status, out, err = cli("predict", tmp_path / "run", data, capsys=capsys)
    assert status == 0, err
    rows = list(csv.DictReader(out.splitlines()))
    with open(data) as fh:
        truth = np.array([float(r["y"]) for r in csv.DictReader(fh)])
    pred = np.array([float(r["prediction"]) for r in rows])
    assert list(rows[0]) == ["row", "prediction"]
    assert np.abs(pred - truth).mean() < 0.3 * np.abs(truth).mean()
    with open(data) as fh:  # the features alone (no target column), in another order
        features = [(r["b"], r["a"]) for r in csv.DictReader(fh)]
    only = write_csv(tmp_path / "f.csv", ["b", "a"], features)
    status, out, err = cli("predict", tmp_path / "run", only, capsys=capsys)
    assert status == 0, err
    again = np.array([float(r["prediction"]) for r in csv.DictReader(out.splitlines())])
    np.testing.assert_allclose(again, pred, rtol=1e-6)


def test_task_override(tmp_path, capsys):
    rows = [(i % 7, (i * 3) % 5, i % 3) for i in range(60)]
    data = write_csv(tmp_path / "d.csv", ["a", "b", "level"], rows)
    for task, expected in (("auto", "classification"), ("regression", "regression")):
        out_dir = tmp_path / task
        args = ["--target", "level", "--task", task, "--epochs", "1", "--out", out_dir]
        status, _, err = cli("train", data, *args, "--verbose", "0", capsys=capsys)
        assert status == 0, err
        prep = ng.load(out_dir / "preprocessing.ng")
        assert prep["head"]["task"] == expected
        assert prep["classes"] == ([0, 1, 2] if expected == "classification" else None)


@pytest.mark.parametrize(
    "extra",
    [
        ["--optimizer", "rmsprop", "--schedule", "onecycle"],
        ["--optimizer", "adamw:weight_decay=0.1", "--schedule", "plateau", "--monitor", "val_loss"],
        ["--optimizer", "sgd", "--schedule", "adaptive", "--patience", "1"],
        ["--schedule", "invscaling", "--validation-fraction", "0", "--loss", "hinge"],
        ["--schedule", "inverse_time:decay=0.5", "--norm", "layer", "--init", "kaiming_normal"],
        ["--schedule", "exponential", "--monitor", "val_score", "--restore-best", "--no-shuffle"],
    ],
)
def test_optimizers_and_schedules_train(tmp_path, capsys, extra):
    args = ["--epochs", "3", "--hidden", "4", "--out", tmp_path / "r", "--verbose", "0"]
    status, _, err = cli("train", "circles", *args, *extra, capsys=capsys)
    assert status == 0, err
    assert _status(tmp_path / "r")["epochs_done"] >= 2


def test_an_existing_run_is_kept_unless_overwrite(tmp_path, capsys):
    args = ["train", "xor", "--epochs", "1", "--out", tmp_path / "r", "--verbose", "0"]
    assert cli(*args, capsys=capsys)[0] == 0
    status, _, err = cli(*args, capsys=capsys)
    assert status == 2 and "--overwrite" in err
    assert cli(*args, "--overwrite", capsys=capsys)[0] == 0


def test_quick_caps_the_epochs_and_recipe_lists_the_choices(tmp_path, capsys):
    status, _, err = cli(
        "train", "xor", "--quick", "--out", tmp_path / "r", "--verbose", "0", capsys=capsys
    )
    assert status == 0, err
    assert _recipe(tmp_path / "r")["epochs"] == 8
    status, out, _ = cli("recipe", "--json", capsys=capsys)
    described = json.loads(out)
    assert status == 0 and described["fields"]["epochs"]["default"] == 200
    assert described["choices"]["optimizer"]["sgd"]["settings"]["momentum"] == 0.9
    assert "hinge" in described["choices"]["loss"]
    status, out, _ = cli("recipe", capsys=capsys)
    assert status == 0 and "--validation-fraction" in out and "invscaling" in out


def test_data_command_writes_a_readable_csv(tmp_path, capsys):
    status, _, err = cli("data", "moons", "--out", tmp_path / "m.csv", capsys=capsys)
    assert status == 0, err
    from neuralgrad.datasets import load_csv, make_moons

    table = load_csv(tmp_path / "m.csv", "label")
    X, y = make_moons()
    np.testing.assert_allclose(table.X, X, rtol=1e-5, atol=1e-6)
    assert table.task == "classification" and table.y.tolist() == list(y)
