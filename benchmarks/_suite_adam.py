"""The suite's Adam-step rows: one ``optimizer.step()`` of Adam (lr 1e-3, PyTorch's defaults) on
the parameters of a network with fixed gradients, in every implementation at hand.

Systems: the hand-written NumPy floor (in place, one NumPy call per operation), neuralgrad (its
fused kernel when Numba is installed), neuralgrad's NumPy code (the fallback, fused kernels
switched off), PyTorch's single-tensor, ``foreach`` (its default) and ``fused`` Adam, and a
``jax.jit``-compiled update (optax's formula, when JAX is installed). All start from the same
parameters; after 20 steps they must agree before anything is timed.
"""

from __future__ import annotations

from contextlib import nullcontext
from functools import partial
from typing import Any

import numpy as np

import neuralgrad as ng
from _suite_nets import BETAS, EPS, LR
from neuralgrad import _fused

ADAM_SYSTEMS = ("numpy", "ng", "ng_numpy", "torch_single", "torch_foreach", "torch_fused", "jax")


def _arrays(sizes: tuple[int, ...], seed: int = 0) -> tuple[list, list]:
    """Parameters (weights (out, in) and biases) of an MLP of ``sizes`` and fixed gradients."""
    rng = np.random.default_rng(seed)
    shapes = [s for a, b in zip(sizes[:-1], sizes[1:]) for s in ((b, a), (b,))]
    params = [rng.standard_normal(s, dtype=np.float32) * 0.05 for s in shapes]
    grads = [rng.standard_normal(s, dtype=np.float32) * 0.01 for s in shapes]
    return params, grads


class NumpyAdam:
    """Adam by hand, in place, PyTorch's order of operations: the floor of a NumPy optimizer."""

    context = nullcontext

    def __init__(self, sizes: tuple[int, ...]) -> None:
        self.params, self.grads = _arrays(sizes)
        self.m = [np.zeros_like(p) for p in self.params]
        self.v = [np.zeros_like(p) for p in self.params]
        self.tmp = [np.empty_like(p) for p in self.params]
        self.t = 0

    def __call__(self) -> None:
        self.t += 1
        (b1, b2), lr = BETAS, LR["adam"]
        bc1, bc2 = 1 - b1**self.t, 1 - b2**self.t
        for p, g, m, v, tmp in zip(self.params, self.grads, self.m, self.v, self.tmp):
            m *= b1
            m += (1 - b1) * g
            v *= b2
            np.multiply(g, g, out=tmp)
            v += (1 - b2) * tmp
            np.sqrt(v, out=tmp)
            tmp /= np.sqrt(bc2)
            tmp += EPS
            np.divide(m, tmp, out=tmp)
            p -= (lr / bc1) * tmp

    def weights(self) -> list[np.ndarray]:
        return self.params


class LibraryAdam:
    """``mod.optim.Adam`` (neuralgrad or torch, with ``options``) over tensors holding the
    parameters, gradients set once."""

    def __init__(self, mod: Any, sizes: tuple[int, ...], fused: bool | None = None, **options):
        params, grads = _arrays(sizes)
        # neuralgrad: whether its fused kernels run (entered around each timed loop)
        self.context: Any = nullcontext if fused is None else partial(_fused.switched, fused)
        self.ps = [mod.tensor(p, requires_grad=True) for p in params]
        for p, g in zip(self.ps, grads):
            p.grad = mod.tensor(g)
        self.opt = mod.optim.Adam(self.ps, lr=LR["adam"], betas=BETAS, eps=EPS, **options)

    def __call__(self) -> None:
        self.opt.step()

    def weights(self) -> list[np.ndarray]:
        return [p.detach().numpy() for p in self.ps]


class JaxAdam:
    """A jitted Adam update of all parameters at once (optax's formula); blocks on the result."""

    context = nullcontext

    def __init__(self, sizes: tuple[int, ...]) -> None:
        import jax
        import jax.numpy as jnp

        params, grads = _arrays(sizes)
        (b1, b2), lr = BETAS, LR["adam"]
        self.state = ([jnp.asarray(p) for p in params], [jnp.zeros_like(p) for p in params])
        self.state += ([jnp.zeros_like(p) for p in params],)
        self.grads, self.t = [jnp.asarray(g) for g in grads], 0

        @jax.jit
        def update(ps: list, ms: list, vs: list, gs: list, t: Any) -> tuple:
            ms = [b1 * m + (1 - b1) * g for m, g in zip(ms, gs)]
            vs = [b2 * v + (1 - b2) * g * g for v, g in zip(vs, gs)]
            scale = lr / (1 - b1**t)
            ps = [
                p - scale * m / (jnp.sqrt(v) / jnp.sqrt(1 - b2**t) + EPS)
                for p, m, v in zip(ps, ms, vs)
            ]
            return ps, ms, vs

        self.update, self.f32 = update, jnp.float32

    def __call__(self) -> None:
        self.t += 1
        self.state = self.update(*self.state, self.grads, self.f32(self.t))
        self.state[0][0].block_until_ready()

    def weights(self) -> list[np.ndarray]:
        return [np.asarray(p) for p in self.state[0]]


def adam_systems(sizes: tuple[int, ...], torch: Any, jax_ok: bool) -> dict[str, Any]:
    """Every Adam implementation at hand over the parameters of an MLP of ``sizes``."""
    out: dict[str, Any] = {
        "numpy": NumpyAdam(sizes),
        "ng": LibraryAdam(ng, sizes),
        "ng_numpy": LibraryAdam(ng, sizes, fused=False),
    }
    if torch is not None:
        out["torch_single"] = LibraryAdam(torch, sizes, foreach=False)
        out["torch_foreach"] = LibraryAdam(torch, sizes, foreach=True)
        out["torch_fused"] = LibraryAdam(torch, sizes, fused=True)
    if jax_ok:
        out["jax"] = JaxAdam(sizes)
    return out


def check_adam(systems: dict[str, Any], steps: int = 20) -> tuple[bool, float]:
    """Run ``steps`` steps of every system (fresh ones); whether all parameters agree with the
    NumPy floor's (max |diff| / max |value| <= 1e-4 per parameter, the other benchmarks'
    check: Adam's ``m / sqrt(v)`` makes single elements with tiny gradients differ more), and
    the worst difference."""
    for fn in systems.values():
        with fn.context():
            for _ in range(steps):
                fn()
    ref = systems["numpy"].weights()
    worst = 0.0
    for fn in systems.values():
        for got, want in zip(fn.weights(), ref):
            worst = max(worst, float(np.max(np.abs(got - want)) / np.max(np.abs(want))))
    return worst < 1e-4, worst
