"""The compatibility suite: short programs in the style of published PyTorch tutorials
(``scripts/``), each run unchanged under ``neuralgrad run`` and under PyTorch itself, with their
printed outputs compared (text equal, numbers to PyTorch's printed precision or rtol 1e-4)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .outputs import mismatches

HERE = Path(__file__).parent
SCRIPTS = sorted((HERE / "scripts").glob("*.py"))
IDS = [s.stem for s in SCRIPTS]


@pytest.fixture(scope="module")
def torch_outputs(tmp_path_factory):
    """Every script's output under PyTorch (one process for all of them)."""
    pytest.importorskip("torch")
    out = tmp_path_factory.mktemp("torch")
    cmd = [sys.executable, str(HERE / "torch_reference.py"), str(out), *map(str, SCRIPTS)]
    subprocess.run(cmd, check=True, timeout=300)
    return {s.stem: (out / f"{s.stem}.txt").read_text() for s in SCRIPTS}


@pytest.fixture(scope="module")
def neuralgrad_runs(tmp_path_factory):
    """Every script run by ``python -m neuralgrad run`` in a folder of its own."""
    runs = {}
    for script in SCRIPTS:
        work = tmp_path_factory.mktemp(script.stem)
        cmd = [sys.executable, "-m", "neuralgrad", "run", str(script)]
        runs[script.stem] = subprocess.run(
            cmd, cwd=work, capture_output=True, text=True, timeout=300
        )
    return runs


def test_there_are_scripts():
    assert len(SCRIPTS) >= 5


@pytest.mark.parametrize("name", IDS)
def test_script_runs_unchanged_under_neuralgrad(name, neuralgrad_runs):
    run = neuralgrad_runs[name]
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() and not run.stderr


@pytest.mark.parametrize("name", IDS)
def test_script_prints_what_pytorch_prints(name, neuralgrad_runs, torch_outputs):
    problems = mismatches(neuralgrad_runs[name].stdout, torch_outputs[name])
    assert not problems, f"{name}:\n" + "\n".join(problems[:10])


def test_the_comparison_catches_differences():
    assert mismatches("loss 0.1234\n", "loss 0.1235\n") == []  # the last printed digit
    assert (
        mismatches("tensor(1., grad_fn=<MulBackward>)", "tensor(1., grad_fn=<MulBackward0>)") == []
    )
    assert mismatches("loss 0.1234\n", "loss 0.1240\n")
    assert mismatches("torch.float32\n", "torch.float64\n")
    assert mismatches("a\nb\n", "a\n")
    assert mismatches("x 1.5e-05\n", "x 1.8e-05\n")
