"""Functional autograd: ``vjp``, ``jacobian``, ``hvp`` on plain functions of tensors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .._backend import array_ops
from .._tensor import Tensor, wrap
from . import grad_mode
from .engine import grad

__all__ = ["vjp", "jacobian", "hvp", "basis_seed"]


def _prepare(inputs: Any, create_graph: bool) -> tuple[tuple, bool]:
    single = isinstance(inputs, Tensor)
    xs = (inputs,) if single else tuple(inputs)
    prepared = []
    for x in xs:
        y = x if create_graph and x.requires_grad else x.detach()
        prepared.append(y.requires_grad_(True) if y._data.dtype.kind == "f" else y)
    return tuple(prepared), single


def _zeros_like(x: Tensor) -> Tensor:
    return wrap(x._data * 0)


def vjp(
    func: Callable, inputs: Any, v: Any = None, create_graph: bool = False, strict: bool = False
) -> tuple:
    """``(func(inputs), v^T J)``: the outputs and the vector-Jacobian product at ``inputs``."""
    xs, single = _prepare(inputs, create_graph)
    with grad_mode.enable_grad():
        out = func(*xs)
    outs = (out,) if isinstance(out, Tensor) else tuple(out)
    if v is None:
        if any(o._data.size != 1 for o in outs):
            raise RuntimeError("vjp: v can only be None if the function's outputs are scalars")
        vs = [wrap(o._data * 0 + 1) for o in outs]
    else:
        vs = [v] if isinstance(v, Tensor) else list(v)
    diff = [o for o in outs if o.requires_grad]
    if diff:
        gs = grad(
            diff,
            xs,
            [vv for o, vv in zip(outs, vs) if o.requires_grad],
            create_graph=create_graph,
            allow_unused=True,
        )
    else:
        gs = (None,) * len(xs)
    if strict and any(g is None for g in gs):
        raise RuntimeError("vjp(strict=True): an output is independent of an input")
    gs = tuple(_zeros_like(x) if g is None else g for x, g in zip(xs, gs))
    result = (
        out
        if create_graph
        else (out.detach() if isinstance(out, Tensor) else tuple(o.detach() for o in outs))
    )
    return result, (gs[0] if single else gs)


def basis_seed(o: Tensor, m: int) -> Tensor:
    """The upstream gradient that picks element ``m`` (flat) of ``o``: zeros of ``o``'s shape,
    dtype and device with a 1 there (one row of a Jacobian)."""
    seed = array_ops(o._data).zeros(o._data.size, dtype=o._data.dtype)
    seed[m] = 1
    return wrap(seed.reshape(o._data.shape))


def jacobian(
    func: Callable,
    inputs: Any,
    create_graph: bool = False,
    strict: bool = False,
    vectorize: bool = False,
    strategy: str = "reverse-mode",
) -> Any:
    """The Jacobian of ``func`` at ``inputs``: shape ``out.shape + in.shape`` per pair, nested
    like PyTorch's (a tensor for one input and one output, tuples otherwise)."""
    xs, single_in = _prepare(inputs, create_graph)
    with grad_mode.enable_grad():
        out = func(*xs)
    single_out = isinstance(out, Tensor)
    outs = (out,) if single_out else tuple(out)
    table = []
    for o in outs:
        rows: list = [[] for _ in xs]
        for m in range(o._data.size):
            if o.requires_grad:
                gs = grad(
                    [o],
                    xs,
                    [basis_seed(o, m)],
                    retain_graph=True,
                    create_graph=create_graph,
                    allow_unused=True,
                )
            else:
                gs = (None,) * len(xs)
            for i, (x, g) in enumerate(zip(xs, gs)):
                if g is None and strict:
                    raise RuntimeError(
                        f"jacobian(strict=True): an output is independent of input {i}"
                    )
                rows[i].append(_zeros_like(x) if g is None else g)
        from ..ops.shape import stack

        blocks = tuple(
            (
                stack(r) if r else wrap(array_ops(x._data).zeros((0,) + x.shape, x._data.dtype))
            ).reshape(*(o.shape + x.shape))
            for r, x in zip(rows, xs)
        )
        table.append(blocks[0] if single_in else blocks)
    return table[0] if single_out else tuple(table)


def hvp(
    func: Callable, inputs: Any, v: Any, create_graph: bool = False, strict: bool = False
) -> tuple:
    """``(func(inputs), H v)``: a Hessian-vector product of a scalar function by double backward."""
    xs, single = _prepare(inputs, True)
    vs = (v,) if isinstance(v, Tensor) else tuple(v)
    with grad_mode.enable_grad():
        out = func(*xs)
        gs = grad([out], xs, create_graph=True, allow_unused=True)
        dot = None
        for g, vv in zip(gs, vs):
            if g is not None:
                term = (g * vv).sum()
                dot = term if dot is None else dot + term
    hv = (
        grad([dot], xs, create_graph=create_graph, allow_unused=True)
        if dot is not None
        else (None,) * len(xs)
    )
    hv = tuple(_zeros_like(x) if h is None else h for x, h in zip(xs, hv))
    return out.detach(), (hv[0] if single else hv)
