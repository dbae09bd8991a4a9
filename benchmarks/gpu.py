"""neuralgrad on a GPU (CuPy) against PyTorch CUDA, and the digits job on the GPU against the CPU.

Workloads, float32, the suite's nets and weights (``_suite_nets``): W1 784-256-128-10 b128 (SGD,
Adam), W4 1024-4096-4096-10 b512 SGD, W6 2048-8192-8192-10 b1024 SGD (wide enough for the GPU
to matter). Every step ends in a device synchronize, so a step's time is its GPU work; the
systems are interleaved (A B A B ..., median of the repeats after warm-up). Before anything is
timed, the first steps' losses of neuralgrad on the GPU and PyTorch CUDA must match plain NumPy
on the CPU (relative 1e-4). Then ``fit`` trains the digits MLP on the GPU and on the CPU from
the same seed; both test accuracies are printed. See benchmarks/README.md ("On a GPU").

    python benchmarks/gpu.py [--quick] [--only W1,W4,W6] [--json [PATH]] [--markdown [PATH]]

Without CuPy and a GPU, or without PyTorch CUDA, it says what is missing and exits with status 2.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

import neuralgrad as ng
from _suite_measure import agree, few_interleaved
from _suite_nets import Net, NumpyStep, make_data, nn_step
from _timing import Case, Settings, arg_parser, interleaved

QUICK = Settings(repeats=5, target_s=0.05, warmup_s=0.02)
FULL = Settings(repeats=9, target_s=0.25, warmup_s=0.1)
WORKLOADS: dict[str, list[tuple[str, Net]]] = {
    "W1": [
        (f"W1 784-256-128-10 b128 {o}", Net((784, 256, 128, 10), "relu", "ce", 128, o))
        for o in ("sgd", "adam")
    ],
    "W4": [
        ("W4 1024-4096-4096-10 b512 sgd", Net((1024, 4096, 4096, 10), "relu", "ce", 512, "sgd"))
    ],
    "W6": [
        ("W6 2048-8192-8192-10 b1024 sgd", Net((2048, 8192, 8192, 10), "relu", "ce", 1024, "sgd"))
    ],
}
RTOL = 1e-4
W4_TARGET = 1.2  # neuralgrad's W4 step within 1.2x of PyTorch CUDA's


def _missing() -> str | None:
    """What this machine lacks for the GPU comparison (None: nothing)."""
    try:
        ng.cuda.array_module()
    except ng.cuda.GPUUnavailableError as e:
        return str(e)
    try:
        import torch
    except ImportError:
        return "PyTorch is not installed (pip install 'neuralgrad[bench]')"
    if not torch.cuda.is_available():
        return "PyTorch sees no CUDA GPU (a CPU-only PyTorch build?)"
    return None


def _synced(step: Callable[[], Any], sync: Callable[[], None]) -> Callable[[], Any]:
    def run() -> Any:
        loss = step()
        sync()
        return loss

    return run


def gpu_row(label: str, net: Net, settings: Settings) -> dict[str, Any]:
    """Check one net's losses on both GPUs against NumPy on the CPU, then time one step."""
    import torch

    d = make_data(net)
    steps = {
        "ng cuda": _synced(nn_step(ng, net, d, "cuda"), ng.cuda.synchronize),
        "torch cuda": _synced(nn_step(torch, net, d, "cuda"), torch.cuda.synchronize),
    }
    reference = NumpyStep(net, d)
    losses = {"numpy": [float(reference()) for _ in range(3)]}
    losses.update((k, [float(fn().item()) for _ in range(3)]) for k, fn in steps.items())
    ok, worst = agree(losses, RTOL)
    check = f"check {label}: " + ", ".join(f"{k} {v[0]:.6f}" for k, v in losses.items())
    print(f"{check}; max rel diff to numpy {worst:.1e} -> {'OK' if ok else 'FAIL'}", flush=True)
    if not ok:
        raise SystemExit(f"{label}: the GPU losses do not match NumPy's")
    cases = [Case(k, fn) for k, fn in steps.items()]
    wide = net.batch * max(net.sizes) >= 2**20
    t = few_interleaved(cases, settings.repeats) if wide else interleaved(cases, settings)
    ms = {k: v.median * 1e3 for k, v in t.items()}
    return {"label": label, **ms, "ratio": ms["torch cuda"] / ms["ng cuda"]}


def digits_accuracy(device: str, epochs: int) -> float:
    """Test accuracy of the digits MLP (64-128-64-10, Adam, batch 32) trained by ``fit`` on
    ``device`` from seed 0."""
    from _suite_fit import digits_data
    from neuralgrad.train import evaluate, fit

    data = digits_data()
    ng.manual_seed(0)
    model = ng.nn.Sequential(
        ng.nn.Linear(64, 128),
        ng.nn.ReLU(),
        ng.nn.Linear(128, 64),
        ng.nn.ReLU(),
        ng.nn.Linear(64, 10),
    ).to(device)
    opt = ng.optim.Adam(model.parameters(), lr=1e-3)
    loss = ng.nn.CrossEntropyLoss()
    fit(model, data["train"], loss=loss, optimizer=opt, epochs=epochs, batch_size=32, verbose=0)
    return evaluate(model, data["test"], metrics=["accuracy"])["accuracy"]


def _table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| workload | neuralgrad cuda ms/step | torch cuda ms/step | torch/ng (>1: ng faster) |",
        "| --- | --- | --- | --- |",
    ]
    for r in rows:
        lines.append(
            f"| {r['label']} | {r['ng cuda']:.3f} | {r['torch cuda']:.3f} | {r['ratio']:.2f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Run the selected workloads and the digits comparison; print (and write) the table."""
    ap = arg_parser("gpu", __doc__)
    ap.add_argument("--only", default="W1,W4,W6", help="workloads, e.g. W1,W4")
    args = ap.parse_args(argv)
    missing = _missing()
    if missing:
        print(f"benchmarks/gpu.py needs a GPU for both libraries: {missing}", file=sys.stderr)
        raise SystemExit(2)
    import torch

    settings = QUICK if args.quick else FULL
    print(f"GPU: {ng.cuda.get_device_name()} (neuralgrad through CuPy), torch {torch.__version__}")
    rows = [
        gpu_row(label, net, settings)
        for key in args.only.split(",")
        for label, net in WORKLOADS[key.strip()]
    ]
    epochs = 3 if args.quick else 10
    acc = {dev: digits_accuracy(dev, epochs) for dev in ("cuda", "cpu")}
    notes = [
        f"digits fit(), {epochs} epochs: test accuracy on the GPU {acc['cuda']:.4f}, "
        f"on the CPU {acc['cpu']:.4f}"
    ]
    w4 = [r for r in rows if r["label"].startswith("W4")]
    if w4:
        within = w4[0]["ratio"] >= 1 / W4_TARGET
        notes.append(
            f"W4: neuralgrad's step takes {1 / w4[0]['ratio']:.2f}x PyTorch CUDA's "
            f"(target: within {W4_TARGET}x) -> {'met' if within else 'not met'}"
        )
    text = _table(rows) + "\n\n" + "\n".join(f"- {n}" for n in notes)
    print(text)
    if args.markdown:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(text + "\n")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"rows": rows, "notes": notes}, indent=2) + "\n")


if __name__ == "__main__":
    main()
