"""Readers under a real memory limit: in a subprocess whose address space may grow by only
200 MB past what the imports took (``RLIMIT_AS``), hostile files that declare far more data than
they hold are refused with the library's own error instead of allocating what they declare,
and an honest 8 MB model file still loads (so the limit is not what refuses the others)."""

from __future__ import annotations

import gzip
import json
import math
import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

resource = pytest.importorskip("resource")
if not Path("/proc/self/status").exists():  # the limit is set from the process's own size
    pytest.skip("needs /proc (Linux)", allow_module_level=True)

LIMIT_MB = 200

_RUN_UNDER_LIMIT = f"""
import resource, sys
import numpy as np
import neuralgrad as ng
from neuralgrad.datasets.idx import read_idx
from neuralgrad.errors import InputError

size = next(int(line.split()[1]) * 1024 for line in open("/proc/self/status")
            if line.startswith("VmSize:"))
resource.setrlimit(resource.RLIMIT_AS, (size + {LIMIT_MB} << 20, resource.RLIM_INFINITY))
kind, path = sys.argv[1], sys.argv[2]
try:
    out = ng.load(path) if kind == "model" else read_idx(path)
except InputError as e:
    print("refused:", type(e).__name__, e)
except MemoryError:
    print("out of memory")
else:
    print("loaded", sum(np.asarray(v).nbytes for v in out.values()) if kind == "model"
          else out.nbytes)
"""


def _under_limit(kind: str, path: Path) -> str:
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    done = subprocess.run(
        [sys.executable, "-c", _RUN_UNDER_LIMIT, kind, str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


def _safetensors(path: Path, shape: list[int], data: bytes) -> Path:
    """A safetensors file whose header declares one float32 tensor of ``shape`` over ``data``."""
    n = 4 * math.prod(shape)
    header = {"w": {"dtype": "F32", "shape": shape, "data_offsets": [0, n]}}
    text = json.dumps(header).encode()
    path.write_bytes(struct.pack("<Q", len(text)) + text + data)
    return path


def test_an_honest_model_file_loads_under_the_limit(tmp_path: Path) -> None:
    import neuralgrad as ng

    ng.save({"w": ng.zeros(2_000_000)}, tmp_path / "honest.ng")  # 8 MB of data
    assert _under_limit("model", tmp_path / "honest.ng") == "loaded 8000000"


@pytest.mark.parametrize("shape", [[10**9], [2**20, 2**20], [2**62]])
def test_a_model_file_declaring_more_than_it_holds_is_refused(tmp_path: Path, shape) -> None:
    path = _safetensors(tmp_path / "liar.safetensors", shape, b"\0" * 4096)
    out = _under_limit("model", path)
    assert out.startswith("refused: SerializationError"), out
    assert "liar.safetensors" in out


def test_a_gzip_idx_file_declaring_gigabytes_is_refused(tmp_path: Path) -> None:
    # IDX: magic (0, 0, dtype 0x08 = uint8, 3 dims), then the dims; 2 GB declared, 1 MB held
    header = struct.pack(">BBBB", 0, 0, 0x08, 3) + struct.pack(">III", 2000, 1000, 1000)
    path = tmp_path / "bomb-idx3-ubyte.gz"
    path.write_bytes(gzip.compress(header + b"\0" * (1 << 20)))
    out = _under_limit("idx", path)
    assert out.startswith("refused:"), out
    assert "bomb-idx3-ubyte.gz" in out
