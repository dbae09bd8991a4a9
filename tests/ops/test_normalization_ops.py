"""The fused normalisation kernels of ``ops/normalization.py``: one node each, equal to their
compositions from primitive ops (values; gradients for input, weight and bias; second-order
gradients) and to PyTorch's second-order gradients; running statistics updated in place."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import neuralgrad as ng
import neuralgrad.nn.functional as F

EPS = 1e-5


def _rng(*key: object) -> np.random.Generator:
    return np.random.default_rng(zlib.crc32(repr(key).encode()))


def _standardize(x: ng.Tensor, dims: tuple) -> ng.Tensor:
    mean = x.mean(dim=dims, keepdim=True)
    var = x.var(dim=dims, unbiased=False, keepdim=True)
    return (x - mean) / ng.sqrt(var + EPS)


def _affine(y: ng.Tensor, w: ng.Tensor, b: ng.Tensor, shape: tuple) -> ng.Tensor:
    return y * w.reshape(*shape) + b.reshape(*shape)


def _bn(x, w, b):
    shape = (1, x.shape[1]) + (1,) * (x.ndim - 2)
    return _affine(_standardize(x, (0, *range(2, x.ndim))), w, b, shape)


def _bn_eval(rm: np.ndarray, rv: np.ndarray) -> Callable:
    def fn(x, w, b):
        shape = (1, x.shape[1]) + (1,) * (x.ndim - 2)
        y = (x - ng.tensor(rm).reshape(*shape)) / ng.sqrt(ng.tensor(rv).reshape(*shape) + EPS)
        return _affine(y, w, b, shape)

    return fn


def _ln(k: int) -> Callable:
    def fn(x, w, b):
        return _standardize(x, tuple(range(x.ndim - k, x.ndim))) * w + b

    return fn


def _gn(groups: int) -> Callable:
    def fn(x, w, b):
        n, c = x.shape[:2]
        y = _standardize(x.reshape(n, groups, -1), (2,)).reshape(*x.shape)
        return _affine(y, w, b, (1, c) + (1,) * (x.ndim - 2))

    return fn


def _in(x, w, b):
    return _affine(
        _standardize(x, tuple(range(2, x.ndim))), w, b, (1, x.shape[1]) + (1,) * (x.ndim - 2)
    )


RM, RV = np.array([0.5, -1.0, 0.0, 2.0]), np.array([1.5, 0.3, 1.0, 4.0])
# (name, input shape, parameter shape, fused(x, w, b), composition(x, w, b), torch(torch, x, w, b))
CASES = [
    (
        "batch_norm 2d",
        (6, 4),
        (4,),
        lambda x, w, b: F.batch_norm(x, None, None, w, b, True),
        _bn,
        lambda t, x, w, b: t.nn.functional.batch_norm(x, None, None, w, b, True),
    ),
    (
        "batch_norm 3d",
        (3, 4, 5),
        (4,),
        lambda x, w, b: F.batch_norm(x, None, None, w, b, True),
        _bn,
        lambda t, x, w, b: t.nn.functional.batch_norm(x, None, None, w, b, True),
    ),
    (
        "batch_norm eval",
        (3, 4, 5),
        (4,),
        lambda x, w, b: F.batch_norm(x, ng.tensor(RM), ng.tensor(RV), w, b, False),
        _bn_eval(RM, RV),
        lambda t, x, w, b: t.nn.functional.batch_norm(x, t.tensor(RM), t.tensor(RV), w, b, False),
    ),
    (
        "layer_norm 1",
        (3, 4, 5),
        (5,),
        lambda x, w, b: F.layer_norm(x, (5,), w, b),
        _ln(1),
        lambda t, x, w, b: t.nn.functional.layer_norm(x, (5,), w, b),
    ),
    (
        "layer_norm 2",
        (3, 4, 5),
        (4, 5),
        lambda x, w, b: F.layer_norm(x, (4, 5), w, b),
        _ln(2),
        lambda t, x, w, b: t.nn.functional.layer_norm(x, (4, 5), w, b),
    ),
    (
        "group_norm",
        (3, 4, 5),
        (4,),
        lambda x, w, b: F.group_norm(x, 2, w, b),
        _gn(2),
        lambda t, x, w, b: t.nn.functional.group_norm(x, 2, w, b),
    ),
    (
        "group_norm 2d",
        (3, 6),
        (6,),
        lambda x, w, b: F.group_norm(x, 3, w, b),
        _gn(3),
        lambda t, x, w, b: t.nn.functional.group_norm(x, 3, w, b),
    ),
    (
        "instance_norm",
        (3, 4, 5),
        (4,),
        lambda x, w, b: F.instance_norm(x, weight=w, bias=b),
        _in,
        lambda t, x, w, b: t.nn.functional.instance_norm(x, weight=w, bias=b),
    ),
]
IDS = [c[0] for c in CASES]


def _data(case: tuple) -> tuple:
    r = _rng(case[0])
    xs, ps = case[1], case[2]
    return (
        r.standard_normal(xs) * 2 + 1,
        r.uniform(0.5, 1.5, ps),
        r.standard_normal(ps),
        r.standard_normal(xs),
        r.standard_normal(xs),
    )


def _orders(lib: Any, fn: Callable, arrays: tuple) -> list:
    """[y, dx, dw, db, d2x, d2w, d2b]: values, gradients for upstream v, and the gradients of
    <(dx, dw, db), (u, u_w, u_b)> with u, u_w, u_b derived from the second random array."""
    x, w, b, v, u = arrays
    ts = [lib.tensor(a, requires_grad=True) for a in (x, w, b)]
    y = fn(*ts)
    gs = lib.autograd.grad(y, ts, lib.tensor(v), create_graph=True)
    seeds = [
        lib.tensor(u),
        lib.tensor(u.reshape(-1)[: w.size].reshape(w.shape)),
        lib.tensor(u.reshape(-1)[-b.size :].reshape(b.shape)),
    ]
    total = sum((g * s).sum() for g, s in zip(gs, seeds))
    ggs = lib.autograd.grad(total, ts, allow_unused=True, materialize_grads=True)
    return [t.detach().numpy() for t in (y, *gs, *ggs)]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_fused_equals_composition(case: tuple) -> None:
    arrays = _data(case)
    fused = _orders(ng, case[3], arrays)
    composed = _orders(ng, case[4], arrays)
    for name, got, want in zip(["y", "dx", "dw", "db", "d2x", "d2w", "d2b"], fused, composed):
        np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-11, err_msg=name)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_first_and_second_order_match_torch(case: tuple) -> None:
    torch = pytest.importorskip("torch")
    arrays = _data(case)
    fused = _orders(ng, case[3], arrays)
    want = _orders(torch, lambda *ts: case[5](torch, *ts), arrays)
    for name, got, exp in zip(["y", "dx", "dw", "db", "d2x", "d2w", "d2b"], fused, want):
        np.testing.assert_allclose(got, exp, rtol=1e-10, atol=1e-11, err_msg=name)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_one_node_with_edges_to_input_weight_and_bias(case: tuple) -> None:
    x, w, b, _, _ = _data(case)
    ts = [ng.tensor(a, requires_grad=True) for a in (x, w, b)]
    y = case[3](*ts)
    assert y.grad_fn.name().startswith("Native")
    assert [f.variable for f, _ in y.grad_fn.next_functions] == ts
    assert case[3](*(ng.tensor(a) for a in (x, w, b))).grad_fn is None


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_without_weight_and_bias(case: tuple) -> None:
    """weight/bias None: the plain standardisation, whose gradient skips the affine part."""
    x, w, b, v, _ = _data(case)
    ones, zeros = np.ones_like(w), np.zeros_like(b)
    t1, t2 = ng.tensor(x, requires_grad=True), ng.tensor(x, requires_grad=True)
    y1 = case[3](t1, None, None)
    y2 = case[4](t2, ng.tensor(ones), ng.tensor(zeros))
    y1.backward(ng.tensor(v))
    y2.backward(ng.tensor(v))
    np.testing.assert_allclose(y1.detach().numpy(), y2.detach().numpy(), rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(t1.grad.numpy(), t2.grad.numpy(), rtol=1e-10, atol=1e-11)


def test_batch_norm_updates_running_statistics_in_place() -> None:
    """EMA of the batch mean and the unbiased variance; the buffers' versions move."""
    x = _rng("running").standard_normal((5, 3, 2))
    rm, rv = ng.zeros(3, dtype=ng.float64), ng.ones(3, dtype=ng.float64)
    data_before, version = rm._data, rm._version
    F.batch_norm(ng.tensor(x), rm, rv, training=True, momentum=0.25)
    assert rm._data is data_before and rm._version == version + 1
    np.testing.assert_allclose(rm.numpy(), 0.25 * x.mean(axis=(0, 2)), rtol=1e-12)
    np.testing.assert_allclose(rv.numpy(), 0.75 + 0.25 * x.var(axis=(0, 2), ddof=1), rtol=1e-12)


def test_instance_norm_running_statistics_average_the_instances() -> None:
    x = _rng("inst").standard_normal((4, 3, 6))
    rm, rv = ng.zeros(3, dtype=ng.float64), ng.ones(3, dtype=ng.float64)
    F.instance_norm(ng.tensor(x), rm, rv, momentum=0.5)
    np.testing.assert_allclose(rm.numpy(), 0.5 * x.mean(axis=2).mean(axis=0), rtol=1e-12)
    np.testing.assert_allclose(
        rv.numpy(), 0.5 + 0.5 * x.var(axis=2, ddof=1).mean(axis=0), rtol=1e-12
    )


def test_large_offset_and_constant_channel_stay_accurate() -> None:
    """float32 inputs around 1e3 with a 0.1 spread, and a constant channel (variance 0): the
    two-pass statistics stay finite and close to the float64 answer; the constant channel
    normalises to exactly 0."""
    torch = pytest.importorskip("torch")
    x = 1000 + _rng("big").standard_normal((4, 3, 5)).astype(np.float32) * 0.1
    x[:, 1] = 1000.0
    g = _rng("big g").standard_normal(x.shape)
    nx = ng.tensor(x, requires_grad=True)
    tx = torch.tensor(x.astype(np.float64), requires_grad=True)
    ny = F.batch_norm(nx, None, None, training=True)
    ty = torch.nn.functional.batch_norm(tx, None, None, training=True)
    ny.backward(ng.tensor(g.astype(np.float32)))
    ty.backward(torch.tensor(g))
    assert np.isfinite(ny.detach().numpy()).all() and np.isfinite(nx.grad.numpy()).all()
    np.testing.assert_array_equal(ny.detach().numpy()[:, 1], 0.0)
    np.testing.assert_allclose(ny.detach().numpy(), ty.detach().numpy(), rtol=1e-2, atol=1e-2)
    np.testing.assert_allclose(nx.grad.numpy(), tx.grad.numpy(), rtol=1e-2, atol=1e-1)
