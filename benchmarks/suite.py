"""The benchmark suite: neuralgrad against PyTorch eager, JAX jit, scikit-learn and NumPy, with one
thread and with the default threads, side by side.

Each thread setting runs in a process of its own (``OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1``
and pinned to one core, then the environment as given); in each, every system is interleaved
per workload (A B A B ..., median of >= 5 repeats after warm-up), from fixed seeds, float32,
identical initial weights, after a check that every system's losses over the first steps
agree. Workloads: W1 MNIST-sized MLP (SGD, Adam), W2 the same net at batch 1 and 16, W3 a tiny
tanh regression net, W4 a wide net (with % of the matmul peak), W5 the digits job's ``fit()``
against a hand-written PyTorch loop, A one Adam step in every implementation (PyTorch's
single-tensor, foreach and fused among them). Then each system's peak memory in a fresh process,
neuralgrad's heap growth over 10,000 steps, the fused kernels' one-time compile cost, and the
targets marked met or missed. See benchmarks/README.md.

    python benchmarks/suite.py [--quick] [--only W1,W3,A] [--threads both|1|default]
                               [--no-memory] [--json [PATH]] [--markdown [PATH]]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
SINGLE = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def _args(argv: list[str] | None) -> object:
    from _suite_workloads import WORKLOADS
    from _timing import arg_parser

    ap = arg_parser("suite", __doc__)
    ap.add_argument("--only", default=",".join(WORKLOADS), help="workloads, e.g. W1,W3,A")
    ap.add_argument("--threads", choices=("both", "1", "default"), default="both")
    ap.add_argument("--no-memory", action="store_true", help="skip the fresh-process memory")
    ap.add_argument("--run-json", type=Path, help=argparse.SUPPRESS)  # a run for the parent
    args = ap.parse_args(argv)
    args.only = [w.strip().upper() for w in args.only.split(",") if w.strip()]
    if unknown := set(args.only) - set(WORKLOADS):
        ap.error(f"unknown workloads: {', '.join(sorted(unknown))}")
    return args


def measure(args: object) -> dict:
    """One thread setting, in this process: every selected workload, checked and timed."""
    import _suite_peers as peers
    import neuralgrad as ng
    from _suite_measure import gemm_peak_flops
    from _suite_workloads import ADAM_WORKLOADS, MLP_WORKLOADS, adam_row, fit_row, mlp_row
    from _timing import Settings, environment

    settings = Settings(5, 0.02, 0.01) if args.quick else Settings(9, 0.12, 0.05)
    pinned = peers.one_core_if_single_threaded()
    env = environment()
    env["neuralgrad"], env["jax"] = ng.__version__, peers.jax_available() or None
    env["pinned_to_cpu"], env["blas_threads"] = pinned, ng.get_num_threads()
    peak = gemm_peak_flops() if "W4" in args.only else None
    checks: list[str] = []
    rows = []
    for w in args.only:
        if w == "W5":
            rows.append(fit_row(args.quick, settings, checks))
        elif w == "A":
            rows += [adam_row(lbl, s, settings, checks) for lbl, s in ADAM_WORKLOADS.items()]
        else:
            for label, net, metric in MLP_WORKLOADS[w]:
                rows += mlp_row(label, net, metric, settings, checks, peak)
    return {
        "environment": env,
        "settings": asdict(settings),
        "gemm_peak_flops": peak,
        "checks": checks,
        "rows": rows,
    }


def _child(args: object, threads: str, out: Path) -> None:
    """Run one thread setting in a fresh process, its progress shown as it goes."""
    env = _thread_env(threads)
    cmd = [sys.executable, str(Path(__file__)), "--threads", threads, "--run-json", str(out)]
    cmd += ["--only", ",".join(args.only)] + (["--quick"] if args.quick else [])
    print(f"\n== {_RUN_NAMES[threads]} ==", flush=True)
    subprocess.run(cmd, env=env, check=True)


def _rows(data: dict) -> list:
    from _suite_table import SuiteRow

    return [SuiteRow.from_json(r) for r in data["rows"]]


def _memory_workloads(rows: list) -> dict[str, list[str]]:
    return {
        r.workload: [s for s, v in r.seconds.items() if v is not None]
        for r in rows
        if not r.shown and not r.is_adam
    }


def compare(args: object, start: float) -> None:
    """Both thread settings, the memory measurements, one report."""
    from _report import write_markdown
    from _suite_compile import compile_cost, describe
    from _suite_memory import fresh_growth, fresh_peaks
    from _suite_table import render_pair, row_json, write_json
    from _suite_targets import verdicts

    runs = {}
    with tempfile.TemporaryDirectory() as tmp:
        for threads in ("1", "default"):
            path = Path(tmp) / f"{threads}.json"
            _child(args, threads, path)
            runs[threads] = json.loads(path.read_text(encoding="utf-8"))
    single, default = _rows(runs["1"]), _rows(runs["default"])
    env = dict(os.environ, **SINGLE)
    fresh, growth = {}, None
    if not args.no_memory:
        print("\n== memory, each system in a fresh process ==", flush=True)
        fresh = fresh_peaks(_memory_workloads(single), env)
        growth = fresh_growth(env) if {"W2", "W3"} & set(args.only) else None
    cost = compile_cost()
    head = [f"{k}: {v}" for k, v in runs["1"]["environment"].items()]
    head.append(
        f"default-thread run: blas_threads {runs['default']['environment']['blas_threads']}"
    )
    head += [f"settings: {runs['1']['settings']}; float32", describe(cost)]
    notes = [
        "Each cell: single-thread run / default-thread run. Metrics: samples/s (higher is "
        "better), µs/step and ms/fit (lower is better). ng/torch speed = torch time / "
        "neuralgrad time; ng/numpy time = neuralgrad time / NumPy time; default/1-thread time "
        "above 1 means the default threads were slower. Peak memory: over the steps after a "
        "system's first (what that one pays once, compiling included, is left out; the "
        "kernels' compile cost is in the header); fresh process: peak RSS increase over 4 "
        "steps.",
        f"Total run time {time.perf_counter() - start:.0f} s.",
    ]
    if growth:
        notes.append(
            "Traced heap growth from step 1,000 to step 10,000 (KiB): "
            + "; ".join(f"{k} {v:+.1f}" for k, v in growth.items())
        )
    targets = ["Targets:", *verdicts(single, default)]
    table = render_pair(single, default, fresh, notes) + "\n\n" + "\n".join(targets)
    print("\n" + "\n".join(head) + "\n\n" + table)
    checks = runs["1"]["checks"] + runs["default"]["checks"]
    if args.markdown:
        write_markdown(args.markdown, "neuralgrad benchmark suite", head + checks, table, "")
    if args.json:
        data = {
            k: runs[k] | {"rows": [row_json(r) for r in rows]}
            for k, rows in (("1", single), ("default", default))
        }
        write_json(
            args.json,
            {
                "runs": data,
                "fresh_memory_mib": fresh,
                "heap_growth_kib": growth,
                "compile_cost_s": cost,
                "targets": targets,
            },
        )


def one_setting(args: object, start: float) -> None:
    """A single thread setting (``--threads 1`` or ``default``): its own table, or its rows
    for the parent (``--run-json``)."""
    from _report import write_markdown
    from _suite_table import render, row_json, write_json
    from _suite_targets import verdicts
    from _timing import busy_warning

    result = measure(args)
    rows = result.pop("rows")
    if args.run_json:
        args.run_json.write_text(
            json.dumps(result | {"rows": [asdict(r) for r in rows]}), encoding="utf-8"
        )
        return
    head = [f"{k}: {v}" for k, v in result["environment"].items()]
    notes = [f"Total run time {time.perf_counter() - start:.0f} s."]
    if warning := busy_warning(result["environment"]):
        notes.append(warning)
    table = (
        render(rows, notes)
        + "\n\nTargets:\n"
        + "\n".join(verdicts(rows, None, _RUN_NAMES[args.threads]))
    )
    print("\n" + "\n".join(head) + "\n\n" + table)
    if args.markdown:
        write_markdown(
            args.markdown, "neuralgrad benchmark suite", head + result["checks"], table, ""
        )
    if args.json:
        write_json(args.json, result | {"rows": [row_json(r) for r in rows]})


_RUN_NAMES = {"1": "1 thread", "default": "default threads"}


def _thread_env(threads: str) -> dict[str, str]:
    """The environment of a run with ``threads`` ("1" or "default")."""
    env = {k: v for k, v in os.environ.items() if k not in SINGLE}
    return env | SINGLE if threads == "1" else env


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and run."""
    sys.path.insert(0, str(HERE))
    start = time.perf_counter()
    argv = sys.argv[1:] if argv is None else argv
    args = _args(argv)
    if args.threads == "both":
        compare(args, start)
        return
    env = _thread_env(args.threads)
    if any(os.environ.get(k) != env.get(k) for k in SINGLE):  # libraries read them at import
        os.execve(sys.executable, [sys.executable, str(Path(__file__)), *argv], env)
    one_setting(args, start)


if __name__ == "__main__":
    main()
