"""preprocessing: ``LabelEncoder`` (labels of any kind <-> ids, unknown labels named) and
``FeatureEncoder`` (table columns, one-hot text columns, unseen categories named)."""

import numpy as np
import pytest

from neuralgrad.datasets.table import read_table
from neuralgrad.errors import InputError
from neuralgrad.preprocessing import FeatureEncoder, LabelEncoder


def test_label_encoder_round_trip_and_order():
    enc = LabelEncoder().fit(["b", "a", "c", "a"])
    assert enc.classes == ["a", "b", "c"] and len(enc) == 3
    ids = enc.transform(["c", "a"])
    assert ids.dtype == np.int64 and ids.tolist() == [2, 0]
    assert enc.inverse_transform(ids).tolist() == ["c", "a"]
    numbers = LabelEncoder().fit([10, 2, 33])
    assert numbers.classes == [2, 10, 33]  # numeric order, not text order
    assert LabelEncoder.from_state(numbers.state_dict()).classes == [2, 10, 33]


def test_label_encoder_names_unknown_labels():
    enc = LabelEncoder([0, 1])
    with pytest.raises(InputError, match=r"data.csv: label\(s\) \[7\] are not among the classes"):
        enc.transform([0, 7, 1], "data.csv")
    with pytest.raises(InputError, match=r"\['x'\] are not among"):
        enc.transform(np.array(["x"]))


def test_feature_encoder_one_hot_and_state(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("size,colour,y\n1,red,a\n2,blue,b\n3,red,a\n")
    table = read_table(path)
    enc = FeatureEncoder.fit(table, ["colour", "size"], onehot=True)
    assert enc.feature_names == ["colour=blue", "colour=red", "size"]
    X = enc.transform(table)
    np.testing.assert_array_equal(X, [[0, 1, 1], [1, 0, 2], [0, 1, 3]])
    again = FeatureEncoder.from_state(enc.state_dict())
    np.testing.assert_array_equal(again.transform(table), X)
    other = tmp_path / "o.csv"
    other.write_text("size,colour\n1,green\n")
    with pytest.raises(InputError, match=r"row 1 \(line 2\) is 'green', a category not seen"):
        enc.transform(read_table(other))
    assert FeatureEncoder.numeric(3, "p").feature_names == ["p0", "p1", "p2"]
