"""Shared helpers for the CLI tests: generated CSV files and running the command line."""

import subprocess
import sys

import numpy as np
import pytest

from neuralgrad.cli import main


def write_csv(path, header, rows):
    path.write_text(",".join(header) + "\n" + "".join(",".join(map(str, r)) + "\n" for r in rows))
    return path


def classification_csv(path, n=240, seed=0):
    """Two numeric features and a colour; the label ('yes'/'no') depends on all three."""
    g = np.random.default_rng(seed)
    x1, x2 = g.normal(size=n), g.normal(size=n)
    colour = g.choice(["red", "green", "blue"], size=n)
    label = np.where(x1 + x2 + 2.0 * (colour == "red") > 0.5, "yes", "no")
    rows = [(f"{a:.4f}", f"{b:.4f}", c, lab) for a, b, c, lab in zip(x1, x2, colour, label)]
    return write_csv(path, ["x1", "x2", "colour", "label"], rows)


def regression_csv(path, n=200, seed=0):
    g = np.random.default_rng(seed)
    a, b = g.normal(size=n), g.normal(size=n)
    y = 2 * a - b + 0.05 * g.normal(size=n)
    return write_csv(
        path, ["a", "b", "y"], [(f"{p:.4f}", f"{q:.4f}", f"{t:.4f}") for p, q, t in zip(a, b, y)]
    )


def cli(*args, capsys):
    """Run ``neuralgrad *args`` in this process: (exit status, stdout, stderr)."""
    status = main([str(a) for a in args])
    out = capsys.readouterr()
    return status, out.out, out.err


def cli_subprocess(*args, cwd=None):
    """Run ``python -m neuralgrad *args`` in a fresh interpreter."""
    return subprocess.run(
        [sys.executable, "-m", "neuralgrad", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def assert_bad_input(status, err, *fragments):
    """Exit status 2 and one line on stderr, without a traceback, containing ``fragments``."""
    assert status == 2, err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("neuralgrad: error: "), err
    for f in fragments:
        assert f in lines[0], lines[0]


def need_toml():
    """The TOML reader the CLI uses (``tomllib``, or ``tomli`` on Python 3.10), else skip."""
    return pytest.importorskip("tomllib" if sys.version_info >= (3, 11) else "tomli")
