"""W5: a digits training job's ``fit()`` versus an equivalent hand-written PyTorch loop.

Standardised 8x8 digits, a 64-128-64-10 ReLU MLP, Adam lr 1e-3, batch 32, validation with
accuracy every epoch, for a fixed number of epochs, without
dropout and early stopping and with a fixed batch order, so both systems provably do the same
work: one epoch of each from the same weights must end at the same weights.
"""

from __future__ import annotations

from typing import Any

import numpy as np

import neuralgrad as ng
from neuralgrad.datasets import digits_split
from neuralgrad.preprocessing import StandardScaler
from neuralgrad.train import fit

SIZES, BATCH, LR = (64, 128, 64, 10), 32, 1e-3


def digits_data() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """The fixed split, standardised on the training part, float32 / int64."""
    split = digits_split()
    scaler = StandardScaler().fit(split["train"][0])
    return {
        k: (np.asarray(scaler.transform(x), np.float32), np.asarray(y, np.int64))
        for k, (x, y) in split.items()
    }


def _model(mod: Any, seed: int = 0) -> Any:
    rng, layers = np.random.default_rng(seed), []
    for i, (a, b) in enumerate(zip(SIZES[:-1], SIZES[1:])):
        layers += [mod.nn.Linear(a, b)] + ([mod.nn.ReLU()] if i < len(SIZES) - 2 else [])
    model = mod.nn.Sequential(*layers)
    with mod.no_grad():
        for p in model.parameters():
            bound = 1 / np.sqrt(SIZES[0] if p.ndim == 1 else p.shape[1])
            p.copy_(mod.tensor(rng.uniform(-bound, bound, tuple(p.shape)).astype(np.float32)))
    return model


class DigitsJob:
    """One system's model and optimizer; calling it trains ``epochs`` more epochs."""

    def __init__(self, kind: str, data: dict, epochs: int) -> None:
        self.kind, self.data, self.epochs = kind, data, epochs
        if kind == "torch":
            import torch

            self.mod = torch
            self.t = {k: (torch.tensor(x), torch.tensor(y)) for k, (x, y) in data.items()}
        else:
            self.mod = ng
        self.model = _model(self.mod)
        self.opt = self.mod.optim.Adam(self.model.parameters(), lr=LR)
        self.loss = self.mod.nn.CrossEntropyLoss()

    def __call__(self) -> float:
        """Train; return the last epoch's mean training loss."""
        if self.kind in ("ng", "ngc"):  # ngc: fit(capture=True)
            hist = fit(
                self.model,
                self.data["train"],
                loss=self.loss,
                optimizer=self.opt,
                epochs=self.epochs,
                batch_size=BATCH,
                shuffle=False,
                validation_data=self.data["val"],
                metrics=["accuracy"],
                verbose=0,
                capture=self.kind == "ngc",
            )
            return float(hist.history["loss"][-1])
        return self._torch_epochs()

    def _torch_epochs(self) -> float:
        torch, (x, y), (xv, yv) = self.mod, self.t["train"], self.t["val"]
        total = 0.0
        for _ in range(self.epochs):
            self.model.train()
            total, correct = 0.0, 0
            for i in range(0, len(y), BATCH):
                xb, yb = x[i : i + BATCH], y[i : i + BATCH]
                self.opt.zero_grad()
                out = self.model(xb)
                loss = self.loss(out, yb)
                loss.backward()
                self.opt.step()
                total += loss.item() * len(yb)
                correct += int((out.argmax(1) == yb).sum())
            self.model.eval()
            with torch.no_grad():
                out = self.model(xv)
                _ = (self.loss(out, yv).item(), float((out.argmax(1) == yv).float().mean()))
        return total / len(y)

    def weights(self) -> list[np.ndarray]:
        """The current parameters as NumPy arrays."""
        return [p.detach().numpy().copy() for p in self.model.parameters()]


def check(data: dict, kinds: list[str]) -> str:
    """One epoch of every system from the same weights must reach the same weights and loss."""
    jobs = {k: DigitsJob(k, data, epochs=1) for k in kinds}
    losses = {k: j() for k, j in jobs.items()}
    ref = jobs["ng"].weights()
    worst = max(
        (
            float(np.max(np.abs(a - b)))
            for k in kinds
            if k != "ng"
            for a, b in zip(jobs[k].weights(), ref)
        ),
        default=0.0,
    )
    msg = (
        f"check W5 digits fit: one epoch, {'/'.join(kinds)} losses "
        f"{', '.join(f'{v:.6f}' for v in losses.values())}, max |dw| {worst:.1e}"
    )
    if worst > 1e-4:
        raise SystemExit(msg + " -> FAIL")
    return msg + " -> OK"
