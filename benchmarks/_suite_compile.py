"""What the fused kernels cost once per process: importing Numba, and the first training step of
a small MLP with Adam (ReLU, cross-entropy: every kind of kernel) compiling them into an empty
cache, then loading them from that cache in a later process. Each in a fresh process.

    python benchmarks/_suite_compile.py            # prints one JSON line
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

STEP = """
import time
t0 = time.perf_counter()
import neuralgrad as ng
from neuralgrad import _fused
t1 = time.perf_counter()
model = ng.nn.Sequential(ng.nn.Linear(8, 16), ng.nn.ReLU(), ng.nn.Linear(16, 3))
opt = ng.optim.Adam(model.parameters(), lr=1e-3)
x, y = ng.randn(32, 8), ng.randint(0, 3, (32,))
def step():
    opt.zero_grad()
    ng.nn.functional.cross_entropy(model(x), y).backward()
    opt.step()
s = time.perf_counter(); step(); first = time.perf_counter() - s
s = time.perf_counter(); step(); second = time.perf_counter() - s
print(first - second, t1 - t0, _fused.numba_enabled())
"""


def _run(code: str, env: dict[str, str]) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return out.stdout.split()


def compile_cost() -> dict[str, float | None]:
    """Seconds: ``import numba``; the first step's extra time compiling into an empty cache
    (``cold``) and loading from it (``cached``); ``import neuralgrad`` for comparison."""
    try:
        (numba_import,) = _run(
            "import time; t = time.perf_counter(); import numba; print(time.perf_counter() - t)",
            dict(os.environ),
        )
    except subprocess.CalledProcessError:
        return {"numba_import_s": None, "cold_s": None, "cached_s": None, "ng_import_s": None}
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, NUMBA_CACHE_DIR=cache)
        cold, ng_import, on = _run(STEP, env)
        cached, _, _ = _run(STEP, env)
    if on != "True":
        return {"numba_import_s": None, "cold_s": None, "cached_s": None, "ng_import_s": None}
    return {
        "numba_import_s": float(numba_import),
        "cold_s": float(cold),
        "cached_s": float(cached),
        "ng_import_s": float(ng_import),
    }


def describe(cost: dict[str, float | None]) -> str:
    """One header line."""
    if cost.get("cold_s") is None:
        return "fused kernels: off (Numba not installed or NEURALGRAD_NUMBA=0)"
    return (
        f"fused kernels, paid once per process: import numba {cost['numba_import_s']:.2f} s; "
        f"first Adam/ReLU/cross-entropy step +{cost['cold_s']:.2f} s compiling into an empty "
        f"cache, +{cost['cached_s']:.2f} s loading from the cache (import neuralgrad "
        f"{cost['ng_import_s']:.2f} s)"
    )


if __name__ == "__main__":
    print(json.dumps(compile_cost()))
