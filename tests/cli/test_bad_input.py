"""Bad input for every command: exit status 2 and a one-line error naming the problem, no
traceback."""

import pytest

import neuralgrad as ng

from .helpers import assert_bad_input, classification_csv, cli, need_toml, write_csv


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A run trained on a CSV with a one-hot column (labels 'no'/'yes')."""
    from neuralgrad.cli import main

    tmp = tmp_path_factory.mktemp("run")
    data = classification_csv(tmp / "data.csv", n=60)
    assert (
        main(
            [
                "train",
                str(data),
                "--target",
                "label",
                "--onehot",
                "--hidden",
                "4",
                "--epochs",
                "1",
                "--out",
                str(tmp / "run"),
                "--verbose",
                "0",
            ]
        )
        == 0
    )
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
        (["train", data, "--target", "label"], ["['colour'] are not numeric", "--onehot"]),
        (["train", data], ["--target", "'colour'"]),
        (["train", data, "--target", "label", "--features", "label,x1"], ["also listed"]),
        (["train", tmp_path / "missing.csv", "--target", "y"], ["no such file"]),
        (["train", "mnist-ish"], ["no such file", "digits"]),
        (["train"], ["name the data"]),
        (["train", "regression", "--task", "classification"], ["regression task"]),
        (["train", "xor", "--dropout", "1.5"], ["--dropout"]),
        (["train", "xor", "--epochs", "0"], ["--epochs"]),
    ]
    for args, fragments in cases:
        status, out, err = cli(*args, "--out", tmp_path / "run", capsys=capsys)
        assert_bad_input(status, err, *fragments)
    assert not (tmp_path / "run" / "model.ng").exists()


def test_train_bad_cells(tmp_path, capsys):
    bad_number = write_csv(tmp_path / "a.csv", ["a", "y"], [(1, 0), ("", 1), (3, 0)])
    one_class = write_csv(tmp_path / "b.csv", ["a", "y"], [(1, 0), (2, 0), (3, 0)])
    no_label = write_csv(tmp_path / "c.csv", ["a", "y"], [(1, 0), (2, ""), (3, 1)])
    for data, fragment in (
        (bad_number, "row 2 (line 3) is empty"),
        (one_class, "single class"),
        (no_label, "missing label"),
    ):
        status, _, err = cli("train", data, "--target", "y", "--out", tmp_path / "r", capsys=capsys)
        assert_bad_input(status, err, fragment)


def test_usage_errors_exit_2(capsys):
    for args in (
        ["train", "xor", "--hidden", "8,x"],
        ["frobnicate"],
        [],
        ["train", "xor", "--optimizer", "lbfgs"],
        ["predict", "only-one-arg"],
    ):
        status, _, err = cli(*args, capsys=capsys)
        assert status == 2 and "usage:" in err and "Traceback" not in err


def test_bad_config_files(tmp_path, capsys):
    need_toml()
    cases = {
        "a.toml": ('data = "xor"\nwidth = 3\n', "unknown setting 'width'"),
        "b.toml": ('data = "xor\n', "not valid TOML"),
        "c.ini": ("data = xor\n", "must end in .toml"),
        "d.toml": ('batch_norm = "yes"\n', "true or false"),
        "e.toml": ("[section]\nx = 1\n", "'section'"),
    }
    for name, (text, fragment) in cases.items():
        (tmp_path / name).write_text(text)
        status, _, err = cli("train", "--config", tmp_path / name, capsys=capsys)
        assert_bad_input(status, err, fragment)
    status, _, err = cli("train", "--config", tmp_path / "missing.toml", capsys=capsys)
    assert_bad_input(status, err, "no such config file")


def _not_runs(tmp_path, trained):
    junk = tmp_path / "junk.ng"
    junk.write_bytes(b"this is not a model")
    weights = tmp_path / "weights.ng"
    ng.save(ng.nn.Linear(2, 2).state_dict(), weights)
    return [
        (junk, "not a neuralgrad run file"),
        (weights, "not a neuralgrad run file"),
        (trained / "run" / "checkpoint.ng", "a resume checkpoint?"),
        (tmp_path / "nowhere", "no such file"),
    ]


@pytest.mark.parametrize("command", ["evaluate", "predict", "summary", "resume"])
def test_every_command_rejects_files_that_are_not_runs(tmp_path, capsys, trained, command):
    extra = {"evaluate": [trained / "data.csv"], "predict": [trained / "data.csv"]}
    for path, fragment in _not_runs(tmp_path, trained):
        status, _, err = cli(command, path, *extra.get(command, []), capsys=capsys)
        assert_bad_input(status, err, fragment)


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
            (unseen, "'purple', a category not seen in training"),
            (missing, "['x2'] not found"),
            (text, "is 'two', not a finite number"),
            (tmp_path / "empty.csv", "is empty"),
            (tmp_path / "none.csv", "no such file"),
        ):
            status, _, err = cli(command, run, data, capsys=capsys)
            assert_bad_input(status, err, fragment)
    status, _, err = cli("evaluate", run, "xor", capsys=capsys)
    assert_bad_input(status, err, "'xor' has the features ['x0', 'x1'], not the model's")
    status, _, err = cli("evaluate", run, new_label, capsys=capsys)
    assert_bad_input(status, err, "['maybe'] are not among the classes")
    status, _, err = cli("evaluate", run, unseen, "--target", "nope", capsys=capsys)
    assert_bad_input(status, err, "['nope'] not found")


def test_resume_bad_states(tmp_path, capsys, trained):
    status, _, err = cli("resume", trained / "run", capsys=capsys)
    assert_bad_input(status, err, "trained 1 of 1 epochs", "--epochs")
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "model.ng").write_bytes((trained / "run" / "model.ng").read_bytes())
    status, _, err = cli("resume", copy, "--epochs", "3", capsys=capsys)
    assert_bad_input(status, err, "no checkpoint.ng")
