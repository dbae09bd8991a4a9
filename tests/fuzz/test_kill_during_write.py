"""Saves killed mid-write (SIGKILL at seeded moments in a child process that saves in a loop):
the file always loads as one of the saved versions, and the next save to the path leaves no
temporary file behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

import neuralgrad as ng
from scale import trials

_WRITER = """
import sys, neuralgrad as ng
path = sys.argv[1]
i = 0
while True:
    i += 1
    ng.save({"version": i, "w": ng.full((2_000_000,), float(i))}, path)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_killed_save_keeps_a_whole_file_and_the_next_save_cleans_up(tmp_path: Path) -> None:
    path = tmp_path / "model.ng"
    ng.save({"version": 0, "w": ng.full((2_000_000,), 0.0)}, path)
    r = np.random.default_rng(14)
    for _ in range(trials(3, 50)):
        child = subprocess.Popen([sys.executable, "-c", _WRITER, str(path)])
        time.sleep(0.6 + float(r.uniform(0, 0.6)))  # the import, then somewhere in a save
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        state = ng.load(path)  # a whole file: the previous version or the new one
        assert bool((state["w"] == float(state["version"])).all())
        ng.save(state, path)  # the next save removes what the killed one left
        assert [p.name for p in tmp_path.iterdir()] == ["model.ng"]
