"""Property-based checks of the two places where gradients change shape: broadcasting
(un-broadcast sums) and indexing (scatter-adds with repeated indices)."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import mutually_broadcastable_shapes

import neuralgrad as ng
from op_db import OPS, S
from op_db.rows import grid, off0, rand
from opcheck import as_np, assert_close, ng_grads, numerical_grads, torch_grads

try:
    import torch
except ImportError:  # PyTorch is optional: the finite-difference checks still run
    torch = None

ROWS = {op.name: op for op in OPS}
# Input makers keep each op off its kinks: divisors away from 0, maximum's inputs never tied.
MAKERS = {
    "add": (rand, rand),
    "sub": (rand, rand),
    "mul": (rand, rand),
    "div": (rand, off0),
    "maximum": (grid, lambda r, d, s: grid(r, d, s, 0.25)),
    "minimum": (grid, lambda r, d, s: grid(r, d, s, 0.25)),
}
PROFILE = settings(max_examples=40, deadline=None)


@PROFILE
@given(
    name=st.sampled_from(sorted(MAKERS)),
    shapes=mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=3),
    seed=st.integers(0, 2**32 - 1),
)
def test_broadcast_gradients(name: str, shapes: Any, seed: int) -> None:
    """Gradients of broadcasting binary ops have the inputs' shapes and equal central
    differences (and PyTorch's, when installed) for any broadcast-compatible pair."""
    op, (ga, gb) = ROWS[name], MAKERS[name]
    rng = np.random.default_rng(seed)
    (sa, sb) = shapes.input_shapes
    s = S(ga(rng, np.float64, sa), gb(rng, np.float64, sb))
    outs, _, inputs, vts, grads = ng_grads(op, s, rng=rng)
    assert outs[0].shape == shapes.result_shape
    assert [g.shape for g in grads] == [sa, sb]
    vs = [as_np(v) for v in vts]
    for i, (g, n) in enumerate(zip(grads, numerical_grads(op, s, vs, 1e-6))):
        assert_close(g, n, 1e-4, 1e-6, f"{name} {sa} {sb} input {i} vs finite differences")
    if torch is not None:
        _, _, _, _, tgrads = torch_grads(op, s, vs)
        for i, (g, tg) in enumerate(zip(grads, tgrads)):
            assert_close(g, tg, 1e-7, 1e-10, f"{name} {sa} {sb} input {i} vs PyTorch")


@st.composite
def _slice(draw: Any, n: int) -> slice:
    """A slice with a positive step (PyTorch has no negative steps), maybe empty."""
    start = draw(st.none() | st.integers(-n - 1, n + 1))
    stop = draw(st.none() | st.integers(-n - 1, n + 1))
    return slice(start, stop, draw(st.none() | st.integers(1, 3)))


@st.composite
def indexed(draw: Any) -> tuple:
    """A shape and an index into it: integer arrays with repeats (and negatives), boolean masks,
    slices and ints, alone or mixed."""
    shape = tuple(draw(st.lists(st.integers(1, 4), min_size=1, max_size=3)))
    kind = draw(
        st.sampled_from(
            [
                "ints",
                "ints_after_slices",
                "two_int_arrays",
                "mask",
                "leading_mask",
                "slices",
                "slices_and_ints",
            ]
        )
    )
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    nd = len(shape)

    def ints(axis: int, size: Any) -> np.ndarray:  # more picks than values: repeats are likely
        return rng.integers(-shape[axis], shape[axis], size).astype(np.int64)

    if kind == "ints":
        return shape, ints(0, draw(st.integers(1, 8)))
    if kind == "ints_after_slices":
        axis = draw(st.integers(0, nd - 1))
        size = tuple(draw(st.lists(st.integers(1, 4), min_size=1, max_size=2)))
        return shape, (slice(None),) * axis + (ints(axis, size),)
    if kind == "two_int_arrays" and nd >= 2:
        size = draw(st.integers(1, 6))
        middle = (draw(_slice(shape[1])),) if nd == 3 else ()
        return shape, (ints(0, size),) + middle + (ints(nd - 1, size),)
    if kind == "mask":
        return shape, rng.random(shape) < 0.5
    if kind == "leading_mask":
        k = draw(st.integers(1, nd))
        return shape, rng.random(shape[:k]) < 0.5
    if kind == "slices_and_ints":
        axis = draw(st.integers(0, nd - 1))
        parts = [draw(_slice(n)) for n in shape]
        parts[axis] = draw(st.integers(-shape[axis], shape[axis] - 1))
        return shape, tuple(parts)
    return shape, tuple(draw(_slice(n)) for n in shape[: draw(st.integers(1, nd))])


def _as_ng_index(index: Any) -> Any:
    """The same index with arrays as neuralgrad tensors."""
    if isinstance(index, tuple):
        return tuple(_as_ng_index(i) for i in index)
    return ng.tensor(index) if isinstance(index, np.ndarray) else index


@PROFILE
@given(case=indexed(), seed=st.integers(0, 2**32 - 1))
def test_indexing_gradient_is_scatter_add(case: tuple, seed: int) -> None:
    """``x[index]`` gives NumPy's values, and its gradient is the upstream gradient scattered
    back with ``np.add.at`` (repeated indices add up)."""
    shape, index = case
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(shape)
    want = x[index]
    t = ng.tensor(x, requires_grad=True)
    y = t[_as_ng_index(index)]
    assert_close(y, want, 0, 0, f"x{shape}[{index!r}] forward")
    v = rng.standard_normal(want.shape)
    y.backward(ng.tensor(v))
    expected = np.zeros(shape)
    np.add.at(expected, index, v)
    assert t.grad is not None and t.grad.shape == shape
    assert_close(t.grad, expected, 1e-12, 1e-12, f"x{shape}[{index!r}] gradient")
