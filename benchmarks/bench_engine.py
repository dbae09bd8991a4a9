"""Per-op cost of neuralgrad beside raw NumPy and PyTorch eager, all measured in one run.

neuralgrad does its arithmetic with NumPy, so on small tensors what it adds is Python-level
overhead: argument handling, dtype/device checks, Tensor wrapping and, with grad recording,
graph nodes. This script times each workload three ways (NumPy doing the same arithmetic,
neuralgrad, PyTorch eager) interleaved in the same process, and reports microseconds per op,
neuralgrad's overhead over NumPy and the torch/neuralgrad ratio. See benchmarks/README.md.

    python benchmarks/bench_engine.py [--quick] [--json [PATH]] [--markdown [PATH]]
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import asdict
from functools import partial
from types import ModuleType
from typing import Any

import numpy as np

import _mlp
import neuralgrad as ng
from _report import Row, render, row, summarize, summary_line, write_json, write_markdown
from _timing import (
    Case,
    Settings,
    Timing,
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
CHAIN = 32  # ops in the elementwise chain whose backward is divided per node
MLPS = (((784, 256, 128, 10), 32), ((32, 64, 64, 10), 16))
KINDS = {
    "fwd": "forward per op (no grad)",
    "grad": "forward per op (grad recording)",
    "bwd": "backward per node",
}  # row kinds summarized; "model" rows are not per op


def _systems() -> list[tuple[str, ModuleType]]:
    """The autograd systems to time: neuralgrad, and torch when it is installed."""
    return [("ng", ng)] + ([("torch", torch)] if torch is not None else [])


def _tensors(mod: ModuleType, arrays: tuple[np.ndarray, ...]) -> list[Any]:
    """Copies of ``arrays`` as ``mod`` tensors; floating ones require grad."""
    return [mod.tensor(a, requires_grad=a.dtype.kind == "f") for a in arrays]


def _agree(label: str, got: Any, want: np.ndarray, name: str) -> None:
    """Fail loudly if a system's result differs from NumPy's: never time different maths."""
    arr = got.detach().numpy()
    same = arr.dtype == want.dtype and arr.shape == want.shape
    if not (same and np.allclose(arr, want, rtol=1e-4, atol=1e-5)):
        raise SystemExit(f"{name}: {label} disagrees with numpy ({arr.dtype}{arr.shape})")


def _ops() -> list[tuple[str, tuple[np.ndarray, ...], Callable, Callable]]:
    """(name, float32 inputs, NumPy fn, tensor fn) per primitive op, from a fixed seed."""
    rng = np.random.default_rng(0)
    a64, b64 = (rng.standard_normal((64, 64), dtype=np.float32) for _ in range(2))
    a8, b8 = (rng.standard_normal((8, 8), dtype=np.float32) for _ in range(2))
    idx = rng.integers(0, 64, size=32, dtype=np.int64)
    mul, add, rs = (lambda a, b: a * b), (lambda a, b: a + b), (lambda a: a.reshape(32, 128))
    return [
        ("mul 64x64", (a64, b64), mul, mul),
        ("mul 8x8", (a8, b8), mul, mul),
        ("add 64x64", (a64, b64), add, add),
        ("add 8x8", (a8, b8), add, add),
        ("exp 64x64", (a64,), np.exp, lambda a: a.exp()),
        ("relu 64x64", (a64,), lambda a: np.maximum(a, 0), lambda a: a.relu()),
        ("matmul 64x64", (a64, b64), lambda a, b: a @ b, lambda a, b: a @ b),
        ("sum 64x64", (a64,), lambda a: a.sum(), lambda a: a.sum()),
        ("mean(dim=1) 64x64", (a64,), lambda a: a.mean(axis=1), lambda a: a.mean(dim=1)),
        ("slice x[8:40] 64x64", (a64,), lambda a: a[8:40], lambda a: a[8:40]),
        ("index x[int64[32]] 64x64", (a64, idx), lambda a, i: a[i], lambda a, i: a[i]),
        ("reshape 64x64->32x128", (a64,), rs, rs),
        ("transpose 64x64", (a64,), lambda a: a.swapaxes(0, 1), lambda a: a.transpose(0, 1)),
    ]


def op_rows(settings: Settings) -> list[Row]:
    """Each primitive op: NumPy, then each system without and with grad recording."""
    rows = []
    for name, arrays, np_fn, t_fn in _ops():
        want = np.asarray(np_fn(*arrays))
        cases = [Case("numpy:op", partial(np_fn, *arrays))]
        for label, mod in _systems():
            fn = partial(t_fn, *_tensors(mod, arrays))
            for sys_k, ctx, recorded in (
                ("nograd", mod.no_grad, False),
                ("grad", mod.enable_grad, True),
            ):
                with ctx():
                    out = fn()
                _agree(f"{label} [{sys_k}]", out, want, name)
                if recorded and not out.requires_grad:  # (torch views under no_grad say True)
                    raise SystemExit(f"{name}: {label} [{sys_k}] recorded no graph")
                cases.append(Case(f"{label}:{sys_k}", fn, ctx))
        t = interleaved(cases, settings)
        rows += [
            row(f"{name} [no grad]", "fwd", t, "op", "nograd"),
            row(f"{name} [grad]", "grad", t, "op", "grad"),
        ]
        print(".", end="", file=sys.stderr, flush=True)
    return rows


def _chain(x: Any, c: Any, n: int) -> Any:
    """n elementwise multiplications by a constant: works on ndarrays and tensors."""
    for _ in range(n):
        x = x * c
    return x


def _np_chain_fb(x: np.ndarray, c: np.ndarray, g: np.ndarray, n: int) -> np.ndarray:
    """NumPy forward of the chain plus its hand-written backward (one multiply per node)."""
    _chain(x, c, n)
    for _ in range(n):
        g = g * c
    return g


def _t_chain_fb(x: Any, c: Any, g: Any, n: int) -> Any:
    """Autograd forward of the chain, then backward from ``g`` into the leaf ``x``."""
    x.grad = None
    _chain(x, c, n).backward(g)
    return x.grad


def backward_rows(settings: Settings) -> list[Row]:
    """Backward cost per node: (forward+backward - forward with grad) / CHAIN."""
    rows = []
    rng = np.random.default_rng(1)
    for size in (64, 8):
        x = rng.standard_normal((size, size), dtype=np.float32)
        c = (1 + 0.01 * rng.standard_normal((size, size))).astype(np.float32)
        g = np.ones_like(x)
        want = _np_chain_fb(x, c, g, CHAIN)
        cases = [
            Case("numpy:f", partial(_chain, x, c, CHAIN)),
            Case("numpy:fb", partial(_np_chain_fb, x, c, g, CHAIN)),
        ]
        for label, mod in _systems():
            tx = mod.tensor(x, requires_grad=True)
            tc, tg = mod.tensor(c), mod.tensor(g)
            _agree(label, _t_chain_fb(tx, tc, tg, CHAIN), want, "backward chain")
            cases += [
                Case(f"{label}:f", partial(_chain, tx, tc, CHAIN), mod.enable_grad),
                Case(f"{label}:fb", partial(_t_chain_fb, tx, tc, tg, CHAIN), mod.enable_grad),
            ]
        t = interleaved(cases, settings)
        per_node = {
            k: Timing(
                k,
                t[k + ":fb"].iters,
                tuple((fb - f) / CHAIN for fb, f in zip(t[k + ":fb"].samples, t[k + ":f"].samples)),
            )
            for k in ["numpy"] + [label for label, _ in _systems()]
        }
        name = f"backward per node, mul chain N={CHAIN} {size}x{size}"
        rows.append(row(name, "bwd", {f"{k}:n": v for k, v in per_node.items()}, "n", "n"))
        print(".", end="", file=sys.stderr, flush=True)
    return rows


def mlp_rows(settings: Settings, checks: list[str]) -> list[Row]:
    """3-layer MLP forward (no grad / grad) and forward+backward, after a gradient check."""
    rows = []
    for sizes, batch in MLPS:
        d = _mlp.make_data(sizes, batch)
        name = f"mlp {'-'.join(map(str, sizes))} b{batch}"
        cases = [
            Case("numpy:fwd", partial(_mlp.np_forward, d)),
            Case("numpy:fb", partial(_mlp.np_forward_backward, d)),
        ]
        for label, mod in _systems():
            ok, err = _mlp.check(mod, d)
            checks.append(
                f"check {name}: {label} vs numpy loss+grads max rel err "
                f"{err:.1e} -> {'OK' if ok else 'FAIL'}"
            )
            if not ok:
                raise SystemExit(checks[-1])
            p = _mlp.to_tensors(mod, d)
            cases += [
                Case(f"{label}:nograd", partial(_mlp.t_loss, p), mod.no_grad),
                Case(f"{label}:grad", partial(_mlp.t_loss, p), mod.enable_grad),
                Case(f"{label}:fb", partial(_mlp.t_forward_backward, p), mod.enable_grad),
            ]
        t = interleaved(cases, settings)
        rows += [
            row(f"{name} fwd [no grad]", "model", t, "fwd", "nograd"),
            row(f"{name} fwd [grad]", "model", t, "fwd", "grad"),
            row(f"{name} fwd+bwd", "model", t, "fb", "fb"),
        ]
        print(".", end="", file=sys.stderr, flush=True)
    return rows


def main(argv: list[str] | None = None) -> None:
    """Parse the CLI, run every workload, print the table and write the requested files."""
    ap = arg_parser("bench_engine", __doc__)
    args = ap.parse_args(argv)
    settings = QUICK if args.quick else FULL

    env, head, overhead, warning = header(ng.__version__, settings)
    print("\n".join(head))
    checks: list[str] = []
    rows = op_rows(settings) + backward_rows(settings) + mlp_rows(settings, checks)
    summary = summarize(rows, KINDS)
    table = render(rows, [warning] if warning else [])
    print(file=sys.stderr)
    print("\n".join(checks), table, summary_line(summary), sep="\n\n")
    if args.markdown:
        write_markdown(args.markdown, "bench_engine", head + checks, table, summary_line(summary))
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
