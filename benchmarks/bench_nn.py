"""One training step of small ``nn`` classifiers: neuralgrad beside NumPy and PyTorch eager.

Each workload is forward + ``CrossEntropyLoss`` + backward of a network built from ``nn``
modules (``Linear``, ``ReLU``, ``BatchNorm1d``, ``Dropout``), with the same float32 weights
and batch in neuralgrad and PyTorch, and a hand-written NumPy forward/backward of the same
network as the floor. The three are timed interleaved in one process after their losses and
gradients have been checked against each other. See benchmarks/README.md.

    python benchmarks/bench_nn.py [--quick] [--json [PATH]] [--markdown [PATH]]
"""

from __future__ import annotations

import statistics
import sys
from dataclasses import asdict
from functools import partial
from types import ModuleType

import _nn_net
import neuralgrad as ng
from _report import Row, render, row, write_json, write_markdown
from _timing import (
    Case,
    Settings,
    arg_parser,
    header,
    interleaved,
)

try:
    import torch
except ImportError:  # the torch columns then read "n/a"
    torch = None

QUICK = Settings(repeats=5, target_s=0.02, warmup_s=0.01)
FULL = Settings(repeats=7, target_s=0.12, warmup_s=0.03)
MLP = (("linear", 784, 256), ("relu",), ("linear", 256, 10))
SMALL = (("linear", 64, 128), ("relu",), ("linear", 128, 10))
SMALL_BN = (("linear", 64, 128, False), ("bn", 128), ("relu",), ("dropout0",), ("linear", 128, 10))
# (label, layers, batch, functional): one table row each
WORKLOADS = [
    ("784-256-10", MLP, 1, False),
    ("784-256-10", MLP, 32, False),
    ("784-256-10", MLP, 512, False),
    ("784-256-10 functional", MLP, 1, True),
    ("784-256-10 functional", MLP, 32, True),
    ("64-128-10", SMALL, 1, False),
    ("64-128-10", SMALL, 32, False),
    ("64-128(BatchNorm1d,Dropout(0))-10", SMALL_BN, 32, False),
    ("64-128(BatchNorm1d,Dropout(0))-10", SMALL_BN, 512, False),
]
HEADERS = [
    "workload",
    "numpy µs",
    "neuralgrad µs",
    "torch µs",
    "torch/neuralgrad (>1: ng faster)",
    "neuralgrad/numpy",
]


def _systems() -> list[tuple[str, ModuleType]]:
    """The autograd systems to time: neuralgrad, and torch when it is installed."""
    return [("ng", ng)] + ([("torch", torch)] if torch is not None else [])


def cells(r: Row) -> list[str]:
    """This table's cells: the shared ones, with neuralgrad/numpy instead of the overhead."""
    name, numpy_us, ng_us, torch_us, _, ratio = r.cells()
    return [name, numpy_us, ng_us, torch_us, ratio, f"{r.ng_over_numpy:.2f}"]


def workload_row(
    label: str, layers: tuple, batch: int, functional: bool, settings: Settings, checks: list[str]
) -> Row:
    """Check one workload's three implementations against each other, then time them."""
    name = f"{label} b{batch} fwd+bwd"
    d = _nn_net.make_data(layers, batch)
    cases = [Case("numpy:fb", partial(_nn_net.np_step, layers, d))]
    for sys_label, mod in _systems():
        model, step = _nn_net.build(mod, layers, d, functional)
        ok, err, n = _nn_net.check(mod, layers, model, step, d)
        checks.append(
            f"check {name}: {'neuralgrad' if sys_label == 'ng' else sys_label} vs "
            f"numpy, loss + {n - 1} grads/buffers, max rel err {err:.1e} -> "
            f"{'OK' if ok else 'FAIL'}"
        )
        if not ok:
            raise SystemExit(checks[-1])
        cases.append(Case(f"{sys_label}:fb", step, mod.enable_grad))
    t = interleaved(cases, settings)
    print(".", end="", file=sys.stderr, flush=True)
    return row(name, "model", t, "fb", "fb")


def summarize(rows: list[Row]) -> dict[str, float | None]:
    """Medians over the rows of torch/neuralgrad and of neuralgrad/numpy."""
    ratios = [r.ratio for r in rows if r.ratio is not None]
    return {
        "torch_over_ng": statistics.median(ratios) if ratios else None,
        "ng_over_numpy": statistics.median(r.ng_over_numpy for r in rows),
    }


def summary_line(summary: dict[str, float | None]) -> str:
    """One line with the medians of ``summarize``."""
    t = summary["torch_over_ng"]
    return (
        f"Median over workloads -- torch/neuralgrad: {'n/a' if t is None else f'{t:.2f}'}; "
        f"neuralgrad/numpy: {summary['ng_over_numpy']:.2f}"
    )


def main(argv: list[str] | None = None) -> None:
    """Parse the CLI, check and time every workload, print the table, write requested files."""
    ap = arg_parser("bench_nn", __doc__)
    args = ap.parse_args(argv)
    settings = QUICK if args.quick else FULL

    env, head, overhead, warning = header(ng.__version__, settings)
    print("\n".join(head))
    checks: list[str] = []
    rows = [workload_row(*w, settings, checks) for w in WORKLOADS]
    summary = summarize(rows)
    table = render(rows, [warning] if warning else [], HEADERS, cells)
    print(file=sys.stderr)
    print("\n".join(checks), table, summary_line(summary), sep="\n\n")
    if args.markdown:
        write_markdown(args.markdown, "bench_nn", head + checks, table, summary_line(summary))
    if args.json:
        meta = {
            "environment": env,
            "settings": asdict(settings),
            "harness_overhead_us": overhead,
            "checks": checks,
            "summary": summary,
        }
        write_json(args.json, meta, rows)


if __name__ == "__main__":
    main()
