"""Interleaved micro-benchmark timing, shared by the scripts in ``benchmarks/``.

Why interleave: on a shared, noisy machine (tests running beside us, CPU clocks moving),
timing system A for a while and then system B lets any drift land on one side only. Here
every repeat runs one timed loop of each system in turn (A B C A B C ...) and each system
reports the median over repeats, so drift hits all systems alike and the *ratios* between
them stay meaningful even when the absolute numbers wander.

Each timed loop calls ``fn()`` ``n`` times, with ``n`` calibrated per system so one loop
lasts about ``target_s``. The garbage collector stays enabled inside the loops (unlike
``timeit``): an autograd engine that allocates Python objects per op really does pay for
collections, and hiding that would flatter it. ``gc.collect()`` runs before every loop so
each one starts from the same state, and the objects alive when timing starts (imported
modules: torch alone brings hundreds of thousands) are frozen out of the collector, so one
system's import does not slow another system's collections nor make each collect ~0.1 s.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import math
import os
import platform
import statistics
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Case:
    """One system's version of a workload.

    ``fn()`` performs exactly one op (or one model step). ``context`` is entered once
    around each timed loop (e.g. ``torch.no_grad``), so its own cost is not counted per op.
    """

    name: str
    fn: Callable[[], object]
    context: Callable[[], AbstractContextManager] = nullcontext


@dataclass(frozen=True)
class Timing:
    """Seconds per call of one case: one sample per repeat, and the loop length used."""

    name: str
    iters: int
    samples: tuple[float, ...]

    @property
    def median(self) -> float:
        """Median seconds per call over the repeats (robust to a few disturbed loops)."""
        return statistics.median(self.samples)

    @property
    def median_us(self) -> float:
        """Median microseconds per call."""
        return self.median * 1e6

    @property
    def spread(self) -> float:
        """Interquartile range / |median| over the repeats: the cell's noise, robust to one
        disturbed loop (the median ignores those too, so they need not mark the cell)."""
        if len(self.samples) < 2 or not self.median:
            return 0.0
        q1, _, q3 = statistics.quantiles(self.samples, n=4, method="inclusive")
        return (q3 - q1) / abs(self.median)


@dataclass(frozen=True)
class Settings:
    """How long to measure: repeats per case, seconds per timed loop, warm-up seconds."""

    repeats: int = 7
    target_s: float = 0.12
    warmup_s: float = 0.03


def time_loop(case: Case, n: int) -> float:
    """Seconds taken by ``n`` back-to-back calls of ``case.fn`` inside ``case.context``."""
    fn = case.fn
    gc.collect()
    with case.context():
        start = time.perf_counter()
        for _ in itertools.repeat(None, n):
            fn()
        return time.perf_counter() - start


def warm_up(case: Case, seconds: float) -> None:
    """Call the case for about ``seconds`` (at least 3 calls): caches, lazy imports, pools."""
    deadline = time.perf_counter() + seconds
    calls = 0
    while calls < 3 or time.perf_counter() < deadline:
        time_loop(case, 1)
        calls += 1


def calibrate(case: Case, target_s: float) -> int:
    """Number of calls that makes one timed loop of ``case`` last about ``target_s``."""
    n = 1
    while True:
        elapsed = time_loop(case, n)
        if elapsed >= target_s / 10:
            return max(1, math.ceil(n * target_s / elapsed))
        n *= 10 if elapsed < target_s / 100 else 3


def interleaved(cases: list[Case], settings: Settings) -> dict[str, Timing]:
    """Time all ``cases`` interleaved (A B C A B C ...) and return a Timing per case name."""
    gc.collect()
    gc.freeze()
    for case in cases:
        warm_up(case, settings.warmup_s)
    iters = {case.name: calibrate(case, settings.target_s) for case in cases}
    samples: dict[str, list[float]] = {case.name: [] for case in cases}
    for order in rotations(cases, settings.repeats):
        for case in order:
            n = iters[case.name]
            samples[case.name].append(time_loop(case, n) / n)
    return {name: Timing(name, iters[name], tuple(s)) for name, s in samples.items()}


def rotations(cases: list, repeats: int) -> list[list]:
    """The order of each repeat: A B C, then B C A, C A B, ... so that no system always runs
    right after the same one (whose cache and heap state it would inherit)."""
    k = len(cases) or 1
    return [cases[r % k :] + cases[: r % k] for r in range(repeats)]


def call_overhead_us(settings: Settings) -> float:
    """Microseconds the harness itself adds to every call (loop + an empty 2-arg call).

    The same amount sits in every cell of a table, so differences between systems cancel it;
    it is reported so that ratios on sub-microsecond ops can be read with it in mind.
    """
    from functools import partial

    case = Case("empty", partial(lambda a, b: None, 1, 2))
    return interleaved([case], settings)["empty"].median_us


def environment() -> dict[str, object]:
    """What the timings were taken on: versions, cores and thread settings, for the report."""
    import numpy as np

    env: dict[str, object] = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
        "loadavg_1min": round(os.getloadavg()[0], 2),
        "numpy": np.__version__,
        "thread_env": {k: v for k, v in os.environ.items() if k.endswith("_NUM_THREADS")},
    }
    try:
        import torch
    except ImportError:
        env["torch"] = None
    else:
        env["torch"] = torch.__version__
        env["torch_num_threads"] = torch.get_num_threads()
        env["torch_num_interop_threads"] = torch.get_num_interop_threads()
    return env


def header(name_version: str, settings: Settings) -> tuple[dict, list[str], float, str | None]:
    """What a benchmark prints first: the environment (with neuralgrad's ``name_version``), the
    header lines (environment, settings, the harness cost in every cell, a busy warning), that
    harness cost in µs and the warning (None on a quiet machine), repeated under the table."""
    env = environment()
    env["neuralgrad"] = name_version
    overhead = call_overhead_us(settings)
    head = [f"{k}: {v}" for k, v in env.items()]
    head.append(f"settings: {settings}; float32; harness overhead in every cell: {overhead:.3f} µs")
    if warning := busy_warning(env):
        head.append(warning)
    return env, head, overhead, warning


def busy_warning(env: dict[str, object]) -> str | None:
    """A warning when other processes already load every core.

    Multi-threaded libraries (torch's intra-op pool, OpenBLAS) then wait for descheduled
    worker threads, and small ops can take milliseconds instead of microseconds. No warning
    when both already run single-threaded.
    """
    load, cpus = env.get("loadavg_1min"), env.get("cpu_count") or 1
    threads = env.get("thread_env") or {}
    assert isinstance(threads, dict)
    blas_1 = threads.get("OPENBLAS_NUM_THREADS", threads.get("OMP_NUM_THREADS")) == "1"
    if blas_1 and env.get("torch_num_threads") in (None, 1):
        return None  # single-threaded already: nothing waits on other threads
    if isinstance(load, float) and load >= cpus - 0.5:
        return (
            f"WARNING: load average {load} on {cpus} cores: multi-threaded timings may be "
            "inflated; compare with OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1"
        )
    return None


RESULTS = Path(__file__).resolve().parent / "results"


def arg_parser(name: str, doc: str) -> argparse.ArgumentParser:
    """The options every benchmark script shares: ``--quick``, ``--json [PATH]`` and
    ``--markdown [PATH]`` (default paths ``benchmarks/results/<name>.json|md``)."""
    ap = argparse.ArgumentParser(description=doc.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="fewer, shorter repeats")
    for flag, ext, what in (
        ("--json", "json", "results as JSON"),
        ("--markdown", "md", "the table as Markdown"),
    ):
        path = RESULTS / f"{name}.{ext}"
        ap.add_argument(
            flag,
            nargs="?",
            const=path,
            type=Path,
            metavar="PATH",
            help=f"write {what} (default path {path})",
        )
    return ap
