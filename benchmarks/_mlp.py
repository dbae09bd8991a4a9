"""A 3-layer ReLU MLP with NLL loss, in three forms that compute the same numbers.

* ``np_forward`` / ``np_forward_backward``: hand-written NumPy, the arithmetic floor.
* ``t_loss``: the same forward built only from primitive tensor ops (``@``, ``+``,
  ``.relu()``, ``.log_softmax()``, ``.gather()``, ``.mean()``), written once and run on
  both neuralgrad and PyTorch because the two share PyTorch's API.

``check`` runs all three and compares the loss and every parameter gradient, so a benchmark
never times implementations that disagree.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import numpy as np

PARAMS = ("w1", "b1", "w2", "b2", "w3", "b3")


def make_data(sizes: tuple[int, ...], batch: int, seed: int = 0) -> dict[str, np.ndarray]:
    """Fixed-seed float32 inputs, int64 labels and Kaiming-scaled weights for ``sizes``."""
    rng = np.random.default_rng(seed)
    d: dict[str, np.ndarray] = {
        "x": rng.standard_normal((batch, sizes[0]), dtype=np.float32),
        "y": rng.integers(0, sizes[-1], size=batch, dtype=np.int64),
    }
    for i, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        w = rng.standard_normal((fan_in, fan_out), dtype=np.float32)
        d[f"w{i}"] = w * np.float32(np.sqrt(2.0 / fan_in))
        d[f"b{i}"] = rng.standard_normal(fan_out, dtype=np.float32) * np.float32(0.01)
    return d


def np_forward(d: dict[str, np.ndarray]) -> tuple[np.float32, dict[str, np.ndarray]]:
    """NumPy forward pass; returns the loss and the activations backward needs."""
    z1 = d["x"] @ d["w1"] + d["b1"]
    h1 = np.maximum(z1, 0)
    z2 = h1 @ d["w2"] + d["b2"]
    h2 = np.maximum(z2, 0)
    z3 = h2 @ d["w3"] + d["b3"]
    shifted = z3 - z3.max(axis=1, keepdims=True)
    logp = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    rows = np.arange(len(d["y"]))
    loss = -logp[rows, d["y"]].mean()
    return loss, {"z1": z1, "h1": h1, "z2": z2, "h2": h2, "logp": logp, "rows": rows}


def np_forward_backward(d: dict[str, np.ndarray]) -> tuple[np.float32, dict[str, np.ndarray]]:
    """NumPy forward and hand-derived backward; returns the loss and every parameter grad."""
    loss, c = np_forward(d)
    dz3 = np.exp(c["logp"])  # softmax; d(loss)/d(z3) = (softmax - onehot) / batch
    dz3[c["rows"], d["y"]] -= 1
    dz3 *= np.float32(1.0 / len(d["y"]))
    dz2 = (dz3 @ d["w3"].T) * (c["z2"] > 0)
    dz1 = (dz2 @ d["w2"].T) * (c["z1"] > 0)
    grads = {
        "w3": c["h2"].T @ dz3,
        "b3": dz3.sum(axis=0),
        "w2": c["h1"].T @ dz2,
        "b2": dz2.sum(axis=0),
        "w1": d["x"].T @ dz1,
        "b1": dz1.sum(axis=0),
    }
    return loss, grads


def to_tensors(mod: ModuleType, d: dict[str, np.ndarray]) -> dict[str, Any]:
    """Copies of ``d`` as ``mod`` tensors (neuralgrad or torch); parameters require grad."""
    return {k: mod.tensor(v, requires_grad=k in PARAMS) for k, v in d.items()}


def t_loss(p: dict[str, Any]) -> Any:
    """Forward pass from primitive tensor ops; works on neuralgrad and torch tensors alike."""
    h1 = (p["x"] @ p["w1"] + p["b1"]).relu()
    h2 = (h1 @ p["w2"] + p["b2"]).relu()
    logp = (h2 @ p["w3"] + p["b3"]).log_softmax(1)
    return -logp.gather(1, p["y"].reshape(-1, 1)).mean()


def t_forward_backward(p: dict[str, Any]) -> Any:
    """One training step's autograd work: clear grads (set to None), forward, backward."""
    for k in PARAMS:
        p[k].grad = None
    loss = t_loss(p)
    loss.backward()
    return loss


def check(mod: ModuleType, d: dict[str, np.ndarray], rtol: float = 1e-4) -> tuple[bool, float]:
    """Compare ``mod``'s loss and grads with NumPy's; returns (ok, worst relative error).

    The error of each array is ``max|a - b| / max|b|`` (float32 sums of hundreds of terms
    differ in the last bits, so an element-wise relative test would be too strict).
    """
    ref_loss, ref = np_forward_backward(d)
    p = to_tensors(mod, d)
    loss = t_forward_backward(p)
    pairs = [(float(loss.item()), float(ref_loss))]
    if any(p[k].grad is None or "float32" not in str(p[k].grad.dtype) for k in PARAMS):
        return False, float("inf")
    pairs += [(p[k].grad.detach().numpy(), ref[k]) for k in PARAMS]
    worst = 0.0
    for got, want in pairs:
        got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
        if got.shape != want.shape:
            return False, float("inf")
        worst = max(worst, float(np.max(np.abs(got - want)) / max(np.max(np.abs(want)), 1e-30)))
    return worst <= rtol, worst
