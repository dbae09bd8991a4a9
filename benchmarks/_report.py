"""Tables, summaries and result files for benchmarks that compare NumPy, neuralgrad, torch.

Every row holds the same three measurements (NumPy doing the same arithmetic, neuralgrad,
PyTorch eager) and derives neuralgrad's overhead over NumPy and the torch/neuralgrad ratio,
so no absolute time is ever shown without its comparison.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from _timing import Timing

HEADERS = [
    "workload",
    "numpy µs",
    "neuralgrad µs",
    "torch µs",
    "ng overhead over numpy µs",
    "torch/ng (>1: ng faster)",
]
NOISE_LIMIT, NOISY = 0.25, "(noisy)"  # mark rows where a cell's IQR / median exceeds this


@dataclass
class Row:
    """One table line; ``kind`` groups rows for the summary (e.g. fwd, grad, bwd, model)."""

    workload: str
    kind: str
    numpy_us: float
    ng_us: float
    torch_us: float | None
    noise: float  # worst interquartile range / median over the row's cells

    @property
    def overhead_us(self) -> float:
        """Microseconds neuralgrad adds on top of the same arithmetic in NumPy."""
        return self.ng_us - self.numpy_us

    @property
    def ratio(self) -> float | None:
        """torch time / neuralgrad time: above 1 means neuralgrad is faster."""
        return None if self.torch_us is None else self.torch_us / self.ng_us

    @property
    def ng_over_numpy(self) -> float:
        """neuralgrad time / NumPy time: how many times the arithmetic floor neuralgrad takes."""
        return self.ng_us / self.numpy_us

    def cells(self) -> list[str]:
        """Table cells; the workload gets a NOISY mark when its repeats spread widely."""
        ratio = "n/a" if self.ratio is None else f"{self.ratio:.2f}"
        name = self.workload + (" " + NOISY if self.noise > NOISE_LIMIT else "")
        return [
            name,
            fmt_us(self.numpy_us),
            fmt_us(self.ng_us),
            fmt_us(self.torch_us),
            fmt_us(self.overhead_us),
            ratio,
        ]


def fmt_us(us: float | None) -> str:
    """Microseconds as a short table cell, ``n/a`` when the system was not measured."""
    if us is None:
        return "n/a"
    return f"{us:.2f}" if abs(us) < 100 else f"{us:.0f}"


def markdown_table(headers: list[str], rows: list[list[str]]) -> str:
    """A GitHub Markdown table; first column left-aligned, the rest right-aligned."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        parts = [c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))]
        return "| " + " | ".join(parts) + " |"

    rule = ["-" * widths[0]] + ["-" * (w - 1) + ":" for w in widths[1:]]
    return "\n".join([line(headers), "| " + " | ".join(rule) + " |", *map(line, rows)])


def row(name: str, kind: str, t: dict[str, Timing], np_key: str, sys_key: str) -> Row:
    """A Row from timings named ``numpy:<np_key>``, ``ng:<sys_key>``, ``torch:<sys_key>``.

    The torch timing may be missing (torch not installed): its cells then read ``n/a``.
    """
    cells = [t[f"numpy:{np_key}"], t[f"ng:{sys_key}"], t.get(f"torch:{sys_key}")]
    noise = max(c.spread for c in cells if c is not None)
    torch_us = None if cells[2] is None else cells[2].median_us
    return Row(name, kind, cells[0].median_us, cells[1].median_us, torch_us, noise)


def summarize(rows: list[Row], kinds: dict[str, str]) -> dict[str, dict[str, float | None]]:
    """Median overhead over NumPy, neuralgrad vs torch, per row kind (``kinds``: kind->label)."""
    out: dict[str, dict[str, float | None]] = {}
    for kind, label in kinds.items():
        sel = [r for r in rows if r.kind == kind]
        th = [r.torch_us - r.numpy_us for r in sel if r.torch_us is not None]
        out[label] = {
            "neuralgrad_us": statistics.median(r.overhead_us for r in sel),
            "torch_us": statistics.median(th) if th else None,
        }
    return out


def summary_line(summary: dict[str, dict[str, float | None]]) -> str:
    """One line: each summary group's median overheads, neuralgrad's beside torch's."""

    def us(v: float | None) -> str:
        return "n/a" if v is None else f"{fmt_us(v)} µs"

    parts = [
        f"{k}: neuralgrad {us(v['neuralgrad_us'])} vs torch {us(v['torch_us'])}"
        for k, v in summary.items()
    ]
    return "Median overhead over NumPy -- " + "; ".join(parts)


def render(
    rows: list[Row],
    notes: list[str],
    headers: list[str] = HEADERS,
    cells: Callable[[Row], list[str]] = Row.cells,
) -> str:
    """The Markdown table, then a legend for noisy rows (if any) and the given notes.

    ``headers`` and ``cells`` (one row's cells) choose the columns; default: HEADERS.
    """
    text = markdown_table(headers, [cells(r) for r in rows])
    if any(r.noise > NOISE_LIMIT for r in rows):
        notes = [
            f"{NOISY}: for some system the interquartile range of the repeats exceeds "
            f"{NOISE_LIMIT:.0%} of its median; trust that row less.",
            *notes,
        ]
    return "\n\n".join([text, *notes])


def write_markdown(path: Path, title: str, head: list[str], table: str, summary: str) -> None:
    """Write the report as Markdown: a bullet list of context lines, the table, the summary."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = "\n".join(f"- {line}" for line in head)
    path.write_text(f"# {title}\n\n{body}\n\n{table}\n\n{summary}\n", encoding="utf-8")
    print(f"wrote {path}")


def write_json(path: Path, meta: dict[str, Any], rows: list[Row]) -> None:
    """Write ``meta`` plus every row (with its derived overhead and ratio) as JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = dict(
        meta,
        rows=[
            asdict(r)
            | {
                "overhead_us": r.overhead_us,
                "torch_over_ng": r.ratio,
                "ng_over_numpy": r.ng_over_numpy,
            }
            for r in rows
        ],
    )
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path}")
