"""The targets the suite's figures are held to, each marked met or missed for the single-thread
and the default-thread run (ratios to PyTorch eager in the same run)."""

from __future__ import annotations

from collections.abc import Callable

from _suite_table import SuiteRow, fmt, slowdown

# (label, workload prefix, check on one row -> (value shown, met or None when not measured))
Check = Callable[[SuiteRow], tuple[str, bool | None]]


def _speed(system: str, least: float) -> Check:
    def check(r: SuiteRow) -> tuple[str, bool | None]:
        v = r.speed_vs(system)
        return fmt(v, 2), None if v is None else v >= least

    return check


def _ahead_of_jax(r: SuiteRow) -> tuple[str, bool | None]:
    jax, ngc = r.seconds.get("jax"), r.seconds.get("ngc")
    if jax is None or ngc is None:
        return "n/a", None
    return fmt(jax / ngc, 2), jax > ngc


def _floor(least: float) -> Check:
    def check(r: SuiteRow) -> tuple[str, bool | None]:
        vals = [r.time_vs_numpy(s) for s in ("ng", "ngc")]
        if None in vals:
            return "n/a", None
        speeds = [1 / v for v in vals]
        return ", ".join(fmt(s, 2) for s in speeds), min(speeds) >= least

    return check


def _memory(r: SuiteRow) -> tuple[str, bool | None]:
    mem = r.memory_mib
    floor, ng = mem.get("numpy"), mem.get("ng")
    if not floor or ng is None:
        return "n/a", None
    return fmt(ng / floor, 2), ng <= 1.5 * floor


TARGETS: list[tuple[str, str, Check]] = [
    ("W1 eager >= 1.25x torch", "W1", _speed("ng", 1.25)),
    ("W1 captured >= 1.4x torch", "W1", _speed("ngc", 1.4)),
    ("W1 captured ahead of JAX jit (jax time / ngc time)", "W1", _ahead_of_jax),
    ("W2 b1 eager >= 1.5x torch", "W2 784-256-128-10 b1 ", _speed("ng", 1.5)),
    ("W2 b1 captured >= 2.5x torch", "W2 784-256-128-10 b1 ", _speed("ngc", 2.5)),
    ("W2 b1 captured ahead of JAX jit", "W2 784-256-128-10 b1 ", _ahead_of_jax),
    ("W3 eager >= 3x torch", "W3", _speed("ng", 3.0)),
    ("W3 captured >= 8x torch", "W3", _speed("ngc", 8.0)),
    ("W4 >= 0.97x the NumPy floor (eager, captured)", "W4", _floor(0.97)),
    ("W5 fit >= 3x the PyTorch loop", "W5", _speed("ng", 3.0)),
    ("peak memory (tracemalloc) ng <= 1.5x the NumPy floor", "W", _memory),
]


def verdicts(
    single: list[SuiteRow], default: list[SuiteRow] | None, name: str = "1 thread"
) -> list[str]:
    """One line per target and workload: the figure and met/missed, per thread setting
    (``single`` is the run called ``name``: a ``--threads default`` run alone passes its own)."""
    runs = [(name, single)] + ([("default threads", default)] if default else [])
    lines = []
    for label, prefix, check in TARGETS:
        for name, rows in runs:
            for r in rows:
                if r.shown or r.is_adam or not r.workload.startswith(prefix):
                    continue
                if check is _memory and rows is not single:
                    continue
                shown, met = check(r)
                mark = "n/a" if met is None else "met" if met else "MISSED"
                lines.append(f"- {label}, {r.workload}, {name}: {shown} -> {mark}")
    if default:
        lines += _thread_lines(single, default)
    return lines


def _thread_lines(single: list[SuiteRow], default: list[SuiteRow]) -> list[str]:
    """No workload slower with the default threads than with one by more than 5 %."""
    other = {r.key: r for r in default}
    lines = []
    for r in single:
        if r.shown or r.is_adam:
            continue
        ratios = [slowdown(r, other.get(r.key), s) for s in ("ng", "ngc")]
        ratios = [v for v in ratios if v is not None]
        if ratios:
            worst = max(ratios)
            mark = "met" if worst <= 1.05 else "MISSED"
            lines.append(
                f"- default threads no more than 5 % slower than one, {r.workload}: "
                f"default/1-thread time {fmt(worst, 2)} -> {mark}"
            )
    return lines
