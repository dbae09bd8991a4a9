"""The suite's tables: a row per workload, each system's figure in the workload's metric,
neuralgrad's speed ratio to PyTorch eager and its time ratio to the NumPy floor, peak memory;
the Adam-step rows in a table of their own. ``render`` shows one run (one thread setting),
``render_pair`` the single-thread and default-thread runs side by side. Plus the JSON form.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from _report import NOISE_LIMIT, NOISY, markdown_table

SYSTEMS = ("numpy", "ng", "ngc", "torch", "jax", "sklearn")
ADAM_SYSTEMS = ("numpy", "ng", "ng_numpy", "torch_single", "torch_foreach", "torch_fused", "jax")
ADAM_NAMES = (
    "numpy",
    "neuralgrad",
    "neuralgrad NumPy code",
    "torch single-tensor",
    "torch foreach",
    "torch fused",
    "jax",
)
TRACED = ("numpy", "ng", "ngc", "sklearn")


@dataclass
class SuiteRow:
    """One workload: median seconds per call per system (``None``: not run), the number of
    samples one call processes, the metric to show, the noise and peak memory in MiB."""

    workload: str
    metric: str  # "samples/s", "µs/step", "ms/fit" or "% of GEMM peak"
    seconds: dict[str, float | None]
    samples: int = 1
    noise: float = 0.0
    memory_mib: dict[str, float | None] = field(default_factory=dict)
    shown: dict[str, float | None] = field(default_factory=dict)  # overrides (e.g. % of peak)

    @property
    def key(self) -> tuple[str, str]:
        return self.workload, self.metric

    @property
    def is_adam(self) -> bool:
        return self.workload.startswith("A ")

    def value(self, system: str) -> float | None:
        """The figure shown for ``system`` in the row's metric."""
        if self.shown:
            return self.shown.get(system)
        s = self.seconds.get(system)
        if s is None:
            return None
        scale = {"samples/s": None, "µs/step": 1e6, "ms/fit": 1e3}[self.metric]
        return self.samples / s if scale is None else s * scale

    def speed_vs(self, system: str = "ng", peer: str = "torch") -> float | None:
        """``peer`` seconds / ``system`` seconds: above 1, ``system`` is faster."""
        t, n = self.seconds.get(peer), self.seconds.get(system)
        return None if self.shown or t is None or not n else t / n

    def time_vs_numpy(self, system: str = "ng") -> float | None:
        """``system`` seconds / NumPy seconds: how many times the floor ``system`` takes."""
        n, f = self.seconds.get(system), self.seconds.get("numpy")
        return None if self.shown or n is None or not f else n / f

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> SuiteRow:
        names = ("workload", "metric", "seconds", "samples", "noise", "memory_mib", "shown")
        return cls(**{k: d[k] for k in names})


def fmt(v: float | None, digits: int | None = None) -> str:
    """A short table cell; ``n/a`` for a system that was not run."""
    if v is None or v != v:
        return "n/a"
    if digits is not None:
        return f"{v:.{digits}f}"
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.3g}"


def _name(row: SuiteRow, *others: SuiteRow | None) -> str:
    noisy = any(r is not None and r.noise > NOISE_LIMIT for r in (row, *others))
    return row.workload + (f" {NOISY}" if noisy else "")


def _pair(a: Any, b: Any) -> str:
    return f"{a} / {b}"


def _ratios(r: SuiteRow | None) -> str:
    if r is None:
        return "n/a"
    return ", ".join(fmt(r.speed_vs(s), 2) for s in ("ng", "ngc"))


def _floors(r: SuiteRow | None) -> str:
    if r is None:
        return "n/a"
    return ", ".join(fmt(r.time_vs_numpy(s), 2) for s in ("ng", "ngc"))


def _traced(r: SuiteRow | None) -> str:
    mem = {} if r is None else r.memory_mib
    return " / ".join(fmt(mem.get(s), 2) for s in TRACED)


def render(rows: list[SuiteRow], notes: list[str]) -> str:
    """One run's tables (one thread setting) followed by the notes."""
    main = [r for r in rows if not r.is_adam]
    headers = ["workload", "metric", *_SYSTEM_HEADERS, "ng/torch speed eager, capture"]
    headers += ["ng/numpy time eager, capture", f"peak MiB {'/'.join(TRACED)} (tracemalloc)"]
    body = []
    for r in main:
        cells = [_name(r), r.metric, *(fmt(r.value(s)) for s in SYSTEMS)]
        cells += ["", "", ""] if r.shown else [_ratios(r), _floors(r), _traced(r)]
        body.append(cells)
    parts = [markdown_table(headers, body)] if main else []
    adam = [r for r in rows if r.is_adam]
    if adam:
        heads = ["Adam step", *(f"{n} µs" for n in ADAM_NAMES), "ng speed vs torch foreach, fused"]
        parts.append(
            markdown_table(
                heads,
                [
                    [_name(r), *(fmt(r.value(s)) for s in ADAM_SYSTEMS), _adam_ratios(r)]
                    for r in adam
                ],
            )
        )
    return "\n\n".join([*parts, *_legend(rows, notes)])


_SYSTEM_HEADERS = ("numpy", "neuralgrad", "ng capture", "torch", "jax", "sklearn")


def _adam_ratios(r: SuiteRow | None) -> str:
    if r is None:
        return "n/a"
    return ", ".join(fmt(r.speed_vs("ng", p), 2) for p in ("torch_foreach", "torch_fused"))


def _legend(rows: list[SuiteRow], notes: list[str]) -> list[str]:
    if any(r.noise > NOISE_LIMIT for r in rows):
        notes = [
            f"{NOISY}: some system's repeats have an interquartile range above "
            f"{NOISE_LIMIT:.0%} of their median; trust that row less.",
            *notes,
        ]
    return notes


def render_pair(
    single: list[SuiteRow], default: list[SuiteRow], fresh: dict, notes: list[str]
) -> str:
    """The single-thread and default-thread runs side by side (each cell: ``1 thread /
    default``), with each system's peak memory in a fresh process (``fresh``: workload ->
    system -> MiB) next to tracemalloc's."""
    other = {r.key: r for r in default}
    main = [r for r in single if not r.is_adam]
    headers = ["workload", "metric"] + [f"{s} (1 thread / default)" for s in _SYSTEM_HEADERS]
    headers += [
        "ng/torch speed eager, capture (1 thread / default)",
        "ng/numpy time eager, capture (1 thread / default)",
        "default/1-thread time ng, ngc",
        f"peak MiB {'/'.join(TRACED)} (tracemalloc)",
        f"peak MiB {'/'.join(SYSTEMS)} (fresh process, RSS)",
    ]
    body = []
    for r in main:
        d = other.get(r.key)
        cells = [_name(r, d), r.metric]
        cells += [_pair(fmt(r.value(s)), fmt(d.value(s) if d else None)) for s in SYSTEMS]
        if r.shown:
            body.append(cells + [""] * 5)
            continue
        mem = fresh.get(r.workload, {})
        cells += [
            _pair(_ratios(r), _ratios(d)),
            _pair(_floors(r), _floors(d)),
            ", ".join(fmt(slowdown(r, d, s), 2) for s in ("ng", "ngc")),
            _traced(r),
            " / ".join(fmt(mem.get(s), 1) for s in SYSTEMS),
        ]
        body.append(cells)
    parts = [markdown_table(headers, body)] if main else []
    adam = [r for r in single if r.is_adam]
    if adam:
        heads = ["Adam step (1 thread / default)", *(f"{n} µs" for n in ADAM_NAMES)]
        heads.append("ng speed vs torch foreach, fused")
        rows = []
        for r in adam:
            d = other.get(r.key)
            cells = [_name(r, d)]
            cells += [_pair(fmt(r.value(s)), fmt(d.value(s) if d else None)) for s in ADAM_SYSTEMS]
            rows.append(cells + [_pair(_adam_ratios(r), _adam_ratios(d))])
        parts.append(markdown_table(heads, rows))
    return "\n\n".join([*parts, *_legend(single + default, notes)])


def slowdown(single: SuiteRow | None, default: SuiteRow | None, system: str) -> float | None:
    """Default-thread time / single-thread time of ``system`` (above 1: slower by default)."""
    if single is None or default is None:
        return None
    a, b = single.seconds.get(system), default.seconds.get(system)
    return None if not a or b is None else b / a


def row_json(r: SuiteRow) -> dict[str, Any]:
    """A row with its shown values and ratios, as JSON."""
    systems = ADAM_SYSTEMS if r.is_adam else SYSTEMS
    return asdict(r) | {
        "values": {s: r.value(s) for s in systems},
        "ng_torch_speed": r.speed_vs("ng"),
        "ngc_torch_speed": r.speed_vs("ngc"),
        "ng_numpy_time": r.time_vs_numpy("ng"),
        "ngc_numpy_time": r.time_vs_numpy("ngc"),
    }


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Write ``data`` (rows already in their JSON form) to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {path}")
