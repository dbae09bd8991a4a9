"""Fuzzing run directories through the command line: one file of a trained run (its
description, recipe, weights, preprocessing, checkpoint or history) edited by seeded byte or
structure edits, then ``summary``, ``evaluate``, ``predict`` or ``resume`` run on it. Each
must succeed or print one line and exit 2; a traceback (exit 1) fails the test."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path

import numpy as np

import neuralgrad as ng
from neuralgrad.cli import main
from scale import trials

from .mutate import mutate_bytes, mutate_value

FILES = (
    "run.json",
    "recipe.json",
    "model.ng",
    "preprocessing.ng",
    "checkpoint.ng",
    "history.json",
)


def _cli(*args: str) -> tuple[int, str]:
    """``neuralgrad *args`` in this process: (exit status, stderr)."""
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        status = main(list(args))
    return status, err.getvalue()


def trained_run(folder: Path) -> tuple[Path, Path]:
    """A small run on the built-in moons, and a CSV of its features to predict."""
    run = folder / "base"
    status, err = _cli("train", "moons", "--hidden", "8", "--epochs", "3", "--out", str(run))
    assert status == 0, err
    rows = np.random.default_rng(0).normal(size=(20, 2))
    csv = folder / "new.csv"
    csv.write_text("x0,x1\n" + "".join(f"{a:.3f},{b:.3f}\n" for a, b in rows))
    return run, csv


def _edit_file(path: Path, r: np.random.Generator) -> None:
    data = path.read_bytes()
    if r.random() < 0.3:
        path.write_bytes(mutate_bytes(data, r))
    elif path.suffix == ".json":
        path.write_text(json.dumps(mutate_value(json.loads(data), r)))
    else:
        ng.save(mutate_value(ng.load(path), r), path)


def run_fuzz(n: int, seed: int, folder: Path) -> dict[int, int]:
    base, csv = trained_run(folder)
    r = np.random.default_rng(seed)
    statuses = {0: 0, 2: 0}
    case_dir = folder / "case"
    for case in range(n):
        shutil.rmtree(case_dir, ignore_errors=True)
        shutil.copytree(base, case_dir)
        _edit_file(case_dir / FILES[case % len(FILES)], r)
        command = [
            ("summary", str(case_dir)),
            ("evaluate", str(case_dir), "moons"),
            ("predict", str(case_dir), str(csv), "--out", str(folder / "p.csv")),
            ("resume", str(case_dir), "--epochs", "4", "--verbose", "0"),
        ][(case // len(FILES)) % 4]
        status, err = _cli(*command)
        where = f"case {case} (seed {seed}, {FILES[case % len(FILES)]}, {command[0]})"
        assert status in (0, 2), f"{where}: exit {status}\n{err}"
        if status == 2:
            lines = [line for line in err.splitlines() if line.strip()]
            assert len(lines) == 1 and lines[0].startswith("neuralgrad: error: "), f"{where}: {err}"
        statuses[status] += 1
    return statuses


def test_edited_run_directories_give_results_or_one_line_errors(tmp_path: Path) -> None:
    statuses = run_fuzz(trials(48, 600), seed=14, folder=tmp_path)
    assert statuses[2] > 0 and statuses[0] > 0
