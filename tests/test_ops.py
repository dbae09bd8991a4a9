"""Every op in the table against NumPy (forward), central differences (backward), PyTorch (values,
dtypes and gradients, first and second order); plus coverage and dtype promotion checks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import neuralgrad as ng
import neuralgrad.nn.functional as F
from devices import DEVICES
from op_db import EXEMPT, OPS, OpInfo
from opcheck import (
    as_np,
    assert_close,
    describe,
    dtype_name,
    flat,
    ng_grads,
    numerical_grads,
    rng_for,
    samples,
    to_ng,
    to_ref,
    torch_grads,
)

IDS = [op.name for op in OPS]
TOL64 = (1e-7, 1e-10)
MOVES_TO_CPU = {"cpu"}  # rows whose result leaves the inputs' device on purpose


def _tol(op: OpInfo, dtype: Any) -> tuple:
    return op.tol32 if np.dtype(dtype) == np.float32 else TOL64


# ---- (a) forward against NumPy --------------------------------------------------------------
@pytest.mark.parametrize("device", DEVICES, indirect=True)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("op", OPS, ids=IDS)
def test_forward_matches_numpy(op: OpInfo, dtype: Any, device: str) -> None:
    """Values and shapes equal the NumPy reference computed in float64 on the same inputs."""
    rtol, atol = _tol(op, dtype)
    for k, s in enumerate(samples(op, dtype)):
        msg = f"{op.name} sample {k} ({describe(s)})"
        got = op.ng(*(to_ng(a, False, device) for a in s.args), **s.kwargs)
        want = op.ref(*(to_ref(a) for a in s.args), **s.kwargs)
        got_l, want_l = (list(got), list(want)) if isinstance(want, tuple) else ([got], [want])
        assert len(got_l) == len(want_l), f"{msg}: {len(got_l)} outputs, expected {len(want_l)}"
        for g, w in zip(got_l, want_l):
            assert isinstance(g, ng.Tensor), f"{msg}: returned {type(g).__name__}"
            where = "cpu" if op.name in MOVES_TO_CPU else device
            assert g.device == where, f"{msg}: result on {g.device}, inputs on {device}"
            assert_close(g, w, rtol, atol, msg)


# ---- (b) gradients against central differences ----------------------------------------------
@pytest.mark.parametrize("device", DEVICES, indirect=True)
@pytest.mark.parametrize("op", OPS, ids=IDS)
def test_gradient_matches_finite_differences(op: OpInfo, device: str) -> None:
    """float64 VJPs with a random upstream gradient equal central differences of <f(x), v>."""
    rng = rng_for(op.name, "fd")
    checked = 0
    for k, s in enumerate(samples(op, np.float64)):
        if not s.fd:
            continue
        msg = f"{op.name} sample {k} ({describe(s)})"
        _, fouts, inputs, vts, grads = ng_grads(op, s, rng=rng, device=device)
        for x, g in zip(inputs, grads):
            assert g.shape == x.shape, f"{msg}: gradient shape {g.shape} != input {x.shape}"
            assert g.dtype == x.dtype, f"{msg}: gradient dtype {g.dtype} != input {x.dtype}"
            assert g.device == x.device, f"{msg}: gradient on {g.device}, input on {x.device}"
        num = numerical_grads(op, s, [as_np(v) for v in vts], op.fd_eps, device)
        for i, (g, n) in enumerate(zip(grads, num)):
            assert_close(g, n, 1e-4, op.fd_atol, f"{msg}, input {i}")
        checked += bool(inputs)
    assert checked, f"{op.name}: no sample was checked against finite differences"


# ---- (c) PyTorch parity ---------------------------------------------------------------------
def _compare_outputs(outs: list, touts: list, tol: tuple, msg: str) -> None:
    assert len(outs) == len(touts), f"{msg}: {len(outs)} outputs, PyTorch gives {len(touts)}"
    for o, t in zip(outs, touts):
        assert dtype_name(o) == dtype_name(t), f"{msg}: dtype {o.dtype}, PyTorch {t.dtype}"
        assert_close(o, t, *tol, msg)


def _compare_grads(grads: list, tgrads: list, tol: tuple, msg: str) -> None:
    for i, (g, tg) in enumerate(zip(grads, tgrads)):
        assert dtype_name(g) == dtype_name(tg), f"{msg}: grad {i} dtype {g.dtype} vs {tg.dtype}"
        assert_close(g, tg, *tol, f"{msg}, grad of input {i}")


@pytest.mark.parametrize("device", DEVICES, indirect=True)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("op", OPS, ids=IDS)
def test_matches_torch(op: OpInfo, dtype: Any, device: str, torch_device: str) -> None:
    """Values, dtypes, shapes and input gradients (random upstream) equal PyTorch's (on PyTorch
    CUDA for a real GPU)."""
    pytest.importorskip("torch")
    rng = rng_for(op.name, "torch", np.dtype(dtype).name)
    tol = _tol(op, dtype)
    for k, s in enumerate(samples(op, dtype)):
        msg = f"{op.name} sample {k} ({describe(s)})"
        outs, _, _, vts, grads = ng_grads(op, s, rng=rng, device=device)
        touts, _, _, _, tgrads = torch_grads(op, s, [as_np(v) for v in vts], device=torch_device)
        _compare_outputs(outs, touts, tol, msg)
        _compare_grads(grads, tgrads, tol, msg)


# ---- (f) second order -----------------------------------------------------------------------
def _second(
    grads: list, inputs: list, vts: list, ws: list, grad_fn: Callable, zeros: Callable
) -> list:
    """d<grads, w>/d(inputs, upstream): the double-backward of the op."""
    live = [(g, w) for g, w in zip(grads, ws) if g.requires_grad]
    wrt = inputs + vts
    if not live:  # the gradient is a constant: PyTorch may build no graph where we build one
        return [zeros(x) for x in wrt]
    total = sum((g * w).sum() for g, w in live)
    got = grad_fn(total, wrt, allow_unused=True)
    return [zeros(x) if h is None else h for h, x in zip(got, wrt)]


@pytest.mark.parametrize("device", DEVICES, indirect=True)
@pytest.mark.parametrize(
    "op", [op for op in OPS if op.second_order], ids=[op.name for op in OPS if op.second_order]
)
def test_second_order_matches_torch(op: OpInfo, device: str, torch_device: str) -> None:
    """``create_graph=True`` gradients, and gradients of those, equal PyTorch's (float64)."""
    torch = pytest.importorskip("torch")
    rng = rng_for(op.name, "second")
    for k, s in enumerate(samples(op, np.float64)):
        if not s.fd:  # second derivatives on a kink are undefined (inf vs nan)
            continue
        msg = f"{op.name} sample {k} ({describe(s)})"
        _, _, inputs, vts, grads = ng_grads(op, s, rng=rng, create_graph=True, device=device)
        if not inputs:
            continue
        _, _, tinputs, tvts, tgrads = torch_grads(
            op, s, [as_np(v) for v in vts], create_graph=True, device=torch_device
        )
        _compare_grads(grads, tgrads, TOL64, f"{msg} (create_graph)")
        ws = [rng.standard_normal(tuple(x.shape)) for x in inputs]
        nws = [ng.tensor(w, device=device) for w in ws]
        second = _second(grads, inputs, vts, nws, ng.autograd.grad, ng.zeros_like)
        tsecond = _second(
            tgrads,
            tinputs,
            tvts,
            [torch.tensor(w, device=torch_device) for w in ws],
            torch.autograd.grad,
            torch.zeros_like,
        )
        _compare_grads(second, tsecond, TOL64, f"{msg} (second order)")


# ---- (d) coverage ---------------------------------------------------------------------------
# Exports that are not differentiable ops: they need no row.
NON_DIFFERENTIABLE = {
    "eq",
    "ne",
    "lt",
    "le",
    "gt",
    "ge",
    "argmax",
    "argmin",
    "sign",
    "round",
    "floor",
    "ceil",
    "isnan",
    "isfinite",
    "isinf",
    "all",
    "any",
    "allclose",
    "isclose",
    "equal",
    "nonzero",
    "logical_and",
    "logical_or",
    "logical_xor",
    "logical_not",
    "Tensor.__eq__",
    "Tensor.__ne__",
    "Tensor.__lt__",
    "Tensor.__le__",
    "Tensor.__gt__",
    "Tensor.__ge__",
    "Tensor.__and__",
    "Tensor.__or__",
    "Tensor.__xor__",
    "Tensor.__invert__",
    "Tensor.__rand__",
    "Tensor.__ror__",
    "Tensor.__rxor__",
    "Tensor.__floordiv__",
    "Tensor.__rfloordiv__",
    "Tensor.long",
    "Tensor.bool",
    "Tensor.detach",
    "Tensor.detach_",
    "Tensor.uniform_",
    "Tensor.normal_",
    "F.one_hot",
}
NOT_OPS = {
    # creation, randomness, grad mode, dtypes
    "tensor",
    "as_tensor",
    "from_numpy",
    "zeros",
    "ones",
    "full",
    "empty",
    "eye",
    "arange",
    "linspace",
    "zeros_like",
    "ones_like",
    "full_like",
    "empty_like",
    "rand",
    "randn",
    "randint",
    "randperm",
    "rand_like",
    "randn_like",
    "randint_like",
    "manual_seed",
    "seed",
    "initial_seed",
    "get_rng_state",
    "set_rng_state",
    "get_default_dtype",
    "set_default_dtype",
    "is_grad_enabled",
    "is_anomaly_enabled",
    "save",
    "load",
    "Tensor.new_zeros",
    "Tensor.new_ones",
    "Tensor.new_tensor",
    # tensor attributes, conversion to Python/NumPy, autograd bookkeeping
    "Tensor.shape",
    "Tensor.ndim",
    "Tensor.dtype",
    "Tensor.device",
    "Tensor.is_leaf",
    "Tensor.data",
    "Tensor.retains_grad",
    "Tensor.is_cuda",
    "Tensor.size",
    "Tensor.numel",
    "Tensor.dim",
    "Tensor.element_size",
    "Tensor.is_floating_point",
    "Tensor.backward",
    "Tensor.requires_grad_",
    "Tensor.retain_grad",
    "Tensor.numpy",
    "Tensor.item",
    "Tensor.tolist",
    "Tensor.grad",
    "Tensor.grad_fn",
    "Tensor.requires_grad",
    "Tensor.__init__",
    "Tensor.__array__",
    "Tensor.__len__",
    "Tensor.__iter__",
    "Tensor.__bool__",
    "Tensor.__float__",
    "Tensor.__int__",
    "Tensor.__index__",
    "Tensor.__format__",
    "Tensor.__hash__",
    "Tensor.__repr__",
    "Tensor.__reduce_ex__",
    "Tensor.__deepcopy__",
}
_OBJECT_ATTRS = set(vars(object)) | {
    "__slots__",
    "__weakref__",
    "__module__",
    "__doc__",
    "__dict__",
    "__array_priority__",
    "__annotations__",
}


def _resolve(name: str) -> Any:
    if name.startswith("Tensor."):
        return vars(ng.Tensor)[name[len("Tensor.") :]]
    if name.startswith("F."):
        return getattr(F, name[len("F.") :])
    return getattr(ng, name)


def _exported_ops() -> dict[str, Any]:
    """Every public function of ``neuralgrad`` and of ``nn.functional`` (its ``__all__``) and
    every method/property of ``Tensor``."""
    out = {
        n: getattr(ng, n)
        for n in dir(ng)
        if not n.startswith("_")
        and callable(getattr(ng, n))
        and not isinstance(getattr(ng, n), type)
    }
    for n, v in vars(ng.Tensor).items():
        if n.startswith("__") and n in _OBJECT_ATTRS - {
            "__init__",
            "__repr__",
            "__format__",
            "__hash__",
            "__reduce_ex__",
        }:
            continue
        if n.startswith("_") and not n.startswith("__"):
            continue
        out[f"Tensor.{n}"] = v
    out.update((f"F.{n}", getattr(F, n)) for n in F.__all__)
    return out


def test_every_differentiable_op_has_a_row() -> None:
    """An exported differentiable op (by name or alias) with no row in op_db fails here."""
    covered = {id(_resolve(n)) for op in OPS for n in op.covers}
    exempt = NON_DIFFERENTIABLE | NOT_OPS | set(EXEMPT)
    missing = sorted(
        n
        for n, v in _exported_ops().items()
        if n not in exempt and n.removeprefix("Tensor.") not in exempt and id(v) not in covered
    )
    assert not missing, f"differentiable ops with no op_db row (add one, or exempt): {missing}"


def test_rows_are_unique() -> None:
    """Each op is listed once: row names and covered exports never repeat."""
    names = [op.name for op in OPS]
    assert len(names) == len(set(names))
    covers = [id(_resolve(n)) for op in OPS for n in op.covers]
    assert len(covers) == len(set(covers)), "an export is covered by two rows"


# ---- (e) dtype promotion --------------------------------------------------------------------
# (description, fn(module, *tensors), operands as (values, dtype name))
PROMOTION = [
    ("int64 * 2.5", lambda m, a: a * 2.5, [([1, 2], "int64")]),
    ("2.5 * int64", lambda m, a: 2.5 * a, [([1, 2], "int64")]),
    ("int64 / int64", lambda m, a, b: a / b, [([1, 3], "int64"), ([2, 2], "int64")]),
    ("int64 / 2", lambda m, a: a / 2, [([1, 3], "int64")]),
    ("3 / int64", lambda m, a: 3 / a, [([1, 3], "int64")]),
    ("div(int64, int64)", lambda m, a, b: m.div(a, b), [([7], "int64"), ([2], "int64")]),
    ("float32 + 0-d float64", lambda m, a, b: a + b, [([1.5, 2.0], "float32"), (2.25, "float64")]),
    ("0-d float64 + float32", lambda m, a, b: b + a, [([1.5, 2.0], "float32"), (2.25, "float64")]),
    ("float32 + float64", lambda m, a, b: a + b, [([1.5], "float32"), ([2.25], "float64")]),
    ("0-d float32 + 0-d float64", lambda m, a, b: a + b, [(1.5, "float32"), (2.25, "float64")]),
    ("int64 + 0-d float32", lambda m, a, b: a + b, [([1, 2], "int64"), (0.5, "float32")]),
    ("int64 + 0-d float64", lambda m, a, b: a + b, [([1, 2], "int64"), (0.5, "float64")]),
    ("0-d int64 + 2.5", lambda m, a: a + 2.5, [(3, "int64")]),
    ("0-d int64 * float32", lambda m, a, b: a * b, [(3, "int64"), ([1.5], "float32")]),
    ("float32 * 0-d int64", lambda m, a, b: a * b, [([1.5], "float32"), (3, "int64")]),
    ("float32 * 3", lambda m, a: a * 3, [([1.5], "float32")]),
    ("float64 * 2.5", lambda m, a: a * 2.5, [([1.5], "float64")]),
    ("0-d float32 + 2.5", lambda m, a: a + 2.5, [(1.5, "float32")]),
    ("bool + 1", lambda m, a: a + 1, [([True, False], "bool")]),
    ("bool + True", lambda m, a: a + True, [([True, False], "bool")]),
    ("bool + bool", lambda m, a, b: a + b, [([True, False], "bool"), ([True, True], "bool")]),
    ("bool * 2.5", lambda m, a: a * 2.5, [([True, False], "bool")]),
    ("bool + int64", lambda m, a, b: a + b, [([True, False], "bool"), ([3, 4], "int64")]),
    ("bool + 0-d float64", lambda m, a, b: a + b, [([True, False], "bool"), (0.5, "float64")]),
    ("int64 + True", lambda m, a: a + True, [([1, 2], "int64")]),
    ("int64 - 0.5", lambda m, a: a - 0.5, [([1, 2], "int64")]),
    ("0.5 - int64", lambda m, a: 0.5 - a, [([1, 2], "int64")]),
    ("int64 ** 2", lambda m, a: a**2, [([1, 3], "int64")]),
    ("int64 ** 0.5", lambda m, a: a**0.5, [([1, 4], "int64")]),
    ("2 ** int64", lambda m, a: 2**a, [([1, 3], "int64")]),
    ("2.5 ** int64", lambda m, a: 2.5**a, [([1, 3], "int64")]),
    ("float32 ** 0-d float64", lambda m, a, b: a**b, [([1.5], "float32"), (2.0, "float64")]),
    ("int64 ** float32", lambda m, a, b: a**b, [([2, 3], "int64"), ([0.5], "float32")]),
    (
        "maximum(int64, float32)",
        lambda m, a, b: m.maximum(a, b),
        [([1, 5], "int64"), ([2.5, 0.5], "float32")],
    ),
    (
        "minimum(bool, int64)",
        lambda m, a, b: m.minimum(a, b),
        [([True, False], "bool"), ([0, 2], "int64")],
    ),
    (
        "where(int64, float32)",
        lambda m, c, a, b: m.where(c, a, b),
        [([True, False], "bool"), ([1, 2], "int64"), ([0.5, 1.5], "float32")],
    ),
    (
        "where(float32, 0.0)",
        lambda m, c, a: m.where(c, a, 0.0),
        [([True, False], "bool"), ([0.5, 1.5], "float32")],
    ),
    (
        "where(int64, 2.5)",
        lambda m, c, a: m.where(c, a, 2.5),
        [([True, False], "bool"), ([1, 2], "int64")],
    ),
    (
        "where(float32, 0-d float64)",
        lambda m, c, a, b: m.where(c, a, b),
        [([True, False], "bool"), ([0.5, 1.5], "float32"), (2.0, "float64")],
    ),
    ("cat(int64, float32)", lambda m, a, b: m.cat([a, b]), [([1], "int64"), ([0.5], "float32")]),
    (
        "cat(float32, float64)",
        lambda m, a, b: m.cat([a, b]),
        [([1.5], "float32"), ([0.5], "float64")],
    ),
    ("stack(bool, int64)", lambda m, a, b: m.stack([a, b]), [([True], "bool"), ([3], "int64")]),
    ("exp(int64)", lambda m, a: m.exp(a), [([0, 1], "int64")]),
    ("sqrt(int64)", lambda m, a: m.sqrt(a), [([1, 4], "int64")]),
    ("log(bool)", lambda m, a: m.log(a), [([True, True], "bool")]),
    ("sigmoid(int64)", lambda m, a: m.sigmoid(a), [([0, 1], "int64")]),
    ("sin(int64)", lambda m, a: m.sin(a), [([0, 1], "int64")]),
    ("abs(int64)", lambda m, a: m.abs(a), [([-1, 2], "int64")]),
    ("neg(int64)", lambda m, a: -a, [([-1, 2], "int64")]),
    ("relu(int64)", lambda m, a: m.relu(a), [([-1, 2], "int64")]),
    ("sum(bool)", lambda m, a: a.sum(), [([True, True, False], "bool")]),
    ("sum(int64, dim)", lambda m, a: a.sum(0), [([[1, 2], [3, 4]], "int64")]),
    ("amax(int64)", lambda m, a: a.amax(), [([1, 5, 2], "int64")]),
    ("clamp(int64, min=0.5)", lambda m, a: a.clamp(min=0.5), [([0, 2], "int64")]),
    ("clamp(int64, min=1)", lambda m, a: a.clamp(min=1), [([0, 2], "int64")]),
    (
        "clamp(float32, 0-d float64)",
        lambda m, a, b: a.clamp(min=b),
        [([0.0, 2.0], "float32"), (1.0, "float64")],
    ),
    ("matmul(int64, int64)", lambda m, a, b: a @ b, [([[1, 2]], "int64"), ([3, 4], "int64")]),
    ("norm(float64)", lambda m, a: a.norm(), [([3.0, 4.0], "float64")]),
    ("to(float64) of int64", lambda m, a: a.double(), [([1, 2], "int64")]),
    ("mean(int64, dtype=float64)", lambda m, a: a.mean(dtype=m.float64), [([1, 2], "int64")]),
]


def _make(m: Any, values: Any, dtype: str) -> Any:
    return m.tensor(values, dtype=getattr(m, dtype))


@pytest.mark.parametrize("case", PROMOTION, ids=[c[0] for c in PROMOTION])
def test_dtype_promotion_matches_torch(case: tuple) -> None:
    """Result dtype (and values) for mixed dtypes and Python scalars equal PyTorch's."""
    torch = pytest.importorskip("torch")
    _, fn, operands = case
    got = fn(ng, *(_make(ng, v, d) for v, d in operands))
    want = fn(torch, *(_make(torch, v, d) for v, d in operands))
    assert dtype_name(got) == dtype_name(want), f"dtype {got.dtype}, PyTorch gives {want.dtype}"
    assert got.shape == tuple(want.shape)
    np.testing.assert_allclose(
        as_np(got).astype(np.float64), as_np(want).astype(np.float64), rtol=1e-6
    )


# ---- (g) leaf gradients own their memory ----------------------------------------------------
@pytest.mark.parametrize("op", OPS, ids=IDS)
def test_leaf_gradients_own_their_memory(op: OpInfo) -> None:
    """After ``backward`` each input's ``.grad`` is an array of its own: it shares memory with
    no other input's gradient and not with the upstream gradient (``Node.fresh_grads``)."""
    rng = rng_for(op.name, "ownership")
    for k, s in enumerate(samples(op, np.float64)):
        msg = f"{op.name} sample {k} ({describe(s)})"
        args = tuple(to_ng(a) for a in s.args)
        outs = [o for o in flat(op.ng(*args, **s.kwargs)) if o.requires_grad]
        if not outs:
            continue
        vs = [ng.tensor(rng.standard_normal(tuple(o.shape))) for o in outs]
        ng.autograd.backward(outs, vs)
        grads = [a.grad._data for a in args if isinstance(a, ng.Tensor) and a.grad is not None]
        for i, g in enumerate(grads):
            for other in grads[i + 1 :] + [v._data for v in vs]:
                assert not np.shares_memory(g, other), f"{msg}: gradient {i} is shared"
