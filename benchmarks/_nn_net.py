"""A small classifier built from ``nn`` layers, in the forms ``bench_nn.py`` times side by side.

A network is a tuple of layer specs, e.g. ``(("linear", 784, 256), ("relu",), ("linear",
256, 10))``; ``("linear", m, n, False)`` is ``Linear(m, n, bias=False)`` (the usual layer in
front of a BatchNorm, whose bias gradient would be zero up to rounding, so untestable);
``("bn", n)`` is ``BatchNorm1d(n)`` in training mode (batch statistics, running
stats updated) and ``("dropout0",)`` is ``Dropout(p=0.0)`` in training mode, which is
deterministic (the identity in both libraries). The loss is always cross-entropy, mean over
the batch.

* ``np_step``: hand-written NumPy forward and backward of the network, the arithmetic floor.
* ``build``: the network as ``mod.nn.Sequential`` (``mod`` is neuralgrad or torch, which share
  PyTorch's API) holding the same weights, and one training step as a zero-argument callable:
  ``zero_grad(set_to_none=True)``, forward, ``CrossEntropyLoss``, ``backward()``. With
  ``functional=True`` the step calls ``nn.functional.linear / relu / cross_entropy`` on the
  module's parameters instead of calling the modules.
* ``check``: one step of ``build`` against ``np_step``: loss, every parameter gradient and the
  BatchNorm running statistics must agree, so a benchmark never times different maths.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from types import ModuleType
from typing import Any

import numpy as np

Layer = tuple  # ("linear", in, out[, bias]) | ("relu",) | ("bn", features) | ("dropout0",)
EPS, MOMENTUM = 1e-5, 0.1  # BatchNorm1d defaults in both libraries


def make_data(layers: tuple[Layer, ...], batch: int, seed: int = 0) -> dict[str, np.ndarray]:
    """Float32 inputs, int64 labels, parameters and BatchNorm buffers under the names
    ``nn.Sequential`` gives them (``0.weight``, ``1.running_mean``, ...). The weights depend
    on ``seed`` only, so every batch size of a network uses the same ones."""
    rng = np.random.default_rng(seed)
    d: dict[str, np.ndarray] = {}
    for i, (kind, *dims) in enumerate(layers):
        if kind == "linear":  # PyTorch's default init range; weight is (out, in)
            bound = 1 / np.sqrt(dims[0])
            d[f"{i}.weight"] = rng.uniform(-bound, bound, (dims[1], dims[0])).astype(np.float32)
            if dims[2:3] != [False]:
                d[f"{i}.bias"] = rng.uniform(-bound, bound, dims[1]).astype(np.float32)
        elif kind == "bn":  # non-trivial affine parameters so their gradients are tested
            d[f"{i}.weight"] = (1 + 0.1 * rng.standard_normal(dims[0])).astype(np.float32)
            d[f"{i}.bias"] = (0.1 * rng.standard_normal(dims[0])).astype(np.float32)
            d[f"{i}.running_mean"] = np.zeros(dims[0], np.float32)
            d[f"{i}.running_var"] = np.ones(dims[0], np.float32)
    data_rng = np.random.default_rng([seed, batch])
    d["x"] = data_rng.standard_normal((batch, layers[0][1]), dtype=np.float32)
    d["y"] = data_rng.integers(0, layers[-1][-1], size=batch, dtype=np.int64)
    return d


def np_step(
    layers: tuple[Layer, ...], d: dict[str, np.ndarray]
) -> tuple[np.float32, dict[str, np.ndarray]]:
    """NumPy forward, cross-entropy and hand-derived backward; returns (loss, grads by name).

    Products use ``np.dot`` (``@``/``matmul`` takes a slow path when the inner dimension is
    1, as in the weight gradient at batch 1) and the bias is added in place.

    BatchNorm running statistics in ``d`` are updated in place, as the modules do.
    """
    h, caches = d["x"], []
    for i, (kind, *_) in enumerate(layers):
        if kind == "linear":
            caches.append(h)
            h = np.dot(h, d[f"{i}.weight"].T)
            if f"{i}.bias" in d:
                h += d[f"{i}.bias"]
        elif kind == "relu":
            h = np.maximum(h, 0)
            caches.append(h)
        elif kind == "bn":
            n, mean, var = len(h), h.mean(axis=0), h.var(axis=0)
            invstd = 1 / np.sqrt(var + EPS)
            xhat = (h - mean) * invstd
            rm, rv = d[f"{i}.running_mean"], d[f"{i}.running_var"]
            rm *= 1 - MOMENTUM
            rm += MOMENTUM * mean
            rv *= 1 - MOMENTUM
            rv += (MOMENTUM * n / (n - 1)) * var  # unbiased variance in the running estimate
            caches.append((xhat, invstd))
            h = xhat * d[f"{i}.weight"] + d[f"{i}.bias"]
        else:  # dropout with p=0: the identity
            caches.append(None)
    shifted = h - h.max(axis=1, keepdims=True)
    logp = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    rows, y = np.arange(len(d["y"])), d["y"]
    loss = -logp[rows, y].mean()
    g = np.exp(logp)  # d(loss)/d(logits) = (softmax - onehot) / batch
    g[rows, y] -= 1
    g *= np.float32(1 / len(y))
    grads: dict[str, np.ndarray] = {}
    for i in range(len(layers) - 1, -1, -1):
        kind, c = layers[i][0], caches[i]
        if kind == "linear":
            grads[f"{i}.weight"] = np.dot(g.T, c)
            if f"{i}.bias" in d:
                grads[f"{i}.bias"] = g.sum(axis=0)
            if i:  # the input x needs no gradient
                g = np.dot(g, d[f"{i}.weight"])
        elif kind == "relu":
            g = g * (c > 0)
        elif kind == "bn":
            xhat, invstd = c
            dgamma, dbeta = (g * xhat).sum(axis=0), g.sum(axis=0)
            grads[f"{i}.weight"], grads[f"{i}.bias"] = dgamma, dbeta
            g = (d[f"{i}.weight"] * invstd / len(g)) * (len(g) * g - dbeta - xhat * dgamma)
    return loss, grads


def _layer(mod: ModuleType, spec: Layer) -> Any:
    """One ``mod.nn`` module for a layer spec."""
    kind, *dims = spec
    nn = mod.nn
    return {
        "linear": lambda: nn.Linear(*dims[:2], bias=dims[2:3] != [False]),
        "relu": nn.ReLU,
        "bn": lambda: nn.BatchNorm1d(*dims),
        "dropout0": lambda: nn.Dropout(0.0),
    }[kind]()


def _module_step(model: Any, loss_fn: Any, x: Any, y: Any) -> Any:
    """One training step through the modules: clear grads, forward, loss, backward."""
    model.zero_grad(set_to_none=True)
    loss = loss_fn(model(x), y)
    loss.backward()
    return loss


def _functional_step(f: ModuleType, params: list[Any], x: Any, y: Any) -> Any:
    """One training step of a Linear-ReLU-...-Linear net through ``nn.functional`` calls."""
    for p in params:
        p.grad = None
    h = f.linear(x, params[0], params[1])
    for i in range(2, len(params), 2):
        h = f.linear(f.relu(h), params[i], params[i + 1])
    loss = f.cross_entropy(h, y)
    loss.backward()
    return loss


def build(
    mod: ModuleType, layers: tuple[Layer, ...], d: dict[str, np.ndarray], functional: bool = False
) -> tuple[Any, Callable[[], Any]]:
    """``mod.nn.Sequential`` of ``layers`` in training mode with ``d``'s parameters and
    buffers copied in, and a zero-argument training step on ``d``'s batch."""
    model = mod.nn.Sequential(*(_layer(mod, spec) for spec in layers)).train()
    with mod.no_grad():
        for name, t in [*model.named_parameters(), *model.named_buffers()]:
            if name in d:
                t.copy_(mod.tensor(d[name]))
    x, y = mod.tensor(d["x"]), mod.tensor(d["y"])
    if functional:
        if any(spec[0] not in ("linear", "relu") or spec[3:] for spec in layers):
            raise ValueError("the functional step supports Linear (with bias) and ReLU only")
        params = [p for _, p in model.named_parameters()]
        return model, partial(_functional_step, mod.nn.functional, params, x, y)
    return model, partial(_module_step, model, mod.nn.CrossEntropyLoss(), x, y)


def check(
    mod: ModuleType,
    layers: tuple[Layer, ...],
    model: Any,
    step: Callable[[], Any],
    d: dict[str, np.ndarray],
    rtol: float = 1e-4,
) -> tuple[bool, float, int]:
    """Run ``step`` once on a freshly built ``model`` and compare with ``np_step`` on ``d``.

    Returns (ok, worst relative error, number of arrays compared). Each array's error is
    ``max|a - b| / max|b|`` (float32 sums of hundreds of terms differ in the last bits). The
    loss, all gradients and running statistics must also be float32 with NumPy's shapes.
    """
    ref = {k: v.copy() for k, v in d.items()}  # np_step updates running stats in place
    ref_loss, ref_grads = np_step(layers, ref)
    loss = step()
    pairs = [(loss, np.asarray(ref_loss))]
    params = dict(model.named_parameters())
    if set(params) != set(ref_grads):
        return False, float("inf"), 0
    pairs += [(params[k].grad, ref_grads[k]) for k in ref_grads]
    pairs += [(b, ref[k]) for k, b in model.named_buffers() if ".running_" in k]
    worst = 0.0
    for got, want in pairs:
        if got is None or "float32" not in str(got.dtype):
            return False, float("inf"), len(pairs)
        arr = got.detach().numpy().astype(np.float64)
        if arr.shape != want.shape:
            return False, float("inf"), len(pairs)
        err = np.max(np.abs(arr - want)) / max(float(np.max(np.abs(want))), 1e-30)
        worst = max(worst, float(err))
    return worst <= rtol, worst, len(pairs)
