"""Traced arrays: what a capture records, and that they act as plain arrays otherwise."""

from __future__ import annotations

import numpy as np
import pytest

import neuralgrad as ng
from neuralgrad.jit.recorder import Recorder
from neuralgrad.jit.traced import Traced, plain


def _standin(a, rec, slot=None):
    return Recorder._stand_in(a, rec._new_slot() if slot is None else slot)


@pytest.fixture
def rec():
    from neuralgrad.jit._state import state

    r = Recorder(())
    state.recorder = r
    yield r
    state.recorder = None


def test_ufuncs_methods_and_views_are_recorded(rec):
    a = _standin(np.arange(6.0).reshape(2, 3), rec)
    b = (a * 2).sum(axis=0)
    c = np.dot(a.T, a)
    assert isinstance(b, Traced) and isinstance(c, Traced)
    np.testing.assert_array_equal(plain(b), [6.0, 10.0, 14.0])
    srcs = [line.src for line in rec.lines]
    assert any("axis=0" in s for s in srcs) and any(".T" in s for s in srcs)
    assert np.add.reduce in rec.consts  # a.sum(axis=0) as the reduction it ends in
    assert rec.group(plain_slot(a.T)) == rec.group(a._slot)  # a view shares its alias group


def plain_slot(t):
    return t._slot


def test_reading_a_value_back_is_a_guard(rec):
    a = _standin(np.array([1.0, np.nan]), rec)
    assert bool(np.isnan(a).any()) is True
    assert float(a[0]) == 1.0
    guards = [line for line in rec.lines if line.kind == "guard"]
    assert len(guards) == 2 and rec.guards == 2


def test_a_scalar_stand_in_is_never_written_in_place(rec):
    a = _standin(np.ones(3, np.float32), rec)
    s = a.sum()  # a NumPy scalar in eager mode
    assert s._scalar
    t = s
    s += 1
    assert s is not t and float(plain(t)) == 3.0 and float(plain(s)) == 4.0


def test_without_a_recorder_traced_acts_as_a_plain_array():
    t = np.arange(4.0).view(Traced)
    out = t * 2 + 1
    assert type(out) is np.ndarray
    np.testing.assert_array_equal(out, [1.0, 3.0, 5.0, 7.0])
    t += 1
    assert isinstance(t, Traced)
    np.testing.assert_array_equal(plain(t), [1.0, 2.0, 3.0, 4.0])


def test_random_draws_replay_anew():
    drop = ng.nn.Dropout(0.5)
    f = ng.capture(lambda x: drop(x))
    x = ng.ones(1000)
    with ng.no_grad():
        masks = [f(x).numpy().copy() for _ in range(3)]
    assert not np.array_equal(masks[1], masks[2])
    assert all(abs((m > 0).mean() - 0.5) < 0.1 for m in masks)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_mean_of_is_numpys_mean_bit_for_bit(dtype):
    from neuralgrad.ops.reduce import mean_of

    rng = np.random.default_rng(0)
    for shape in [(7,), (32, 1), (5, 13), (3, 4, 5), (1000,)]:
        a = (rng.standard_normal(shape) * 10 ** rng.uniform(-3, 3)).astype(dtype)
        for axis in [None, 0, -1] + ([(0, a.ndim - 1)] if a.ndim > 1 else []):
            for keepdims in (False, True):
                want = a.mean(axis=axis, keepdims=keepdims)
                axes = (
                    range(a.ndim) if axis is None else axis if isinstance(axis, tuple) else (axis,)
                )
                count = np.intp(np.prod([a.shape[ax] for ax in axes]))
                got = mean_of(a, axis, keepdims, count)
                assert type(got) is type(want) and got.dtype == want.dtype
                assert np.array_equal(got, want)
