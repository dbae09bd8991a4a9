"""The suite's workloads, each built for every system, checked, then timed: one row each.

W1-W4 are MLP training steps (``mlp_row``), W5 the digits job's ``fit()`` (``fit_row``), and A
one Adam ``step()`` on fixed gradients in every implementation at hand (``adam_row``).
"""

from __future__ import annotations

from typing import Any

import _suite_fit
import _suite_peers as peers
import neuralgrad as ng
from _suite_adam import adam_systems, check_adam
from _suite_measure import agree, few_interleaved, run_measured
from _suite_nets import Net, NumpyStep, captured_step, make_data, nn_step
from _suite_table import SuiteRow
from _timing import Case, Settings, Timing, interleaved

try:
    import torch
except ImportError:  # the torch column then reads n/a
    torch = None

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
ADAM_WORKLOADS = {
    "A 784-256-128-10 Adam step (235,146 numbers)": MNIST,
    "A 2-16-16-1 Adam step (337 numbers)": TINY,
}
WORKLOADS = (*MLP_WORKLOADS, "W5", "A")


def _noise(t: dict[str, Timing]) -> float:
    return max(x.spread for x in t.values())


def mlp_steps(net: Net) -> dict[str, Any]:
    """One training step of ``net`` per system that applies, all on the same weights."""
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
    return steps


def mlp_row(
    label: str, net: Net, metric: str, settings: Settings, checks: list[str], peak: float | None
) -> list[SuiteRow]:
    """Build every system on the same weights, check their losses agree, time them."""
    steps = mlp_steps(net)
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
    memory = {k: run_measured(k, job, 2)[1] for k, job in jobs.items()}  # 1: warm-up
    t = interleaved([Case(k, job) for k, job in jobs.items()], settings)
    secs: dict[str, float | None] = {k: v.median for k, v in t.items()}
    label = f"W5 digits fit(), {epochs} epochs, 64-128-64-10 Adam b32"
    return SuiteRow(label, "ms/fit", secs, 1, _noise(t), memory)


def adam_row(label: str, sizes: tuple[int, ...], settings: Settings, checks: list[str]) -> SuiteRow:
    """One Adam step in every implementation: checked against the floor, then timed."""
    jax_ok = peers.jax_available()
    ok, worst = check_adam(adam_systems(sizes, torch, jax_ok))
    checks.append(
        f"check {label}: 20 steps of every implementation agree with the NumPy floor "
        f"(max rel diff {worst:.1e}) -> {'OK' if ok else 'FAIL'}"
    )
    print(checks[-1], flush=True)
    if not ok:
        raise SystemExit(checks[-1])
    systems = adam_systems(sizes, torch, jax_ok)
    t = interleaved([Case(k, fn, fn.context) for k, fn in systems.items()], settings)
    secs: dict[str, float | None] = {k: v.median for k, v in t.items()}
    return SuiteRow(label, "µs/step", secs, 1, _noise(t), {})
