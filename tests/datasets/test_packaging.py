"""The shipped image files are part of the built wheel and loads from an installed copy (not
from the source tree); so is the playground's page (its static files)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import neuralgrad, numpy as np
from neuralgrad.datasets import load_digits, load_mnist_sample
X, y = load_digits()
assert X.shape == (1797, 64) and np.bincount(y).min() == 174
X, y = load_mnist_sample()
assert X.shape == (5000, 784) and np.bincount(y).min() == 500
print(neuralgrad.__file__)
"""


def test_digits_load_from_built_wheel(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(
        ROOT / "src", src / "src", ignore=shutil.ignore_patterns("*.egg-info", "__pycache__")
    )
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    wheel = next((tmp_path / "dist").glob("neuralgrad-*.whl"))
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        assert "neuralgrad/datasets/data/digits.npz" in names
        assert "neuralgrad/datasets/data/mnist_sample.npz" in names
        assert "neuralgrad/datasets/data/README.md" in names  # the credit travels with it
        static = ROOT / "src" / "neuralgrad" / "playground" / "static"
        for page_file in static.rglob("*.*"):
            assert f"neuralgrad/playground/static/{page_file.relative_to(static)}" in names
        z.extractall(tmp_path / "site")
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=env,
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert Path(out.stdout.strip()).is_relative_to(tmp_path / "site")
