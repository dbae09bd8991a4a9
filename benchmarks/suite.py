"""The benchmark suite: neuralgrad against PyTorch eager, JAX jit, scikit-learn and NumPy.

One process, every system interleaved per workload (A B A B ..., median of >= 5 repeats after
warm-up), fixed seeds, float32, identical initial weights, and a check that every system's
losses over the first steps agree before anything is timed. Workloads: W1 MNIST-sized MLP
(SGD, Adam), W2 the same net at batch 1 and 16, W3 a tiny tanh regression net, W4 a wide
net (with % of the matmul peak measured in the same run), W5 the digits job's ``fit()``
against a hand-written PyTorch loop. See benchmarks/README.md.

    python benchmarks/suite.py [--quick] [--only W1,W3] [--json [PATH]] [--markdown [PATH]]
"""

from __future__ import annotations

import time
from dataclasses import asdict

import _suite_fit
import _suite_peers as peers
import neuralgrad as ng
from _report import write_markdown
from _suite_measure import agree, few_interleaved, gemm_peak_flops, run_measured
from _suite_nets import Net, NumpyStep, captured_step, make_data, nn_step
from _suite_table import SuiteRow, render, write_json
from _timing import (
    Case,
    Settings,
    Timing,
    arg_parser,
    busy_warning,
    environment,
    interleaved,
)

try:
    import torch
except ImportError:  # the torch column then reads n/a
    torch = None

QUICK = Settings(repeats=5, target_s=0.02, warmup_s=0.01)
FULL = Settings(repeats=9, target_s=0.12, warmup_s=0.05)
MNIST, TINY, WIDE = (784, 256, 128, 10), (2, 16, 16, 1), (1024, 4096, 4096, 10)
RTOL = 1e-4  # losses of the first steps: |diff| / |numpy's| per step
MLP_WORKLOADS: dict[str, list[tuple[str, Net, str]]] = {
    "W1": [
        (f"W1 784-256-128-10 b128 {o}", Net(MNIST, "relu", "ce", 128, o), "samples/s")
        for o in ("sgd", "adam")
    ],
    "W2": [
        (f"W2 784-256-128-10 b{b} {o}", Net(MNIST, "relu", "ce", b, o), "µs/step")
        for b in (1, 16)
        for o in ("sgd", "adam")
    ],
    "W3": [
        (f"W3 2-16-16-1 tanh mse b32 {o}", Net(TINY, "tanh", "mse", 32, o), "µs/step")
        for o in ("sgd", "adam")
    ],
    "W4": [("W4 1024-4096-4096-10 b512 sgd", Net(WIDE, "relu", "ce", 512, "sgd"), "samples/s")],
}


def _noise(t: dict[str, Timing]) -> float:
    return max(x.spread for x in t.values())


def mlp_row(
    label: str, net: Net, metric: str, settings: Settings, checks: list[str], peak: float | None
) -> list[SuiteRow]:
    """Build every system on the same weights, check their losses agree, time them."""
    d = make_data(net)
    steps = {
        "numpy": NumpyStep(net, d),
        "ng": nn_step(ng, net, d),
        "ngc": captured_step(ng, net, d),
    }
    if torch is not None:
        steps["torch"] = nn_step(torch, net, d)
    if peers.jax_available():
        steps["jax"] = peers.jax_step(net, d)
    if peers.sklearn_applies(net):
        steps["sklearn"] = peers.sklearn_step(net, d)
    wide = net.batch * max(net.sizes) >= 2**20
    losses, memory = {}, {}
    for name, fn in steps.items():
        losses[name], memory[name] = run_measured(name, fn, 2 if wide else 3)
    ok, worst = agree(losses, RTOL)
    checks.append(
        f"check {label}: first-step losses "
        + ", ".join(f"{k} {v[0]:.6f}" for k, v in losses.items())
        + f"; max rel diff to numpy over {len(losses['numpy'])} steps {worst:.1e} -> "
        + ("OK" if ok else "FAIL")
    )
    print(checks[-1], flush=True)
    if not ok:
        raise SystemExit(checks[-1])
    cases = [Case(k, fn) for k, fn in steps.items()]
    t = few_interleaved(cases, settings.repeats) if wide else interleaved(cases, settings)
    secs: dict[str, float | None] = {k: v.median for k, v in t.items()}
    rows = [SuiteRow(label, metric, secs, net.batch, _noise(t), memory)]
    if wide and peak:
        pct = {k: net.flops / s / peak * 100 for k, s in secs.items() if s}
        rows.append(SuiteRow(label, "% of GEMM peak", secs, net.batch, rows[0].noise, {}, pct))
    return rows


def fit_row(quick: bool, settings: Settings, checks: list[str]) -> SuiteRow:
    """W5: the digits job's fit() against a hand-written torch loop, checked, then timed."""
    data = _suite_fit.digits_data()
    kinds = ["ng", "ngc"] + (["torch"] if torch is not None else [])
    checks.append(_suite_fit.check(data, kinds))
    print(checks[-1], flush=True)
    epochs = 2 if quick else 10
    jobs = {k: _suite_fit.DigitsJob(k, data, epochs) for k in kinds}
    memory = {k: run_measured(k, job, 1)[1] for k, job in jobs.items()}
    t = interleaved([Case(k, job) for k, job in jobs.items()], settings)
    secs: dict[str, float | None] = {k: v.median for k, v in t.items()}
    return SuiteRow(
        f"W5 digits fit(), {epochs} epochs, 64-128-64-10 Adam b32",
        "ms/fit",
        secs,
        1,
        _noise(t),
        memory,
    )


def main(argv: list[str] | None = None) -> None:
    """Parse the CLI, run the selected workloads, print the table, write requested files."""
    ap = arg_parser("suite", __doc__)
    ap.add_argument("--only", default="W1,W2,W3,W4,W5", help="workloads, e.g. W1,W3")
    args = ap.parse_args(argv)
    only = [w.strip().upper() for w in args.only.split(",") if w.strip()]
    if unknown := set(only) - {*MLP_WORKLOADS, "W5"}:
        ap.error(f"unknown workloads: {', '.join(sorted(unknown))}")
    settings, start = QUICK if args.quick else FULL, time.perf_counter()
    pinned = peers.one_core_if_single_threaded()
    env = environment()
    env["neuralgrad"], env["jax"] = ng.__version__, peers.jax_available() or None
    env["pinned_to_cpu"] = pinned
    head = [f"{k}: {v}" for k, v in env.items()]
    head.append(f"settings: {settings}; W4: {settings.repeats} single-step repeats; float32")
    peak = gemm_peak_flops() if "W4" in only else None
    if peak:
        head.append(
            f"NumPy float32 GEMM 4096x4096 @ 4096x512: {peak / 1e9:.1f} GFLOP/s "
            "(best of 5), the peak W4's % column refers to"
        )
    print("\n".join(head))
    checks: list[str] = []
    rows: list[SuiteRow] = []
    for w in only:
        if w == "W5":
            rows.append(fit_row(args.quick, settings, checks))
            continue
        for label, net, metric in MLP_WORKLOADS[w]:
            rows += mlp_row(label, net, metric, settings, checks, peak)
    notes = [
        "Metrics: samples/s (higher is better), µs/step and ms/fit (lower is better). "
        "neuralgrad = eager steps; ng capture = the same step under neuralgrad.capture "
        "(recorded once, replayed). ng/torch speed = torch time / neuralgrad time; "
        "ng/numpy time = neuralgrad time / NumPy time. n/a: system not installed or not "
        "applicable (sklearn: classification only; W5 compares fit() with a torch loop "
        "only).",
        f"Total run time {time.perf_counter() - start:.0f} s.",
    ]
    if warning := busy_warning(env):
        notes.append(warning)
    table = render(rows, notes)
    print(f"\n{table}")
    if args.markdown:
        write_markdown(args.markdown, "neuralgrad benchmark suite", head + checks, table, "")
    if args.json:
        write_json(
            args.json,
            {
                "environment": env,
                "settings": asdict(settings),
                "gemm_peak_flops": peak,
                "checks": checks,
            },
            rows,
        )


if __name__ == "__main__":
    main()
