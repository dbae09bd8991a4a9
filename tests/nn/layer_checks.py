"""Helpers for checking layers: run a neuralgrad layer side by side with its PyTorch twin (copy
the weights, run forward and backward with the same input and upstream gradient, compare
everything), and build gradient functions for second-order finite-difference checks."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import neuralgrad as ng

DTYPES = [np.float32, np.float64]
TOL = {np.float32: dict(rtol=2e-4, atol=2e-5), np.float64: dict(rtol=1e-9, atol=1e-11)}


def rng(*key: Any) -> np.random.Generator:
    """A generator seeded from ``key``: the same inputs on every run."""
    return np.random.default_rng(zlib.crc32(repr(key).encode()))


def ng_dtype(dtype: Any) -> Any:
    return ng.float64 if np.dtype(dtype) == np.float64 else ng.float32


def torch_dtype(dtype: Any) -> Any:
    torch = pytest.importorskip("torch")
    return torch.float64 if np.dtype(dtype) == np.float64 else torch.float32


def randomize(tmod: Any, r: np.random.Generator) -> None:
    """Give the PyTorch module's parameters random values (defaults hide weight/bias bugs)."""
    torch = pytest.importorskip("torch")
    with torch.no_grad():
        for p in tmod.parameters():
            p.copy_(
                torch.tensor(
                    r.uniform(0.5, 1.5, tuple(p.shape)) * r.choice([-1.0, 1.0], tuple(p.shape))
                )
            )


def copy_state(tmod: Any, nmod: Any) -> None:
    """Load the PyTorch module's state dict (parameters and buffers) into ours, strictly."""
    nmod.load_state_dict({k: ng.tensor(v.detach().numpy()) for k, v in tmod.state_dict().items()})


def close(actual: Any, expected: Any, dtype: Any, msg: str = "") -> None:
    """Equal to the dtype's tolerance, as float64 arrays."""
    a = actual.detach().numpy() if hasattr(actual, "detach") else np.asarray(actual)
    e = expected.detach().numpy() if hasattr(expected, "detach") else np.asarray(expected)
    assert a.shape == e.shape, f"{msg}: shape {a.shape} != {e.shape}"
    np.testing.assert_allclose(
        a.astype(np.float64), e.astype(np.float64), err_msg=msg, **TOL[np.dtype(dtype).type]
    )


def run_both(nmod: Any, tmod: Any, x: np.ndarray, r: np.random.Generator) -> None:
    """Forward ``x`` through both modules, backward a random upstream gradient, and compare
    outputs (values and dtype), input gradients and every parameter gradient."""
    torch = pytest.importorskip("torch")
    tx = torch.tensor(x, requires_grad=True)
    nx = ng.tensor(x, requires_grad=True)
    ty, ny = tmod(tx), nmod(nx)
    assert ny.dtype == ng_dtype(x.dtype), f"output dtype {ny.dtype} for {x.dtype} input"
    g = r.standard_normal(tuple(ty.shape)).astype(x.dtype)
    ty.backward(torch.tensor(g))
    ny.backward(ng.tensor(g))
    close(ny, ty, x.dtype, "output")
    close(nx.grad, tx.grad, x.dtype, "input gradient")
    tparams = dict(tmod.named_parameters())
    nparams = dict(nmod.named_parameters())
    assert set(nparams) == set(tparams)
    for name, p in nparams.items():
        close(p.grad, tparams[name].grad, x.dtype, f"gradient of {name}")


def compare_buffers(nmod: Any, tmod: Any, dtype: Any) -> None:
    """Same buffer names and values (running statistics, ``num_batches_tracked``)."""
    tb = dict(tmod.named_buffers())
    nb = dict(nmod.named_buffers())
    assert set(nb) == set(tb)
    for name, b in nb.items():
        assert str(b.dtype).split(".")[-1] == str(tb[name].dtype).split(".")[-1], name
        close(b, tb[name], dtype, f"buffer {name}")


def grad_of(fn: Callable, v: Any) -> Callable:
    """``inputs -> d<fn(*inputs), v>/d inputs`` with its own graph (``create_graph``), so that
    ``gradcheck`` of it checks second derivatives. Grad mode is switched on inside because our
    ``gradcheck`` evaluates the function under ``no_grad`` for its finite differences."""

    def grads(*inputs: Any) -> tuple:
        with ng.enable_grad():
            return ng.autograd.grad(fn(*inputs), inputs, v, create_graph=True)

    return grads
