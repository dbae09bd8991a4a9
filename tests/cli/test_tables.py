"""The command line on real-world tables: task inference (a float target is regression, even
written as 151.0), separators sniffed or given, and what is printed before training."""

import pytest

from .helpers import assert_bad_input, cli, write_csv


@pytest.fixture(scope="module")
def diabetes_csv(tmp_path_factory):
    """scikit-learn's diabetes data saved by pandas: targets written 151.0, 75.0, ..."""
    datasets = pytest.importorskip("sklearn.datasets")
    frame = datasets.load_diabetes(as_frame=True).frame
    path = tmp_path_factory.mktemp("diabetes") / "diabetes.csv"
    frame.to_csv(path, index=False)
    assert "151.0" in path.read_text().splitlines()[1]
    return path


def test_float_target_is_regression(tmp_path, capsys, diabetes_csv):
    args = ["--target", "target", "--epochs", "30", "--out", tmp_path / "r", "--verbose", "0"]
    status, out, err = cli("train", diabetes_csv, *args, capsys=capsys)
    assert status == 0, err
    assert "target 'target': regression (inferred; --task overrides)" in out
    assert "features: 10 columns: age, sex, bmi, bp, s1, ..., s6" in out
    status, out, err = cli("predict", tmp_path / "r", diabetes_csv, capsys=capsys)
    assert status == 0, err
    assert out.splitlines()[0] == "row,prediction"  # one column of values, not 214 classes


def test_integer_targets_with_many_values_are_regression(tmp_path, capsys):
    rows = [(i, i % 3, 100 + i) for i in range(60)]
    data = write_csv(tmp_path / "d.csv", ["a", "b", "count"], rows)
    args = ["--target", "count", "--epochs", "1", "--out", tmp_path / "r", "--verbose", "0"]
    status, out, err = cli("train", data, *args, capsys=capsys)
    assert status == 0, err
    assert "target 'count': regression" in out


@pytest.mark.parametrize("sep", [";", "\t"])
def test_separator_is_sniffed(tmp_path, capsys, sep):
    rows = [sep.join((f"{i / 7:.3f}", str(i % 2), "ab"[i % 2])) for i in range(40)]
    path = tmp_path / "s.csv"
    path.write_text(sep.join(["x", "parity", "label"]) + "\n" + "\n".join(rows) + "\n")
    args = ["--target", "label", "--epochs", "1", "--out", tmp_path / "r", "--verbose", "0"]
    status, out, err = cli("train", path, *args, capsys=capsys)
    assert status == 0, err
    assert "features: 2 columns: x, parity" in out


def test_wrong_separator_gets_a_hint(tmp_path, capsys):
    path = tmp_path / "s.csv"
    path.write_text("x;y;label\n1;2;a\n3;4;b\n")
    status, _, err = cli("train", path, "--target", "label", "--sep", ",", capsys=capsys)
    assert_bad_input(status, err, "['label'] not found", "looks ';'-separated", "--sep ';'")
