"""Bad input for every command: exit status 2 and a one-line error naming the problem, no
traceback."""

import json

import pytest

import neuralgrad as ng

from .helpers import assert_bad_input, classification_csv, cli, need_toml, write_csv


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A run trained on a CSV with a one-hot column (labels 'no'/'yes')."""
    from neuralgrad.cli import main

    tmp = tmp_path_factory.mktemp("run")
    data = classification_csv(tmp / "data.csv", n=60)
    args = ["train", data, "--target", "label", "--onehot", "--hidden", "4", "--epochs", "1"]
    assert main([str(a) for a in [*args, "--out", tmp / "run", "--verbose", "0"]]) == 0
    return tmp


def test_train_bad_data(tmp_path, capsys):
    data = classification_csv(tmp_path / "data.csv", n=30)
    (tmp_path / "empty.csv").write_text("")
    write_csv(tmp_path / "header.csv", ["a", "y"], [])
    cases = [
        (["train", tmp_path / "empty.csv", "--target", "y"], ["is empty"]),
        (["train", tmp_path / "header.csv", "--target", "y"], ["no data rows"]),
        (["train", data, "--target", "nope"], ["['nope'] not found", "'label'"]),
        (["train", data, "--target", "label", "--features", "x1,zz"], ["['zz'] not found"]),
        (["train", data, "--target", "label"], ["column 'colour', row 1", "--onehot"]),
        (["train", data], ["--target", "'colour'"]),
        (["train", data, "--target", "label", "--features", "label,x1"], ["also listed"]),
        (["train", tmp_path / "missing.csv", "--target", "y"], ["no such file"]),
        (["train", "mnist-ish"], ["no such file", "digits"]),
        (["train"], ["name the data"]),
        (["train", "regression", "--task", "classification"], ["regression task"]),
        (["train", "xor", "--dropout", "1.5"], ["dropout: expected a number >= 0.0 and < 1.0"]),
        (["train", "xor", "--epochs", "0"], ["epochs: expected a whole number >= 1"]),
        (["train", "xor", "--optimizer", "lbfgs"], ["optimizer: unknown choice 'lbfgs'"]),
        (["train", "xor", "--optimizer", "sgd:mom=1"], ["'sgd' has no setting(s) ['mom']"]),
        (["train", "xor", "--loss", "mse"], ["loss: 'mse' does not fit a classification"]),
        (["train", "xor", "--monitor", "val_loss", "--validation-fraction", "0"], ["monitor"]),
    ]
    for args, fragments in cases:
        status, out, err = cli(*args, "--out", tmp_path / "run", capsys=capsys)
        assert_bad_input(status, err, *fragments)
    assert not (tmp_path / "run" / "run.json").exists()


def test_train_bad_cells(tmp_path, capsys):
    bad_number = write_csv(tmp_path / "a.csv", ["a", "y"], [(1, 0), ("", 1), (3, 0)])
    one_class = write_csv(tmp_path / "b.csv", ["a", "y"], [(1, 0), (2, 0), (3, 0)])
    no_label = write_csv(tmp_path / "c.csv", ["a", "y"], [(1, 0), (2, ""), (3, 1)])
    ragged = tmp_path / "d.csv"
    ragged.write_text("a,y\n1,0\n2,1,7\n")
    for data, fragment in (
        (bad_number, "column 'a', row 2 (line 3) is empty"),
        (one_class, "single class"),
        (no_label, "column 'y', row 2 (line 3) is empty (a missing label)"),
        (ragged, "Expected 2 fields in line 3, saw 3"),
    ):
        status, _, err = cli("train", data, "--target", "y", "--out", tmp_path / "r", capsys=capsys)
        assert_bad_input(status, err, fragment)


def test_usage_errors_exit_2(capsys):
    for args in (
        ["train", "xor", "--hidden", "8,x"],
        ["frobnicate"],
        [],
        ["train", "xor", "--monitor", "accuracy"],
        ["predict", "only-one-arg"],
        ["data", "mnist", "--out", "x.csv"],
    ):
        status, _, err = cli(*args, capsys=capsys)
        assert status == 2 and "usage:" in err and "Traceback" not in err


def test_bad_config_files(tmp_path, capsys):
    need_toml()
    cases = {
        "a.toml": ('data = "xor"\nwidth = 3\n', "unknown setting 'width'"),
        "b.toml": ('data = "xor\n', "not valid TOML"),
        "c.ini": ("data = xor\n", "must end in .toml"),
        "d.toml": ('data = "xor"\nshuffle = "yes"\n', "shuffle: expected true or false"),
        "e.toml": ("[section]\nx = 1\n", "'section'"),
        "f.json": ('{"data": "xor", "hidden": "big"}', "hidden: expected a list of layer sizes"),
        "g.json": ("[1, 2]", "expected key = value settings"),
        "h.json": ('{"data": 5}', "data must be a CSV file or a built-in data set's name"),
        "i.json": ('{"data": "xor", "features": 3}', "features must be a list of column names"),
        "j.json": ('{"data": "xor", "test": "half"}', "test must be a fraction"),
        "k.json": ('{"data": "xor", "lr": 1e999}', "lr: expected a finite number, got inf"),
    }
    for name, (text, fragment) in cases.items():
        (tmp_path / name).write_text(text)
        status, _, err = cli("train", "--config", tmp_path / name, capsys=capsys)
        assert_bad_input(status, err, fragment)
    status, _, err = cli("train", "--config", tmp_path / "missing.toml", capsys=capsys)
    assert_bad_input(status, err, "no such config file")
    for value in ("nan", "inf"):
        status, _, err = cli("train", "xor", "--lr", value, capsys=capsys)
        assert_bad_input(status, err, "lr: expected a finite number")


def _edited_json(run, name, edit):
    described = json.loads((run / name).read_text())
    edit(described)
    (run / name).write_text(json.dumps(described))
    return run


def _edited_prep(run, edit):
    state = ng.load(run / "preprocessing.ng")
    edit(state)
    ng.save(state, run / "preprocessing.ng")
    return run


@pytest.mark.parametrize(
    "command, file, edit, fragment",
    [
        ("summary", "run.json", lambda d: d.update(status=3), "'status' is 3"),
        ("summary", "run.json", lambda d: d["status"].update(test_scores={"f1": [1]}), "scores"),
        ("resume", "run.json", lambda d: d.update(data=1.5), "'data' is 1.5"),
        ("resume", "run.json", lambda d: d["data"].pop("data"), "data settings are damaged"),
        ("evaluate", "run.json", lambda d: d["data"].update(test="x"), "test must be a fraction"),
        ("summary", "prep", lambda s: s.update(classes=["no"]), "'classes'"),
        ("summary", "prep", lambda s: s["features"].update(categories="x"), "'features'"),
        ("summary", "prep", lambda s: s["head"].update(loss="mse"), "'head'"),
        ("predict", "prep", lambda s: s["x_scaler"].pop("mean_"), "'x_scaler'"),
        ("predict", "prep", lambda s: s.update(feature_names=["a"] * 5), "'feature_names'"),
    ],
)
def test_damaged_run_parts_are_named(tmp_path, capsys, trained, command, file, edit, fragment):
    run = _copy_run(trained / "run", tmp_path / "run")
    _edited_prep(run, edit) if file == "prep" else _edited_json(run, file, edit)
    extra = {
        "evaluate": [trained / "data.csv"],
        "predict": [trained / "data.csv"],
        "resume": ["--epochs", "3"],
    }
    status, _, err = cli(command, run, *extra.get(command, []), capsys=capsys)
    assert_bad_input(status, err, fragment)


def _not_runs(tmp_path, trained):
    junk = tmp_path / "junk.ng"
    junk.write_bytes(b"this is not a model")
    return [
        (junk, "is not a neuralgrad run directory"),
        (tmp_path, "is not a neuralgrad run directory"),
        (tmp_path / "nowhere", "no such run directory"),
    ]


@pytest.mark.parametrize("command", ["evaluate", "predict", "summary", "resume"])
def test_every_command_rejects_directories_that_are_not_runs(tmp_path, capsys, trained, command):
    extra = {"evaluate": [trained / "data.csv"], "predict": [trained / "data.csv"]}
    for path, fragment in _not_runs(tmp_path, trained):
        status, _, err = cli(command, path, *extra.get(command, []), capsys=capsys)
        assert_bad_input(status, err, fragment)


def _copy_run(src, dst):
    dst.mkdir()
    for f in src.iterdir():
        (dst / f.name).write_bytes(f.read_bytes())
    return dst


def test_damaged_run_directories(tmp_path, capsys, trained):
    """A recipe that does not match the weights is refused before a model is built."""
    bigger = _copy_run(trained / "run", tmp_path / "bigger")
    recipe = json.loads((bigger / "recipe.json").read_text())
    (bigger / "recipe.json").write_text(json.dumps({**recipe, "hidden": [100000]}))
    deeper = _copy_run(trained / "run", tmp_path / "deeper")
    (deeper / "recipe.json").write_text(json.dumps({**recipe, "hidden": [4, 4]}))
    typo = _copy_run(trained / "run", tmp_path / "typo")
    (typo / "recipe.json").write_text(json.dumps({**recipe, "activation": "rleu"}))
    version = _copy_run(trained / "run", tmp_path / "version")
    described = json.loads((version / "run.json").read_text())
    (version / "run.json").write_text(json.dumps({**described, "version": 99}))
    torn = _copy_run(trained / "run", tmp_path / "torn")
    (torn / "model.ng").write_bytes((torn / "model.ng").read_bytes()[:40])
    gone = _copy_run(trained / "run", tmp_path / "gone")
    (gone / "preprocessing.ng").unlink()
    for run, fragment in (
        (
            bigger,
            "net.0.weight has shape (4, 5), but recipe.json and run.json call for (100000, 5)",
        ),
        (deeper, "does not match recipe.json: missing ['net.4.bias', 'net.4.weight']"),
        (typo, "activation: unknown choice 'rleu'"),
        (version, "run format version 99"),
        (torn, "model.ng"),
        (gone, "preprocessing.ng: missing"),
    ):
        status, _, err = cli("summary", run, capsys=capsys)
        assert_bad_input(status, err, fragment)
    weights = tmp_path / "weights"
    weights.mkdir()
    ng.save(ng.nn.Linear(2, 2).state_dict(), weights / "model.ng")
    status, _, err = cli("summary", weights, capsys=capsys)
    assert_bad_input(status, err, "no run.json")


def test_evaluate_and_predict_bad_data(tmp_path, capsys, trained):
    run = trained / "run"
    rows = [("1.0", "2.0", "red", "no"), ("0.5", "0.1", "purple", "yes")]
    unseen = write_csv(tmp_path / "u.csv", ["x1", "x2", "colour", "label"], rows)
    missing = write_csv(tmp_path / "m.csv", ["x1", "colour", "label"], [("1", "red", "no")])
    text = write_csv(
        tmp_path / "t.csv", ["x1", "x2", "colour", "label"], [("1", "two", "red", "no")]
    )
    new_label = write_csv(
        tmp_path / "l.csv", ["x1", "x2", "colour", "label"], [("1", "2", "red", "maybe")]
    )
    (tmp_path / "empty.csv").write_text("\n\n")
    for command in ("evaluate", "predict"):
        for data, fragment in (
            (unseen, "row 2 (line 3) is 'purple', a category not seen in training"),
            (missing, "['x2'] not found"),
            (text, "column 'x2', row 1 (line 2) is 'two', not a finite number"),
            (tmp_path / "empty.csv", "is empty"),
            (tmp_path / "none.csv", "no such file"),
        ):
            status, _, err = cli(command, run, data, capsys=capsys)
            assert_bad_input(status, err, fragment)
    status, _, err = cli("evaluate", run, "xor", capsys=capsys)
    assert_bad_input(status, err, "'xor' has the features ['x0', 'x1'], not the model's")
    status, _, err = cli("evaluate", run, new_label, capsys=capsys)
    assert_bad_input(status, err, "label(s) ['maybe'] are not among the classes ['no', 'yes']")
    status, _, err = cli("evaluate", run, unseen, "--target", "nope", capsys=capsys)
    assert_bad_input(status, err, "['nope'] not found")


def test_resume_bad_states(tmp_path, capsys, trained):
    status, _, err = cli("resume", trained / "run", capsys=capsys)
    assert_bad_input(status, err, "trained 1 of 1 epochs", "--epochs")
    copy = _copy_run(trained / "run", tmp_path / "copy")
    (copy / "checkpoint.ng").unlink()
    status, _, err = cli("resume", copy, "--epochs", "3", capsys=capsys)
    assert_bad_input(status, err, "no checkpoint.ng")
