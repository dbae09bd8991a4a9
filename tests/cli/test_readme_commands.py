"""The README's command-line section runs as written, in order, from the main job's output
(the main job in its ``--quick`` form): every command exits 0."""

import re
import shlex
from pathlib import Path

import pytest

from neuralgrad.cli import main

README = Path(__file__).resolve().parents[2] / "README.md"


def _section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"## {title}")
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else None]


def readme_commands() -> list[list[str]]:
    """The indented ``neuralgrad ...`` lines of the CLI section, comments removed."""
    section = _section("Command line, scikit-learn, hyperparameter search")
    lines = re.findall(r"^    (neuralgrad .*)$", section, re.M)
    return [shlex.split(line, comments=True)[1:] for line in lines]


def test_the_main_job_is_the_clis_train_digits():
    first = re.search(r"^    (bash scripts/train\.sh .*)$", README.read_text(), re.M).group(1)
    assert first == "bash scripts/train.sh --out runs/digits"
    script = (README.parent / "scripts" / "train.sh").read_text()
    assert 'exec "$PY" -m neuralgrad train digits "$@"' in script


def test_readme_cli_section_runs_in_order(tmp_path, monkeypatch, capsys):
    pytest.importorskip("matplotlib")
    commands = readme_commands()
    assert len(commands) >= 8
    assert {c[0] for c in commands} >= {"summary", "evaluate", "predict", "resume", "train"}
    monkeypatch.chdir(tmp_path)
    assert main(["train", "digits", "--out", "runs/digits", "--quick", "--verbose", "0"]) == 0
    for args in commands:
        status = main([*args, "--verbose", "0"] if args[0] in ("train", "resume") else args)
        err = capsys.readouterr().err
        assert status == 0, f"neuralgrad {' '.join(args)}: {err}"
    assert (tmp_path / "predictions.csv").stat().st_size > 0
    assert (tmp_path / "runs" / "digits-again" / "run.json").exists()
