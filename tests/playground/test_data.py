"""playground.data: the teaching sets and features a DataSpec describes, split as the command
line splits, written as CSV that reads back to the same numbers."""

import numpy as np
import pytest

from neuralgrad import datasets
from neuralgrad.errors import InputError
from neuralgrad.playground.data import FEATURES, DataSpec, make_data
from neuralgrad.preprocessing import train_val_test_split


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"dataset": "mnist"}, "dataset"),
        ({"points": 10_000_000}, "points"),
        ({"points": 3}, "points"),
        ({"noise": float("nan")}, "noise"),
        ({"noise": "0.1"}, "noise"),
        ({"train_ratio": 1.0}, "train_ratio"),
        ({"features": []}, "features"),
        ({"features": ["x3"]}, "features"),
        ({"features": ["x1", "x1"]}, "features"),
        ({"normalise": "yes"}, "normalise"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_fields_name_themselves(fields, field):
    with pytest.raises(InputError) as e:
        DataSpec.from_dict(fields)
    assert e.value.field == field


def test_features_follow_the_table_order_and_the_formulas():
    spec = DataSpec(dataset="moons", points=50, features=("sin_x2", "x1", "x1_x2"))
    assert spec.features == ("x1", "x1_x2", "sin_x2")
    data = make_data(spec)
    raw, X = data.raw, data.X
    np.testing.assert_allclose(
        X, np.stack([raw[:, 0], raw[:, 0] * raw[:, 1], np.sin(raw[:, 1])], 1)
    )
    assert X.dtype == np.float32 and set(FEATURES) >= set(spec.features)


def test_generated_sets_are_the_library_sets_split_like_the_command_line():
    spec = DataSpec(dataset="spirals", points=120, noise=0.2, data_seed=3, train_ratio=0.75)
    data = make_data(spec)
    X, y = datasets.make_spirals(120, 2, 0.2, 3)
    np.testing.assert_array_equal(data.raw, X)
    parts = train_val_test_split(X, y, val=0.0, test=0.25, stratify=True, seed=0)
    np.testing.assert_array_equal(data.train[0], parts["train"][0])
    np.testing.assert_array_equal(data.test[1], parts["test"][1])
    assert len(data.train_rows) == 90 and data.classes == 2 and data.task == "classification"


def test_the_curve_has_one_input():
    data = make_data(DataSpec(dataset="curve", points=40, features=("x1", "x1_sq")))
    assert data.dims == 1 and data.task == "regression" and data.y.shape == (40, 1)
    assert data.grid(7).shape == (7, 1)
    with pytest.raises(InputError, match="need x2") as e:
        make_data(DataSpec(dataset="curve", features=("x1", "x2")))
    assert e.value.field == "features"


def test_grid_covers_the_data_from_the_top_row_down():
    data = make_data(DataSpec(dataset="blobs", points=60))
    (x0, x1), (y0, y1) = data.bounds()
    assert x0 < data.raw[:, 0].min() and data.raw[:, 1].max() < y1
    grid = data.grid(5)
    assert grid.shape == (25, 2)
    assert grid[0, 1] == pytest.approx(y1) and grid[-1, 1] == pytest.approx(y0)
    assert grid[0, 0] == pytest.approx(x0) and grid[4, 0] == pytest.approx(x1)


def test_csv_needs_an_upload():
    with pytest.raises(InputError, match="upload") as e:
        make_data(DataSpec(dataset="csv"))
    assert e.value.field == "dataset"


@pytest.mark.parametrize("dataset", ["xor", "curve"])
def test_written_csv_reads_back_exactly(tmp_path, dataset):
    features = ("x1", "x1_sq", "sin_x1") if dataset == "curve" else ("x1", "x2", "x1_x2")
    data = make_data(DataSpec(dataset=dataset, points=80, features=features))
    path = tmp_path / "rows.csv"
    data.write_csv(str(path))
    table = datasets.load_csv(str(path), data.target)
    assert table.feature_names == list(features)
    np.testing.assert_array_equal(table.X, data.X)
    np.testing.assert_array_equal(table.y, data.y)
