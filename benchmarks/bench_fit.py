"""Training epochs: neuralgrad's ``fit()`` vs hand-written loops, same run.

The MNIST-shaped synthetic task (8,192 samples of 784 features, 10 classes; a 784-256-128-10
ReLU MLP, cross-entropy, Adam, batch 128). Three systems train three epochs per timed call,
interleaved (so fit's one-time input checks are spread over a run, as in real use): ``fit()``;
a hand-written neuralgrad loop over the same ``DataLoader`` (so ``fit()`` minus that
loop is the loop's own overhead: callbacks, metrics, history, progress); a hand-written PyTorch
loop. Before timing, one epoch of each from the same weights and batch order must end at the
same weights (over several epochs float32 rounding makes PyTorch's Adam drift apart).

    python benchmarks/bench_fit.py [--quick] [--json [PATH]] [--markdown [PATH]]
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import numpy as np

import neuralgrad as ng
from _report import render, row, write_json, write_markdown
from _timing import Case, Settings, arg_parser, busy_warning, environment, interleaved
from neuralgrad.train import fit
from neuralgrad.utils.data import DataLoader, TensorDataset

QUICK, FULL = Settings(repeats=3, target_s=0.05, warmup_s=0.05), Settings(repeats=5)
N, SIZES, BATCH, LR, EPOCHS = 8192, (784, 256, 128, 10), 128, 1e-3, 3


def _data(seed: int = 0) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((N, SIZES[0])).astype(np.float32)
    y = rng.integers(0, SIZES[-1], N).astype(np.int64)
    weights = []
    for fan_in, fan_out in zip(SIZES[:-1], SIZES[1:]):
        bound = 1 / np.sqrt(fan_in)
        weights += [
            rng.uniform(-bound, bound, (fan_out, fan_in)).astype(np.float32),
            rng.uniform(-bound, bound, fan_out).astype(np.float32),
        ]
    return x, y, weights


def _model(mod: Any, weights: list[np.ndarray]) -> Any:
    layers = []
    for i in range(len(SIZES) - 1):
        layers += [mod.nn.Linear(SIZES[i], SIZES[i + 1])] + ([mod.nn.ReLU()] if i < 2 else [])
    model = mod.nn.Sequential(*layers)
    with mod.no_grad():
        for p, w in zip(model.parameters(), weights):
            p.copy_(mod.tensor(w))
    return model


class _Epochs:
    """One system's model, optimizer and loss; calling it trains ``epochs`` epochs."""

    def __init__(
        self, kind: str, x: np.ndarray, y: np.ndarray, weights: list, epochs: int = EPOCHS
    ) -> None:
        self.kind, self.epochs = kind, epochs
        self.perm = np.random.default_rng(1).permutation(N)  # the same order for every system
        if kind == "torch":
            import torch

            self.mod, self.x, self.y = torch, torch.tensor(x), torch.tensor(y)
        else:
            self.mod = ng
            self.loader = DataLoader(TensorDataset(x, y), batch_size=BATCH, shuffle=False)
            self.ds = (x[self.perm], y[self.perm])
        self.model = _model(self.mod, weights)
        self.opt = self.mod.optim.Adam(self.model.parameters(), lr=LR)
        self.loss = self.mod.nn.CrossEntropyLoss()

    def __call__(self) -> None:
        if self.kind == "fit":
            fit(
                self.model,
                self.ds,
                loss=self.loss,
                optimizer=self.opt,
                epochs=self.epochs,
                batch_size=BATCH,
                shuffle=False,
                verbose=0,
            )
            return
        for _ in range(self.epochs):
            batches = self._torch_batches() if self.kind == "torch" else self._ng_batches()
            for xb, yb in batches:
                self.opt.zero_grad()
                self.loss(self.model(xb), yb).backward()
                self.opt.step()

    def _ng_batches(self) -> Any:
        self.loader.dataset = TensorDataset(*self.ds)  # same order as fit(shuffle=False)
        return self.loader

    def _torch_batches(self) -> Any:
        for i in range(0, N, BATCH):
            rows = self.mod.as_tensor(self.perm[i : i + BATCH])
            yield self.x[rows], self.y[rows]

    def weights(self) -> list[np.ndarray]:
        return [p.detach().numpy().copy() for p in self.model.parameters()]


def _check(systems: dict[str, _Epochs]) -> str:
    ref = None
    worst = 0.0
    for s in systems.values():
        s()
        w = s.weights()
        if ref is None:
            ref = w
            continue
        worst = max(worst, max(float(np.max(np.abs(a - b))) for a, b in zip(w, ref)))
    if worst > 1e-4:
        raise SystemExit(f"systems disagree after one epoch (max |dw| {worst:.1e})")
    return (
        f"check: one epoch from the same start gives the same weights in "
        f"{'/'.join(systems)} (max |dw| {worst:.1e})"
    )


def main(argv: list[str] | None = None) -> None:
    """Check, time each system's epochs, print the table (fit's loop overhead included)."""
    ap = arg_parser("bench_fit", __doc__)
    args = ap.parse_args(argv)
    env = environment()
    head = [f"{k}: {v}" for k, v in env.items()]
    x, y, weights = _data()
    kinds = ["fit", "loop"]
    try:
        import torch  # noqa: F401

        kinds.append("torch")
    except ImportError:
        pass
    checks = [_check({k: _Epochs(k, x, y, weights, epochs=1) for k in kinds})]
    systems = {k: _Epochs(k, x, y, weights) for k in kinds}
    cases = [Case("numpy:epoch", systems["loop"]), Case("ng:epoch", systems["fit"])]
    if "torch" in systems:
        cases.append(Case("torch:epoch", systems["torch"]))
    t = interleaved(cases, QUICK if args.quick else FULL)
    r = row(f"{EPOCHS} epochs, 784-256-128-10, batch 128, Adam", "fit", t, "epoch", "epoch")
    overhead = (r.ng_us - r.numpy_us) / r.numpy_us * 100
    headers = [
        "workload",
        "hand-written ng loop ms",
        "ng fit() ms",
        "torch loop ms",
        "fit() overhead over the ng loop",
        "torch/fit (>1: fit faster)",
    ]
    cells = [
        r.workload,
        f"{r.numpy_us / 1e3:.1f}",
        f"{r.ng_us / 1e3:.1f}",
        "n/a" if r.torch_us is None else f"{r.torch_us / 1e3:.1f}",
        f"{overhead:+.1f} %",
        "n/a" if r.ratio is None else f"{r.ratio:.2f}",
    ]
    warning = busy_warning(env)
    table = render([r], [warning] if warning else [], headers=headers, cells=lambda _: cells)
    print("\n".join(head + checks), table, sep="\n\n")
    if args.markdown:
        write_markdown(args.markdown, "bench_fit", head + checks, table, "")
    if args.json:
        write_json(
            args.json,
            {
                "environment": env,
                "settings": asdict(FULL),
                "checks": checks,
                "fit_overhead_percent": overhead,
            },
            [r],
        )


if __name__ == "__main__":
    main()
