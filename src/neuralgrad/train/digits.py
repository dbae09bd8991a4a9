"""The README's main job: train an MLP on the shipped 8×8 digits and write a run directory.

    python -m neuralgrad.train.digits --out runs/digits [--epochs N] [--seed S] [--quick]

Standardises the pixels (fitted on the training split only), trains a 64-128-64-10 ReLU MLP
with dropout and Adam, stops early on the validation loss and keeps the best weights, prints
the accuracy on the fixed held-out test split (20 %), and writes into ``--out``: ``model.ng``
(state dict, scaler and architecture; ``load_model`` rebuilds both), ``history.csv``,
``history.json`` and ``curves.png``.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Sequence
from typing import Any

import neuralgrad as ng
from neuralgrad import nn

from ..datasets import digits_split
from ..models import MLP
from ..preprocessing import StandardScaler
from .callbacks import CSVLogger, EarlyStopping
from .loop import evaluate, fit

__all__ = ["build_model", "load_model", "main", "ARCHITECTURE"]

ARCHITECTURE: dict[str, Any] = {
    "in_features": 64,
    "hidden": [128, 64],
    "out_features": 10,
    "activation": "relu",
    "dropout": 0.2,
}


def build_model(arch: dict[str, Any]) -> nn.Module:
    """The MLP an architecture dict (``models.MLP``'s config) describes: each hidden Linear
    layer followed by ReLU and ``Dropout(dropout)``."""
    return MLP.from_config(arch)


def load_model(path: str | os.PathLike) -> tuple[nn.Module, StandardScaler]:
    """The trained model (in eval mode) and its fitted scaler from a ``model.ng`` file."""
    saved = ng.load(path)
    model = build_model(saved["architecture"])
    model.load_state_dict(saved["state_dict"])
    scaler = StandardScaler()
    scaler.load_state_dict(saved["scaler"])
    return model.eval(), scaler


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m neuralgrad.train.digits",
        description="Train an MLP on the shipped 8x8 digits.",
    )
    p.add_argument("--out", default="runs/digits", help="run directory (created)")
    p.add_argument("--epochs", type=int, default=None, help="most epochs (default 100; 8 quick)")
    p.add_argument("--seed", type=int, default=0, help="seed of the weights and batch order")
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--patience", type=int, default=20, help="early-stopping patience")
    p.add_argument("--quick", action="store_true", help="a short run (CI): 8 epochs")
    p.add_argument("--verbose", type=int, default=1, choices=(0, 1, 2))
    p.add_argument(
        "--capture",
        action="store_true",
        help="record the training step once per batch shape and replay it "
        "(neuralgrad.capture): the same numbers, less Python per step",
    )
    args = p.parse_args(argv)
    if args.epochs is None:
        args.epochs = 8 if args.quick else 100
    return args


def _train(args: argparse.Namespace, out: str) -> tuple[nn.Module, StandardScaler, Any, dict]:
    """Scale, build, fit with early stopping; return the model, scaler, history, test logs."""
    split = digits_split()  # the fixed held-out test split (seed 0)
    scaler = StandardScaler().fit(split["train"][0])
    data = {k: (scaler.transform(X), y) for k, (X, y) in split.items()}
    ng.manual_seed(args.seed)
    model = build_model(ARCHITECTURE)
    loss = nn.CrossEntropyLoss()
    history = fit(
        model,
        data["train"],
        loss=loss,
        optimizer=ng.optim.Adam(model.parameters(), lr=args.lr),
        epochs=args.epochs,
        batch_size=args.batch_size,
        validation_data=data["val"],
        metrics=["accuracy"],
        verbose=args.verbose,
        capture=args.capture,
        callbacks=[
            EarlyStopping(patience=args.patience, restore_best_weights=True),
            CSVLogger(os.path.join(out, "history.csv")),
        ],
    )
    test = evaluate(model, data["test"], loss=loss, metrics=["accuracy"])
    test["samples"] = len(data["test"][1])
    return model, scaler, history, test


def main(argv: Sequence[str] | None = None) -> dict[str, float]:
    """Run the job; return the test loss and accuracy."""
    args = _parse(argv)
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    start = time.perf_counter()
    model, scaler, history, test = _train(args, out)
    ng.save(
        {
            "state_dict": model.state_dict(),
            "scaler": scaler.state_dict(),
            "architecture": ARCHITECTURE,
            "test_accuracy": test["accuracy"],
            "classes": list(range(10)),
        },
        os.path.join(out, "model.ng"),
    )
    history.to_json(os.path.join(out, "history.json"))
    history.plot(os.path.join(out, "curves.png"))
    best = history.restored_epoch
    print(
        f"test accuracy: {100 * test['accuracy']:.2f} % on {test['samples']} held-out digits "
        f"(loss {test['loss']:.4f}; best epoch {'-' if best is None else best + 1} of "
        f"{len(history.epoch)}; {time.perf_counter() - start:.1f} s)"
    )
    print(f"wrote {out}{os.sep}: model.ng, history.csv, history.json, curves.png")
    return test


if __name__ == "__main__":
    main()
