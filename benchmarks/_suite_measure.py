"""Measurements the suite adds to ``_timing``: loss agreement, peak memory, matmul peak,
and a light interleaved timer for steps that take a good part of a second.
"""

from __future__ import annotations

import gc
import os
import statistics
import threading
import time
import tracemalloc
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np

from _timing import Case, Timing, rotations, time_loop

TRACED = ("numpy", "ng", "ngc", "sklearn")  # NumPy-based: tracemalloc sees their arrays
T = TypeVar("T")
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _rss() -> int:
    """Resident set size of this process in bytes (Linux /proc; 0 elsewhere)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * PAGE
    except OSError:
        return 0


def _num(x: Any) -> float:
    """A loss (NumPy scalar, tensor of either library, JAX array, float) as a Python float."""
    return float(x.item()) if hasattr(x, "item") else float(x)


def peak_rss_during(fn: Callable[[], T]) -> tuple[T, float]:
    """``fn()``'s result and the peak RSS increase in MiB while it ran (sampled every
    millisecond by a thread; NaN where /proc is missing)."""
    base, top, done = _rss(), [0], threading.Event()

    def sample() -> None:
        while not done.is_set():
            top[0] = max(top[0], _rss())
            time.sleep(0.001)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        result = fn()
    finally:
        done.set()
        sampler.join()
    return result, (max(top[0], _rss()) - base) / 2**20 if base else float("nan")


def run_measured(name: str, fn: Callable[[], Any], steps: int) -> tuple[list[float], float]:
    """Call ``fn`` ``steps`` times; return its losses and the peak memory in MiB of the calls
    after the first (which pays once: kernels compiled or loaded, JAX's step traced, caches).

    NumPy-based systems: tracemalloc's peak of Python/NumPy allocations during those calls.
    Others (torch, jax allocate outside tracemalloc's view): their peak RSS increase (a lower
    bound: memory reused from earlier workloads does not show).
    """
    losses = [_num(fn())]

    def rest() -> list[float]:
        return [_num(fn()) for _ in range(steps - 1)]

    if name not in TRACED:
        more, peak_mib = peak_rss_during(rest)
        return losses + more, peak_mib
    gc.collect()
    tracemalloc.start()
    try:
        losses += rest()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return losses, peak / 2**20


def agree(losses: dict[str, list[float]], rtol: float) -> tuple[bool, float]:
    """Whether every system's losses match NumPy's step by step (|diff| / |numpy| <= rtol)."""
    ref = losses["numpy"]
    worst = max(
        (
            abs(a - b) / max(abs(b), 1e-12)
            for k, ls in losses.items()
            if k != "numpy"
            for a, b in zip(ls, ref)
        ),
        default=0.0,
    )
    return worst <= rtol, worst


def few_interleaved(cases: list[Case], repeats: int) -> dict[str, Timing]:
    """A B C, B C A, ... with one call per loop and no further warm-up (the check steps have
    warmed every system): for steps long enough that one call is a clean sample."""
    samples: dict[str, list[float]] = {c.name: [] for c in cases}
    for order in rotations(cases, repeats):
        for c in order:
            samples[c.name].append(time_loop(c, 1))
    return {k: Timing(k, 1, tuple(s)) for k, s in samples.items()}


def gemm_peak_flops(repeats: int = 5, m: int = 4096, k: int = 4096, n: int = 512) -> float:
    """Achieved float32 FLOP/s of NumPy's ``(m, k) @ (k, n)`` GEMM: the best of ``repeats``
    (peak, not typical), after one warm-up product."""
    rng = np.random.default_rng(0)
    a = rng.standard_normal((m, k), dtype=np.float32)
    b = rng.standard_normal((k, n), dtype=np.float32)
    out = np.empty((m, n), np.float32)
    np.dot(a, b, out=out)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        np.dot(a, b, out=out)
        times.append(time.perf_counter() - start)
    return 2.0 * m * k * n / min(times)


def median_s(t: Timing) -> float:
    """Median seconds per call."""
    return statistics.median(t.samples)
