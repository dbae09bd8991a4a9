"""playground.upload: a learner's CSV, read by the library's CSV reader and held to the
playground's bounds, with errors that name the file as the learner called it."""

import numpy as np
import pytest

from neuralgrad.errors import InputError
from neuralgrad.playground import limits
from neuralgrad.playground.upload import read_upload


def _rows(n, classes=2):
    g = np.random.default_rng(0)
    return "x1,x2,label\n" + "".join(
        f"{g.normal():.4f},{g.normal():.4f},c{i % classes}\n" for i in range(n)
    )


def test_points_with_text_labels():
    table = read_upload("mine.csv", _rows(30, 3))
    assert table.raw.shape == (30, 2) and table.task == "classification"
    assert table.labels.classes == ["c0", "c1", "c2"] and table.inputs == ["x1", "x2"]


def test_a_curve():
    text = "x,y\n" + "".join(f"{v},{np.sin(v):.5f}\n" for v in np.linspace(-3, 3, 25))
    table = read_upload("curve.csv", text)
    assert table.task == "regression" and table.raw.shape == (25, 1) and table.y.shape == (25, 1)


@pytest.mark.parametrize(
    ("name", "text", "match"),
    [
        ("empty.csv", "", "empty.csv is empty"),
        ("blank.csv", "\n  \n", "blank.csv is empty"),
        ("wide.csv", "a,b,c,d\n1,2,3,4\n", "4 columns"),
        ("few.csv", "x1,x2,label\n1,2,a\n3,4,b\n", "2 rows"),
        ("bad.csv", _rows(20) + "abc,1.0,c0\n", "bad.csv.*'abc'"),
        ("many.csv", _rows(40, 9), "9 classes"),
        ("../../etc/passwd", "", "passwd is empty"),
    ],
)
def test_bad_files(name, text, match):
    with pytest.raises(InputError, match=match) as e:
        read_upload(name, text)
    assert e.value.field == "csv"
    assert "/tmp" not in str(e.value)  # the copy the reader read is never named


def test_too_big():
    text = "x,y\n" + "1,2\n" * (limits.MAX_CSV_BYTES // 4 + 1)
    with pytest.raises(InputError, match="bytes"):
        read_upload("big.csv", text)
