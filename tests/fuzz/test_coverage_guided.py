"""The coverage-guided fuzzer (``coverage_guided.py``, atheris) over each reader: a short run
in every test run where atheris is installed (the test extra installs it on Linux), the long
one under ``NEURALGRAD_LONG=1``. A run fails when any input raises anything but the library's
own error, or pushes the process past 1 GB of memory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from scale import trials

pytest.importorskip("atheris")

SCRIPT = Path(__file__).with_name("coverage_guided.py")


@pytest.mark.parametrize("target", ["model", "idx", "csv"])
def test_coverage_guided_fuzzing_finds_no_crash(target: str, tmp_path: Path) -> None:
    runs = trials(400, 100_000)
    flags = [f"-atheris_runs={runs}", "-rss_limit_mb=1024", "-max_len=4096", "-seed=1"]
    done = subprocess.run(
        [sys.executable, str(SCRIPT), target, *flags, f"-artifact_prefix={tmp_path}/"],
        capture_output=True,
        text=True,
        env={**os.environ, "OPENBLAS_NUM_THREADS": "1"},
        timeout=3600,
    )
    crashes = list(tmp_path.glob("crash-*")) + list(tmp_path.glob("oom-*"))
    assert done.returncode == 0 and not crashes, done.stderr[-4000:]
    assert "Done" in done.stderr  # libFuzzer's summary: the runs happened
