"""Helpers that run an op-table row in neuralgrad, NumPy and PyTorch and compare the results:
argument conversion, random upstream gradients, central differences."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from typing import Any

import numpy as np

import neuralgrad as ng
from op_db import OpInfo, Sample

__all__ = [
    "rng_for",
    "samples",
    "to_ng",
    "to_torch",
    "to_ref",
    "flat",
    "float_outputs",
    "upstream",
    "ng_grads",
    "torch_grads",
    "numerical_grads",
    "describe",
    "as_np",
    "dtype_name",
    "assert_close",
]


def rng_for(*key: Any) -> np.random.Generator:
    """A generator seeded from ``key``, so every test sees the same inputs on every run."""
    return np.random.default_rng(zlib.crc32(repr(key).encode()))


def samples(op: OpInfo, dtype: Any) -> list[Sample]:
    """The row's samples in ``dtype`` (the same values for float32 and float64)."""
    return op.samples(rng_for(op.name), np.dtype(dtype))


def _is_float(a: Any) -> bool:
    return isinstance(a, np.ndarray) and a.dtype.kind == "f"


def to_ng(arg: Any, grad: bool = True, device: str = "cpu") -> Any:
    """NumPy arrays as neuralgrad tensors on ``device`` (floats require grad when ``grad``);
    tuples recurse."""
    if isinstance(arg, np.ndarray):
        t = ng.tensor(arg, device=device)
        return t.requires_grad_() if grad and arg.dtype.kind == "f" else t
    if isinstance(arg, tuple):
        return tuple(to_ng(a, False, device) for a in arg)
    return arg


def to_torch(arg: Any, grad: bool = True, device: str = "cpu") -> Any:
    """NumPy arrays as PyTorch tensors on ``device`` (floats require grad when ``grad``); tuples
    recurse."""
    import torch

    if isinstance(arg, np.ndarray):
        t = torch.tensor(arg, device=device)
        return t.requires_grad_() if grad and arg.dtype.kind == "f" else t
    if isinstance(arg, tuple):
        return tuple(to_torch(a, False, device) for a in arg)
    return arg


def to_ref(arg: Any) -> Any:
    """Float arrays upcast to float64 for the NumPy reference."""
    return arg.astype(np.float64) if _is_float(arg) else arg


def flat(out: Any) -> list:
    """An op's result as a list of tensors (split, chunk and max(dim) give several)."""
    return list(out) if isinstance(out, (tuple, list)) else [out]


def as_np(t: Any) -> np.ndarray:
    """Any framework's tensor (or NumPy value) as a NumPy array."""
    if isinstance(t, ng.Tensor):
        return t.detach().numpy()
    if hasattr(t, "detach"):
        t = t.detach().cpu()
        return np.zeros(tuple(t.shape), dtype_name(t)) if t._is_zerotensor() else t.numpy()
    return np.asarray(t)


def dtype_name(t: Any) -> str:
    """``'float32'`` for a neuralgrad or a PyTorch tensor."""
    return str(t.dtype).split(".")[-1]


def float_outputs(outs: list) -> list:
    """The outputs a gradient can flow through (indices are left out)."""
    return [o for o in outs if o.is_floating_point()]


def upstream(rng: np.random.Generator, outs: list) -> list[np.ndarray]:
    """A random upstream gradient per floating-point output, in that output's dtype."""
    return [rng.standard_normal(tuple(o.shape)).astype(dtype_name(o)) for o in outs]


def _diff_inputs(args: tuple) -> list[int]:
    return [i for i, a in enumerate(args) if _is_float(a)]


def _grads(
    grad_fn: Callable, outs: list, inputs: list, vs: list, zeros: Callable, **kwargs: Any
) -> list:
    """``grad_fn`` over the outputs that require grad; None (unused) becomes zeros."""
    live = [(o, v) for o, v in zip(outs, vs) if o.requires_grad]
    if not live or not inputs:
        return [zeros(x) for x in inputs]
    got = grad_fn([o for o, _ in live], inputs, [v for _, v in live], allow_unused=True, **kwargs)
    return [zeros(x) if g is None else g for g, x in zip(got, inputs)]


def ng_grads(
    op: OpInfo,
    s: Sample,
    rng: np.random.Generator,
    create_graph: bool = False,
    device: str = "cpu",
) -> tuple:
    """(outputs, float outputs, input tensors, upstream tensors, input gradients) in neuralgrad
    on ``device``; the upstream gradient is drawn from ``rng``."""
    args = tuple(to_ng(a, True, device) for a in s.args)
    inputs = [args[i] for i in _diff_inputs(s.args)]
    outs = flat(op.ng(*args, **s.kwargs))
    fouts = float_outputs(outs)
    vts = [ng.tensor(v, device=device, requires_grad=create_graph) for v in upstream(rng, fouts)]
    grads = _grads(
        ng.autograd.grad, fouts, inputs, vts, lambda x: ng.zeros_like(x), create_graph=create_graph
    )
    return outs, fouts, inputs, vts, grads


def torch_grads(
    op: OpInfo, s: Sample, vs: list, create_graph: bool = False, device: str = "cpu"
) -> tuple:
    """(outputs, float outputs, input tensors, upstream tensors, input gradients) in PyTorch
    on ``device``."""
    import torch

    args = tuple(to_torch(a, True, device) for a in s.args)
    inputs = [args[i] for i in _diff_inputs(s.args)]
    outs = flat(op.torch(*args, **s.kwargs))
    fouts = [o for o in outs if o.is_floating_point()]
    vts = [torch.tensor(v, device=device, requires_grad=create_graph) for v in vs]
    grads = _grads(
        torch.autograd.grad, fouts, inputs, vts, torch.zeros_like, create_graph=create_graph
    )
    return outs, fouts, inputs, vts, grads


def _loss(op: OpInfo, args: tuple, kwargs: dict, vs: list, device: str) -> float:
    """``sum_k <out_k, v_k>`` in float64, with no graph recorded."""
    with ng.no_grad():
        outs = float_outputs(flat(op.ng(*(to_ng(a, False, device) for a in args), **kwargs)))
    return sum(float(np.sum(as_np(o).astype(np.float64) * v)) for o, v in zip(outs, vs))


def numerical_grads(
    op: OpInfo, s: Sample, vs: list, eps: float, device: str = "cpu"
) -> list[np.ndarray]:
    """Central differences of ``sum_k <out_k, v_k>`` for every floating-point input, the op
    run on ``device``."""
    args = [a.copy() if isinstance(a, np.ndarray) else a for a in s.args]
    result = []
    for i in _diff_inputs(s.args):
        x = args[i]
        g = np.zeros(x.shape, np.float64)
        xf, gf = x.reshape(-1), g.reshape(-1)
        for k in range(xf.size):
            orig = xf[k]
            xf[k] = orig + eps
            plus = _loss(op, tuple(args), s.kwargs, vs, device)
            xf[k] = orig - eps
            minus = _loss(op, tuple(args), s.kwargs, vs, device)
            xf[k] = orig
            gf[k] = (plus - minus) / (2 * eps)
        result.append(g)
    return result


def describe(s: Sample) -> str:
    """A short text naming a sample's argument shapes, for failure messages."""

    def one(a: Any) -> str:
        if isinstance(a, np.ndarray):
            return f"{a.dtype}{list(a.shape)}"
        if isinstance(a, tuple):
            return "(" + ", ".join(one(b) for b in a) + ")"
        return repr(a)

    kw = ", ".join(f"{k}={one(v)}" for k, v in s.kwargs.items())
    return ", ".join(one(a) for a in s.args) + (f"; {kw}" if kw else "")


def assert_close(actual: Any, expected: Any, rtol: float, atol: float, msg: str) -> None:
    """Values and shapes equal to tolerance (NaNs in the same places)."""
    a, e = as_np(actual), as_np(expected)
    assert a.shape == e.shape, f"{msg}: shape {a.shape} != expected {e.shape}"
    np.testing.assert_allclose(
        a.astype(np.float64) if a.dtype.kind != "b" else a,
        e.astype(np.float64) if e.dtype.kind != "b" else e,
        rtol=rtol,
        atol=atol,
        err_msg=msg,
    )
