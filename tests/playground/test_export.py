"""playground.export: the exported script reproduces the page's run (same data, recipe, seed
and batches: the same losses) in a fresh interpreter, and its command line trains the same
recipe on the same rows to the same weights."""

import os
import re
import shlex
import subprocess
import sys

import numpy as np
import pytest

from neuralgrad.playground.data import DataSpec, make_data
from neuralgrad.playground.export import export_run
from neuralgrad.playground.form import recipe_of
from neuralgrad.playground.live import LiveRun
from neuralgrad.playground.upload import read_upload


def run_script(script: str, folder, *args: str) -> str:
    """Run an exported script in a fresh interpreter; its standard output."""
    path = folder / "exported.py"
    path.write_text(script)
    done = subprocess.run(
        [sys.executable, str(path), *args], capture_output=True, text=True, cwd=folder, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def printed_scores(output: str) -> dict[str, dict[str, float]]:
    """``{"train": {"loss": ..., ...}, "test": {...}}`` from the script's two lines."""
    out = {}
    for line in output.strip().splitlines()[-2:]:
        name, *pairs = line.split()
        out[name] = {k: float(v) for k, v in zip(pairs[::2], pairs[1::2])}
    return out


def _live(data_fields, model, batches):
    spec = DataSpec(**data_fields)
    run = LiveRun(recipe_of(model, spec), make_data(spec))
    for _ in range(batches):
        run.step()
    return run


@pytest.mark.parametrize(
    ("data_fields", "model", "batches"),
    [
        ({"dataset": "spirals", "points": 200}, {"hidden": [8, 8], "dropout": 0.1}, 47),
        (
            {"dataset": "curve", "features": ("x1", "sin_x1")},
            {"hidden": [6], "optimizer": "sgd", "schedule": "onecycle", "epochs": 5},
            90,
        ),
        (
            {"dataset": "circles", "normalise": False, "features": ("x1_sq", "x2_sq")},
            {"hidden": [], "loss": "hinge", "l1": 0.01, "norm": "batch"},
            0,
        ),
    ],
)
def test_the_script_reproduces_the_losses(tmp_path, data_fields, model, batches):
    run = _live(data_fields, model, batches)
    exported = export_run(run)
    assert exported["filename"].endswith(".py") and f"BATCHES = {batches}" in exported["script"]
    got = printed_scores(run_script(exported["script"], tmp_path))
    for part, scores in run.scores().items():
        for key, value in scores.items():
            assert abs(got[part][key] - value) <= 1e-6 * max(1.0, abs(value)), (part, key)


def test_an_uploaded_table_is_read_from_its_file(tmp_path):
    g = np.random.default_rng(1)
    text = "a,b,kind\n" + "".join(
        f"{x:.3f},{y:.3f},{'in' if x * x + y * y < 1 else 'out'}\n"
        for x, y in g.normal(0, 1, (80, 2))
    )
    (tmp_path / "mine.csv").write_text(text)
    table = read_upload("mine.csv", text)
    spec = DataSpec(dataset="csv")
    run = LiveRun(recipe_of({"hidden": [5]}, spec), make_data(spec, table))
    for _ in range(9):
        run.step()
    exported = export_run(run, "mine.csv")
    assert "--data mine.csv" in exported["script"]
    got = printed_scores(run_script(exported["script"], tmp_path))
    assert got["test"]["loss"] == pytest.approx(run.scores()["test"]["loss"], abs=1e-6)


def test_the_command_line_trains_the_same_recipe_to_the_same_weights(tmp_path):
    from neuralgrad.cli import main
    from neuralgrad.rundir import load_run

    run = _live(
        {"dataset": "moons", "points": 90, "train_ratio": 0.7},
        {"hidden": [4], "activation": "relu", "schedule": "cosine", "epochs": 3},
        0,
    )
    while run.step():
        pass
    exported = export_run(run)
    printed = run_script(exported["script"], tmp_path, "--csv", "rows.csv")
    assert "wrote 90 rows" in printed
    command = exported["command"]
    assert re.search(r"--test 0\.3\d* ", command) and "--epochs 3" in command
    args = shlex.split(command)[1:]
    args[args.index("playground_moons.csv")] = str(tmp_path / "rows.csv")
    out = tmp_path / "run"
    assert main([*args, "--out", str(out), "--verbose", "0"]) == 0
    saved = load_run(str(out)).model
    for a, b in zip(saved.parameters(), run.model.parameters()):
        np.testing.assert_array_equal(a.detach().numpy(), b.detach().numpy())
    assert os.path.exists(out / "metrics.json")
