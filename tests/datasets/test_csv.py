"""``load_csv``: columns by name, class names kept, task inference, regression targets, text
columns one-hot on request, separators sniffed, splits, and errors that name the column and row
(missing columns, text, missing values, NaN, ragged and empty files)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from neuralgrad.datasets import load_csv
from neuralgrad.errors import InputError


def _write(tmp_path: Path, text: str, name: str = "data.csv") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


IRIS = """sepal_length,sepal_width,petal_length,species
5.1,3.5,1.4,setosa
7.0,3.2,4.7,versicolor
6.3,3.3,6.0,virginica
4.9,3.0,1.4,setosa

5.8,2.7,5.1,virginica
"""


def test_classification_with_text_labels(tmp_path):
    data = load_csv(_write(tmp_path, IRIS), target="species")
    assert data.task == "classification"
    X, y = data
    assert X.dtype == np.float32 and X.shape == (5, 3)
    np.testing.assert_allclose(X[1], [7.0, 3.2, 4.7])
    assert data.classes == ["setosa", "versicolor", "virginica"]
    assert y.dtype == np.int64 and y.tolist() == [0, 1, 2, 0, 2]
    assert data.feature_names == ["sepal_length", "sepal_width", "petal_length"]


def test_features_by_name_and_order(tmp_path):
    X, _ = load_csv(_write(tmp_path, IRIS), "species", features=["petal_length", "sepal_length"])
    np.testing.assert_allclose(X[0], [1.4, 5.1])


def test_integer_and_regression_targets(tmp_path):
    text = "a,b,digit,price\n1,2,7,10.5\n3,4,3,20.25\n5,6,7,30\n"
    path = _write(tmp_path, text)
    data = load_csv(path, "digit", features=["a", "b"])
    assert data.classes == [3, 7] and data.y.tolist() == [1, 0, 1]
    reg = load_csv(path, "price", features=["a", "b"])
    assert (
        reg.task == "regression"
        and reg.classes is None
        and reg.y.dtype == np.float32
        and reg.y.shape == (3, 1)
    )
    np.testing.assert_allclose(reg.y[:, 0], [10.5, 20.25, 30])
    forced = load_csv(path, "digit", features=["a", "b"], task="regression")
    assert forced.classes is None and forced.y[:, 0].tolist() == [7, 3, 7]
    as_classes = load_csv(path, "price", features=["a"], task="classification")
    assert as_classes.classes == [10.5, 20.25, 30.0]


def test_other_separators_and_whitespace(tmp_path):
    path = _write(tmp_path, " x ; y \n 1.5 ; a\n2;b\n")
    for sep in (None, ";"):  # sniffed, or given
        X, y = load_csv(path, "y", sep=sep)
        assert X[:, 0].tolist() == [1.5, 2.0] and y.tolist() == [0, 1]
    X, y = load_csv(_write(tmp_path, "x\ty\n1\ta\n2\tb\n", "t.tsv"), "y")
    assert X[:, 0].tolist() == [1.0, 2.0]


def test_floats_and_many_integers_are_regression(tmp_path):
    """A float target (151.0 included) or an integer one with more than 20 values."""
    floats = _write(tmp_path, "x,y\n" + "".join(f"{i},{i % 3}.0\n" for i in range(30)), "f.csv")
    assert load_csv(floats, "y").task == "regression"
    many = _write(tmp_path, "x,y\n" + "".join(f"{i},{i}\n" for i in range(30)), "m.csv")
    assert load_csv(many, "y").task == "regression"
    few = _write(tmp_path, "x,y\n" + "".join(f"{i},{i % 20}\n" for i in range(30)), "n.csv")
    assert load_csv(few, "y").task == "classification" and len(load_csv(few, "y").classes) == 20


def test_text_features_one_hot_on_request(tmp_path):
    path = _write(tmp_path, "size,colour,y\n1,red,a\n2,blue,b\n3,red,a\n")
    with pytest.raises(ValueError, match=r"column 'colour', row 1 \(line 2\) is 'red'.*onehot"):
        load_csv(path, "y")
    data = load_csv(path, "y", onehot=True)
    assert data.feature_names == ["size", "colour=blue", "colour=red"]
    np.testing.assert_array_equal(data.X[:, 1:], [[0, 1], [1, 0], [0, 1]])


def test_split_is_stratified_for_classes(tmp_path):
    rows = "\n".join(f"{i},{'ab'[i % 5 == 0]}" for i in range(100))
    data = load_csv(_write(tmp_path, "x,label\n" + rows + "\n"), "label")
    parts = data.split(val=0.2, test=0.2)
    for _, yp in parts.values():
        assert np.bincount(yp).tolist() == [len(yp) * 4 // 5, len(yp) // 5]


def test_missing_columns_name_the_available_ones(tmp_path):
    path = _write(tmp_path, IRIS)
    with pytest.raises(
        ValueError,
        match=r"\['label'\] not found; the columns are "
        r"\['sepal_length', 'sepal_width', 'petal_length', "
        r"'species'\]",
    ):
        load_csv(path, "label")
    with pytest.raises(ValueError, match=r"\['petal_width'\] not found"):
        load_csv(path, "species", features=["petal_width"])
    with pytest.raises(ValueError, match="also listed as a feature"):
        load_csv(path, "species", features=["species", "sepal_width"])


@pytest.mark.parametrize(
    "cell,what",
    [
        ("abc", "is 'abc': column\\(s\\) \\['y'\\] hold text"),
        ("", "is empty"),
        ("nan", "is 'nan', not a finite"),
        ("inf", "is 'inf'"),
    ],
)
def test_bad_feature_values_name_column_and_row(tmp_path, cell, what):
    path = _write(tmp_path, f"x,y,label\n1,2,a\n3,{cell},b\n")
    with pytest.raises(ValueError, match=f"column 'y', row 2 \\(line 3\\) {what}"):
        load_csv(path, "label")


def test_bad_targets(tmp_path):
    with pytest.raises(ValueError, match=r"column 'label', row 1 \(line 2\) is empty"):
        load_csv(_write(tmp_path, "x,label\n1,\n2,b\n"), "label")
    with pytest.raises(ValueError, match=r"column 'v', row 2 \(line 3\) is 'oops'"):
        load_csv(_write(tmp_path, "x,v\n1,2.5\n2,oops\n"), "v", task="regression")
    with pytest.raises(ValueError, match=r"column 'v', row 1 \(line 2\) is 'nan'"):
        load_csv(_write(tmp_path, "x,v\n1,nan\n2,1.5\n"), "v")
    with pytest.raises(ValueError, match="task must be"):
        load_csv(_write(tmp_path, IRIS), "species", task="clustering")


def test_malformed_files(tmp_path):
    with pytest.raises(ValueError, match="is empty: expected a header"):
        load_csv(_write(tmp_path, ""), "y")
    with pytest.raises(ValueError, match="is empty: expected a header"):
        load_csv(_write(tmp_path, "\n\n"), "y")
    with pytest.raises(ValueError, match="header but no data rows"):
        load_csv(_write(tmp_path, "x,y\n"), "y")
    with pytest.raises(ValueError, match=r"column 'y', row 2 \(line 3\) is empty"):
        load_csv(_write(tmp_path, "a,b,y\n1,2,3\n4,5\n"), "y")  # a short row: missing cells
    with pytest.raises(ValueError, match="Expected 3 fields in line 3, saw 4"):
        load_csv(_write(tmp_path, "a,b,y\n1,2,3\n4,5,6,7\n"), "y")
    with pytest.raises(ValueError, match=r"duplicate column names \['a'\]"):
        load_csv(_write(tmp_path, "a,a,y\n1,2,3\n"), "y")
    with pytest.raises(InputError, match="nope.csv: no such file"):
        load_csv(tmp_path / "nope.csv", "y")
    with pytest.raises(InputError, match=r"l.csv: not ascii text \(.* at byte 6\)"):
        load_csv(tmp_path / _write(tmp_path, "a,y\n1,\xe9\n", "l.csv").name, "y", encoding="ascii")


def test_integer_labels_are_read_exactly_and_huge_ones_refused(tmp_path):
    # through float64, 2**53 + 1 and 2**53 would be one class
    path = _write(tmp_path, "x,y\n1,9007199254740993\n2,9007199254740992\n3,9007199254740993\n")
    data = load_csv(path, "y", task="classification")
    assert data.classes == [9007199254740992, 9007199254740993] and data.y.tolist() == [1, 0, 1]
    path = _write(tmp_path, "x,y\n1,10000000000000000000\n2,20000000000000000000\n")
    with pytest.raises(InputError, match="row 1 .* outside the 64-bit integer range"):
        load_csv(path, "y")  # 2**64 would wrap: both labels one class -9223372036854775808
