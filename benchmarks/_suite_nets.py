"""The suite's networks: one spec, the same float32 weights, one training step per system.

A ``Net`` is an MLP (sizes, activation, loss, batch, optimizer). ``make_data`` draws fixed-seed
weights in PyTorch's ``(out, in)`` layout and a batch; every system copies those arrays in, so
all of them start from identical weights. One step = zero_grad + forward + loss + backward +
optimizer step, returning the loss computed before the update.

* ``NumpyStep``: hand-written forward/backward and in-place SGD/Adam, the floor.
* ``nn_step``: ``mod.nn.Sequential`` + ``mod.optim`` for neuralgrad or torch (shared API).
* ``captured_step``: neuralgrad's ``nn_step`` wrapped in ``neuralgrad.capture`` (recorded on
  the first call, replayed after).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from types import ModuleType
from typing import Any

import numpy as np

LR = {"sgd": 0.01, "adam": 1e-3}
BETAS, EPS = (0.9, 0.999), 1e-8


@dataclass(frozen=True)
class Net:
    """An MLP workload: layer sizes, ``relu``/``tanh``, ``ce``/``mse`` loss, batch size and
    optimizer (``sgd``/``adam``)."""

    sizes: tuple[int, ...]
    act: str
    loss: str
    batch: int
    opt: str

    @property
    def flops(self) -> float:
        """FLOPs of one step's matrix products: forward, and two products each in backward."""
        return 6.0 * self.batch * sum(a * b for a, b in zip(self.sizes[:-1], self.sizes[1:]))


def make_data(net: Net, seed: int = 0) -> dict[str, Any]:
    """Fixed-seed float32 weights ``w[i]`` (out, in), biases ``b[i]``, inputs ``x``, targets ``y``
    (int64 classes for ``ce``, float32 ``(batch, 1)`` values for ``mse``)."""
    rng = np.random.default_rng(seed)
    w, b = [], []
    for fan_in, fan_out in zip(net.sizes[:-1], net.sizes[1:]):
        bound = 1 / np.sqrt(fan_in)
        w.append(rng.uniform(-bound, bound, (fan_out, fan_in)).astype(np.float32))
        b.append(rng.uniform(-bound, bound, fan_out).astype(np.float32))
    x = rng.standard_normal((net.batch, net.sizes[0]), dtype=np.float32)
    if net.loss == "ce":
        y = rng.integers(0, net.sizes[-1], net.batch).astype(np.int64)
    else:
        y = rng.standard_normal((net.batch, net.sizes[-1]), dtype=np.float32)
    return {"w": w, "b": b, "x": x, "y": y}


class NumpyStep:
    """One training step in plain NumPy: ``np.dot`` products, hand-derived backward, in-place
    update (SGD, or Adam exactly as PyTorch computes it)."""

    def __init__(self, net: Net, d: dict[str, Any]) -> None:
        self.net, self.x, self.y = net, d["x"], d["y"]
        self.params = [p.copy() for pair in zip(d["w"], d["b"]) for p in pair]
        self.m = [np.zeros_like(p) for p in self.params]
        self.v = [np.zeros_like(p) for p in self.params]
        self.t = 0

    def _loss_grad(self, out: np.ndarray) -> tuple[np.float32, np.ndarray]:
        if self.net.loss == "mse":
            diff = out - self.y
            return (diff * diff).mean(), diff * np.float32(2 / diff.size)
        shifted = out - out.max(axis=1, keepdims=True)
        logp = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        rows = np.arange(len(self.y))
        g = np.exp(logp)
        g[rows, self.y] -= 1
        g *= np.float32(1 / len(self.y))
        return -logp[rows, self.y].mean(), g

    def __call__(self) -> np.float32:
        ws, bs = self.params[0::2], self.params[1::2]
        h, acts = self.x, []
        for i, (w, b) in enumerate(zip(ws, bs)):
            acts.append(h)
            h = np.dot(h, w.T)
            h += b
            if i < len(ws) - 1:
                h = np.maximum(h, 0) if self.net.act == "relu" else np.tanh(h)
        loss, g = self._loss_grad(h)
        grads: list[np.ndarray] = []
        for i in range(len(ws) - 1, -1, -1):
            grads[:0] = [np.dot(g.T, acts[i]), g.sum(axis=0)]
            if i:
                g = np.dot(g, ws[i])
                a = acts[i]
                g *= (a > 0) if self.net.act == "relu" else (1 - a * a)
        self._update(grads)
        return loss

    def _update(self, grads: list[np.ndarray]) -> None:
        lr = LR[self.net.opt]
        if self.net.opt == "sgd":
            for p, g in zip(self.params, grads):
                g *= np.float32(lr)
                p -= g
            return
        self.t += 1
        b1, b2 = BETAS
        bc1, bc2 = 1 - b1**self.t, 1 - b2**self.t
        for p, g, m, v in zip(self.params, grads, self.m, self.v):
            m *= b1
            m += (1 - b1) * g
            v *= b2
            g *= g
            g *= 1 - b2
            v += g
            denom = np.sqrt(v)
            denom *= np.float32(1 / np.sqrt(bc2))
            denom += EPS
            np.divide(m, denom, out=denom)
            denom *= np.float32(lr / bc1)
            p -= denom


def _nn_step(model: Any, opt: Any, loss_fn: Any, x: Any, y: Any) -> Any:
    opt.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    opt.step()
    return loss


def nn_step(mod: ModuleType, net: Net, d: dict[str, Any], device: str = "cpu") -> Callable[[], Any]:
    """``mod`` (neuralgrad or torch) Sequential + optimizer holding ``d``'s weights, on
    ``device``: one step."""
    nn, layers = mod.nn, []
    for i, (a, b) in enumerate(zip(net.sizes[:-1], net.sizes[1:])):
        layers.append(nn.Linear(a, b))
        if i < len(net.sizes) - 2:
            layers.append(nn.ReLU() if net.act == "relu" else nn.Tanh())
    model = nn.Sequential(*layers).train()
    params = list(model.parameters())
    with mod.no_grad():
        for p, arr in zip(params, [a for pair in zip(d["w"], d["b"]) for a in pair]):
            p.copy_(mod.tensor(arr))
    model.to(device)
    if net.opt == "sgd":
        opt = mod.optim.SGD(params, lr=LR["sgd"])
    else:
        opt = mod.optim.Adam(params, lr=LR["adam"], betas=BETAS, eps=EPS)
    loss_fn = nn.CrossEntropyLoss() if net.loss == "ce" else nn.MSELoss()
    x, y = mod.tensor(d["x"], device=device), mod.tensor(d["y"], device=device)
    return partial(_nn_step, model, opt, loss_fn, x, y)


def captured_step(ng: ModuleType, net: Net, d: dict[str, Any]) -> Callable[[], Any]:
    """neuralgrad's ``nn_step`` under ``ng.capture``: the same step, replayed from its record."""
    model, opt, loss_fn, x, y = nn_step(ng, net, d).args
    step = ng.capture(partial(_nn_step, model, opt, loss_fn))
    return partial(step, x, y)
