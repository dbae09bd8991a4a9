"""optimizer.step() cost: neuralgrad vs PyTorch's default (foreach) vs a NumPy floor.

The MNIST-sized MLP's parameters (784-256-128-10: three weights, three biases) with fixed
gradients; one call = one ``step()``. The NumPy column is the same update written by hand with
in-place ufuncs, the least any NumPy optimizer can cost. Before timing, 20 steps of each system
from the same start must give the same parameters.

    python benchmarks/bench_optim.py [--quick] [--json [PATH]] [--markdown [PATH]]
"""

from __future__ import annotations

import sys
from dataclasses import asdict
from functools import partial
from typing import Any

import numpy as np

import neuralgrad as ng
from _report import render, row, write_json, write_markdown
from _timing import Case, Settings, arg_parser, busy_warning, environment, interleaved

QUICK, FULL = Settings(repeats=5, target_s=0.03, warmup_s=0.01), Settings()
SHAPES = [(256, 784), (256,), (128, 256), (128,), (10, 128), (10,)]
CONFIGS = {
    "SGD momentum=0.9": ("SGD", {"lr": 0.01, "momentum": 0.9}),
    "SGD momentum=0.9 nesterov wd=1e-4": (
        "SGD",
        {"lr": 0.01, "momentum": 0.9, "nesterov": True, "weight_decay": 1e-4},
    ),
    "Adam": ("Adam", {"lr": 1e-3}),
    "AdamW wd=1e-2": ("AdamW", {"lr": 1e-3, "weight_decay": 1e-2}),
}


def _arrays(seed: int = 0) -> tuple[list[np.ndarray], list[np.ndarray]]:
    rng = np.random.default_rng(seed)
    params = [rng.standard_normal(s).astype(np.float32) * 0.05 for s in SHAPES]
    grads = [rng.standard_normal(s).astype(np.float32) * 0.01 for s in SHAPES]
    return params, grads


def _optimizer(mod: Any, name: str, kw: dict) -> Any:
    params, grads = _arrays()
    ps = [mod.tensor(p, requires_grad=True) for p in params]
    for p, g in zip(ps, grads):
        p.grad = mod.tensor(g)
    return getattr(mod.optim, name)(ps, **kw), ps


class _NumpyStep:
    """The same updates by hand, in place (the floor for a NumPy optimizer)."""

    def __init__(self, name: str, kw: dict) -> None:
        self.params, self.grads = _arrays()
        self.name, self.kw, self.t = name, kw, 0
        self.m = [np.zeros_like(p) for p in self.params]
        self.v = [np.zeros_like(p) for p in self.params]
        self.tmp = [np.empty_like(p) for p in self.params]

    def __call__(self) -> None:
        self.t += 1
        kw = self.kw
        for p, g, m, v, tmp in zip(self.params, self.grads, self.m, self.v, self.tmp):
            if self.name == "SGD":
                self._sgd(p, g, m, tmp, kw)
            else:
                self._adam(p, g, m, v, tmp, kw)

    def _sgd(self, p: np.ndarray, g: np.ndarray, m: np.ndarray, tmp: np.ndarray, kw: dict) -> None:
        wd = kw.get("weight_decay", 0.0)
        d = g
        if wd:
            np.multiply(p, wd, out=tmp)
            tmp += g
            d = tmp
        if self.t == 1:
            m[...] = d
        else:
            m *= kw["momentum"]
            m += d
        if kw.get("nesterov"):  # d + momentum * m (tmp may already hold d: add into it)
            if d is g:
                tmp[...] = g
            tmp += kw["momentum"] * m
            d = tmp
        else:
            d = m
        p -= kw["lr"] * d

    def _adam(
        self, p: np.ndarray, g: np.ndarray, m: np.ndarray, v: np.ndarray, tmp: np.ndarray, kw: dict
    ) -> None:
        lr, b1, b2, eps = kw["lr"], 0.9, 0.999, 1e-8
        if self.name == "AdamW":
            p *= 1 - lr * kw["weight_decay"]
        m *= b1
        m += (1 - b1) * g
        v *= b2
        np.multiply(g, g, out=tmp)
        v += (1 - b2) * tmp
        bc1, bc2 = 1 - b1**self.t, 1 - b2**self.t
        np.sqrt(v, out=tmp)
        tmp /= np.sqrt(bc2)
        tmp += eps
        np.divide(m, tmp, out=tmp)
        p -= (lr / bc1) * tmp


def _check(name: str, kw: dict, systems: list[tuple[str, Any]]) -> str:
    """Run 20 steps in every system from the same start and compare the parameters."""
    floor = _NumpyStep(name, kw)
    for _ in range(20):
        floor()
    worst = 0.0
    for _, mod in systems:
        opt, ps = _optimizer(mod, name, kw)
        for _ in range(20):
            opt.step()
        for p, want in zip(ps, floor.params):
            got = p.detach().numpy()
            worst = max(worst, float(np.max(np.abs(got - want) / (np.abs(want) + 1e-3))))
    ok = worst < 1e-4
    if not ok:
        raise SystemExit(f"{name} {kw}: systems disagree after 20 steps (rel err {worst:.1e})")
    return (
        f"check {name} {kw}: 20 steps agree across numpy/"
        + "/".join(label for label, _ in systems)
        + f" (max rel err {worst:.1e})"
    )


def _systems() -> list[tuple[str, Any]]:
    out = [("ng", ng)]
    try:
        import torch

        out.append(("torch", torch))
    except ImportError:
        pass
    return out


def main(argv: list[str] | None = None) -> None:
    """Check, time and print the optimizer-step table."""
    ap = arg_parser("bench_optim", __doc__)
    args = ap.parse_args(argv)
    settings = QUICK if args.quick else FULL
    env = environment()
    head = [f"{k}: {v}" for k, v in env.items()]
    warning = busy_warning(env)
    systems = _systems()
    checks, rows = [], []
    for label, (name, kw) in CONFIGS.items():
        checks.append(_check(name, kw, systems))
        cases = [Case("numpy:step", _NumpyStep(name, kw))]
        for sys_label, mod in systems:
            opt, _ = _optimizer(mod, name, kw)
            cases.append(Case(f"{sys_label}:step", partial(opt.step), mod.no_grad))
        t = interleaved(cases, settings)
        rows.append(row(f"{label} step", "step", t, "step", "step"))
        print(".", end="", file=sys.stderr, flush=True)
    table = render(rows, [warning] if warning else [])
    print(file=sys.stderr)
    print("\n".join(head + checks), table, sep="\n\n")
    if args.markdown:
        write_markdown(args.markdown, "bench_optim", head + checks, table, "")
    if args.json:
        write_json(
            args.json, {"environment": env, "settings": asdict(settings), "checks": checks}, rows
        )


if __name__ == "__main__":
    main()
