"""Memory the suite reports beside tracemalloc's peaks, each measured in a fresh process so that
every system is measured the same way and none inherits another's freed memory:

* the peak RSS increase of one system over steps of one workload after its first step (the
  model, optimizer, data and what the first step pays once already there), for every system;
* the growth of neuralgrad's traced heap from step 1,000 to step 10,000 of W2 b1 and W3,
  eager and captured (the NumPy floor alongside): a leak shows here.

    python benchmarks/_suite_memory.py peak "W3 2-16-16-1 tanh mse b32 sgd" torch
    python benchmarks/_suite_memory.py growth
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import tracemalloc
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PEAK_STEPS = 4
GROWTH_FROM, GROWTH_TO = 1_000, 10_000


def _step_of(workload: str, system: str) -> Any:
    """A zero-argument training step of ``workload`` (a suite label) for ``system`` alone."""
    import _suite_peers as peers
    from _suite_nets import NumpyStep, captured_step, make_data, nn_step
    from _suite_workloads import MLP_WORKLOADS

    if workload.startswith("W5"):
        import _suite_fit

        return _suite_fit.DigitsJob(system, _suite_fit.digits_data(), 1)
    net = next(n for rows in MLP_WORKLOADS.values() for label, n, _ in rows if label == workload)
    d = make_data(net)
    if system in ("ng", "ngc", "torch"):
        import neuralgrad as ng

        mod = ng
        if system == "torch":
            import torch as mod
        return (captured_step if system == "ngc" else nn_step)(mod, net, d)
    builders = {"numpy": NumpyStep, "jax": peers.jax_step, "sklearn": peers.sklearn_step}
    return builders[system](net, d)


def peak_in_this_process(workload: str, system: str) -> float:
    """Peak RSS increase in MiB over ``PEAK_STEPS`` steps after a first one (which pays once:
    kernels compiled or loaded, JAX's step traced)."""
    from _suite_measure import peak_rss_during

    step = _step_of(workload, system)
    step()
    gc.collect()
    return peak_rss_during(lambda: [step() for _ in range(PEAK_STEPS)])[1]


def growth_in_this_process() -> dict[str, float]:
    """KiB of traced heap gained from step 1,000 to step 10,000, per workload and system."""
    from _suite_workloads import MLP_WORKLOADS

    out = {}
    for label, _, _ in MLP_WORKLOADS["W2"][:2] + MLP_WORKLOADS["W3"]:  # W2 b1, W3
        for system in ("numpy", "ng", "ngc"):
            step = _step_of(label, system)
            tracemalloc.start()
            for _ in range(GROWTH_FROM):
                step()
            gc.collect()
            before = tracemalloc.get_traced_memory()[0]
            for _ in range(GROWTH_TO - GROWTH_FROM):
                step()
            gc.collect()
            after = tracemalloc.get_traced_memory()[0]
            tracemalloc.stop()
            out[f"{label} {system}"] = (after - before) / 1024
    return out


def _child(args: list[str], env: dict[str, str]) -> Any:
    out = subprocess.run(
        [sys.executable, str(HERE / "_suite_memory.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if out.returncode != 0:
        return None
    return json.loads(out.stdout.strip().splitlines()[-1])


def fresh_peaks(workloads: dict[str, list[str]], env: dict[str, str]) -> dict[str, dict]:
    """``{workload: {system: MiB}}``, each measured in its own process (None: it failed)."""
    return {
        w: {s: _child(["peak", w, s], env) for s in systems} for w, systems in workloads.items()
    }


def fresh_growth(env: dict[str, str]) -> dict[str, float] | None:
    """``growth_in_this_process`` run in a fresh process."""
    return _child(["growth"], env)


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    if sys.argv[1] == "peak":
        print(json.dumps(peak_in_this_process(sys.argv[2], sys.argv[3])))
    else:
        print(json.dumps(growth_in_this_process()))
