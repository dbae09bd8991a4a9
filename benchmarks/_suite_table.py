"""The suite's one table: a row per workload, each system's figure in the workload's metric,
neuralgrad's speed ratio to PyTorch eager and its time ratio to the NumPy floor, and peak
memory. Plus the JSON form of the same rows.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from _report import NOISE_LIMIT, NOISY, markdown_table

SYSTEMS = ("numpy", "ng", "ngc", "torch", "jax", "sklearn")
HEADERS = [
    "workload",
    "metric",
    "numpy",
    "neuralgrad",
    "ng capture",
    "torch",
    "jax",
    "sklearn",
    "ng/torch speed eager, capture (>1: ng faster)",
    "ng/numpy time eager, capture",
    "peak MiB numpy / ng / ng capture / sklearn (tracemalloc)",
    "peak MiB torch / jax (RSS delta)",
]


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

    def value(self, system: str) -> float | None:
        """The figure shown for ``system`` in the row's metric."""
        if self.shown:
            return self.shown.get(system)
        s = self.seconds.get(system)
        if s is None:
            return None
        scale = {"samples/s": None, "µs/step": 1e6, "ms/fit": 1e3}[self.metric]
        return self.samples / s if scale is None else s * scale

    def speed_vs_torch(self, system: str = "ng") -> float | None:
        """torch seconds / ``system`` seconds: above 1, neuralgrad is faster."""
        t, n = self.seconds.get("torch"), self.seconds.get(system)
        return None if self.shown or t is None or not n else t / n

    def time_vs_numpy(self, system: str = "ng") -> float | None:
        """``system`` seconds / NumPy seconds: how many times the floor neuralgrad takes."""
        n, f = self.seconds.get(system), self.seconds.get("numpy")
        return None if self.shown or n is None or not f else n / f

    def cells(self) -> list[str]:
        """The table cells of this row."""
        name = self.workload + (f" {NOISY}" if self.noise > NOISE_LIMIT else "")
        mem = self.memory_mib
        if self.shown:  # a derived row: its memory is the row above's
            return [name, self.metric, *(fmt(self.value(s)) for s in SYSTEMS), "", "", "", ""]
        return [
            name,
            self.metric,
            *(fmt(self.value(s)) for s in SYSTEMS),
            ", ".join(fmt(self.speed_vs_torch(s), 2) for s in ("ng", "ngc")),
            ", ".join(fmt(self.time_vs_numpy(s), 2) for s in ("ng", "ngc")),
            " / ".join(fmt(mem.get(s), 2) for s in ("numpy", "ng", "ngc", "sklearn")),
            " / ".join(fmt(mem.get(s), 2) for s in ("torch", "jax")),
        ]


def fmt(v: float | None, digits: int | None = None) -> str:
    """A short table cell; ``n/a`` for a system that was not run."""
    if v is None or v != v:
        return "n/a"
    if digits is not None:
        return f"{v:.{digits}f}"
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.3g}"


def render(rows: list[SuiteRow], notes: list[str]) -> str:
    """The Markdown table followed by the notes (and a legend when a row is noisy)."""
    text = markdown_table(HEADERS, [r.cells() for r in rows])
    if any(r.noise > NOISE_LIMIT for r in rows):
        notes = [
            f"{NOISY}: some system's repeats have an interquartile range above "
            f"{NOISE_LIMIT:.0%} of their median; trust that row less.",
            *notes,
        ]
    return "\n\n".join([text, *notes])


def write_json(path: Path, meta: dict[str, Any], rows: list[SuiteRow]) -> None:
    """Write ``meta`` and every row with its shown values and ratios as JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = dict(
        meta,
        rows=[
            asdict(r)
            | {
                "values": {s: r.value(s) for s in SYSTEMS},
                "ng_torch_speed": r.speed_vs_torch("ng"),
                "ngc_torch_speed": r.speed_vs_torch("ngc"),
                "ng_numpy_time": r.time_vs_numpy("ng"),
                "ngc_numpy_time": r.time_vs_numpy("ngc"),
            }
            for r in rows
        ],
    )
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {path}")
