"""datasets.table: CSV files through pandas with the separator sniffed, cells kept as text,
column kinds, and every problem named by column, row and line."""

import os

import pytest

from neuralgrad.datasets import load_csv
from neuralgrad.datasets.table import read_table, sniff_separator
from neuralgrad.errors import InputError


def _write(tmp_path, text, name="t.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    "header, sep",
    [("a,b,c", ","), ("a;b;c", ";"), ("a\tb\tc", "\t"), ('"x;y",b', ","), ("only", ",")],
)
def test_sniff_separator(header, sep):
    assert sniff_separator(header) == sep


def test_kinds_and_line_numbers(tmp_path):
    text = "\nn;f;t;e;x\n1;1.5;a;;nan\n\n-2;151.0;b;;2\n"
    table = read_table(_write(tmp_path, text))
    assert table.sep == ";" and table.header == ["n", "f", "t", "e", "x"] and len(table) == 2
    assert [table.kind(c) for c in table.header] == ["integer", "float", "text", "text", "float"]
    assert table.lines == [3, 5]
    assert table.numbers("f").tolist() == [1.5, 151.0]
    with pytest.raises(InputError, match=r"column 'x', row 1 \(line 3\) is 'nan', not a finite"):
        table.numbers("x")
    with pytest.raises(InputError, match=r"column 'e', row 1 \(line 3\) is empty \(a missing"):
        table.text("e")


def test_quoted_line_breaks_drop_line_numbers(tmp_path):
    table = read_table(_write(tmp_path, 'a,b\n"two\nlines",1\nx,2\n'))
    assert table.lines is None and table.cells("a").tolist() == ["two\nlines", "x"]
    with pytest.raises(InputError, match=r"column 'a', row 1 is 'two\\nlines'"):
        table.numbers("a")


@pytest.mark.parametrize(
    "text, match",
    [
        ("", "is empty: expected a header row"),
        ("a,b\n", "has a header but no data rows"),
        ("a,a\n1,2\n", r"duplicate column names \['a'\]"),
        ("a,,c\n1,2,3\n", "column 2 of the header has no name"),
        ("a,b\n1,2\n3,4,5\n", "Expected 2 fields in line 3, saw 3"),
    ],
)
def test_malformed_files(tmp_path, text, match):
    with pytest.raises(InputError, match=match):
        read_table(_write(tmp_path, text))


def test_missing_columns_and_a_separator_hint(tmp_path):
    table = read_table(_write(tmp_path, "a;b\n1;2\n"), sep=",")
    with pytest.raises(InputError, match=r"\['b'\] not found; the columns are \['a;b'\]"):
        table.require(["b"])
    with pytest.raises(InputError, match="looks ';'-separated"):
        table.require(["b"])
    with pytest.raises(InputError, match="sep must be one character"):
        read_table(tmp_path / "t.csv", sep=";;")
    with pytest.raises(InputError, match="no such file"):
        read_table(tmp_path / "none.csv")
    with pytest.raises(InputError, match="is a directory, not a CSV file"):
        read_table(tmp_path)
    if os.path.exists("/dev/zero"):
        with pytest.raises(InputError, match="character device"):
            read_table("/dev/zero")  # would read until memory runs out


def test_huge_cells_and_header_fields_are_reported_in_short(tmp_path):
    path = _write(tmp_path, "a,b\n" + "x" * 200_000 + ",1\n2,3\n")
    with pytest.raises(InputError, match=r"is 'xxxx.*\.\.\.' \(200002 characters\)") as err:
        load_csv(path, "b")
    assert len(str(err.value)) < 400
    header = _write(tmp_path, "a" * 200_000 + ",b\n1,2\n3,4\n", "wide.csv")
    assert read_table(header).header[1] == "b"  # past the csv module's field size limit
