"""Every row of the op table, captured: the recording call, a replay on the same values and a
call on new values give bitwise the eager forward results and input gradients."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import neuralgrad as ng
from op_db import OPS, OpInfo, Sample
from opcheck import describe, flat, float_outputs, rng_for, samples, upstream

IDS = [op.name for op in OPS]


def _step(op: OpInfo, s: Sample) -> Any:
    """The row's call as a function of its tensors (the sample's arrays, then one upstream
    gradient per float output): forward, backward into the inputs, then the outputs and the
    inputs' gradients. ``manual_seed(0)`` before each call makes random rows repeatable."""
    positions = [i for i, a in enumerate(s.args) if isinstance(a, np.ndarray)]

    def step(*tensors: ng.Tensor) -> tuple:
        args = list(s.args)
        for i, t in zip(positions, tensors):
            args[i] = t
        inputs, vs = tensors[: len(positions)], tensors[len(positions) :]
        outs = flat(op.ng(*args, **s.kwargs))
        live = [(o, v) for o, v in zip(float_outputs(outs), vs) if o.requires_grad]
        if live:
            ng.autograd.backward([o for o, _ in live], [v for _, v in live])
        grads = tuple(t.grad for t in inputs if t.requires_grad)
        return tuple(o.detach() for o in outs), grads

    return step


def _upstream(op: OpInfo, s: Sample, rng: np.random.Generator) -> list:
    """A random upstream gradient for each float output of the row's call on ``s``."""
    with ng.no_grad():
        args = (ng.tensor(a) if isinstance(a, np.ndarray) else a for a in s.args)
        return upstream(rng, float_outputs(flat(op.ng(*args, **s.kwargs))))


def _tensors(s: Sample, vs: list) -> list:
    """Fresh tensors for a call: float arrays require grad (their .grad starts empty)."""
    out = []
    for a in s.args:
        if isinstance(a, np.ndarray):
            t = ng.tensor(a.copy())
            out.append(t.requires_grad_() if a.dtype.kind == "f" else t)
    return out + [ng.tensor(v) for v in vs]


def _call(fn: Any, s: Sample, vs: list) -> list:
    ng.manual_seed(0)
    outs, grads = fn(*_tensors(s, vs))
    return [None if t is None else t.numpy().copy() for t in (*outs, *grads)]


def _assert_bitwise(got: list, want: list, msg: str) -> None:
    assert len(got) == len(want), msg
    for k, (a, b) in enumerate(zip(got, want)):
        assert (a is None) == (b is None), f"{msg}: result {k}"
        if a is not None:
            assert a.dtype == b.dtype and a.shape == b.shape, f"{msg}: result {k}"
            assert np.array_equal(a, b, equal_nan=a.dtype.kind == "f"), f"{msg}: result {k}"


def _same_structure(a: Sample, b: Sample) -> bool:
    """Whether ``b`` calls the op the same way as ``a`` with other array values."""
    if len(a.args) != len(b.args) or repr(a.kwargs) != repr(b.kwargs):
        return False
    for x, y in zip(a.args, b.args):
        if isinstance(x, np.ndarray) != isinstance(y, np.ndarray):
            return False
        if isinstance(x, np.ndarray):
            if x.shape != y.shape or x.dtype != y.dtype:
                return False
        elif repr(x) != repr(y):  # indices, dims, Python numbers: the same call
            return False
    return True


@pytest.mark.parametrize("op", OPS, ids=IDS)
def test_every_row_replays_bitwise_as_eager(op: OpInfo) -> None:
    rng = rng_for(op.name, "capture")
    others = op.samples(rng_for(op.name, "capture", "other values"), np.dtype(np.float32))
    for k, s in enumerate(samples(op, np.float32)):
        msg = f"{op.name} sample {k} ({describe(s)})"
        vs = _upstream(op, s, rng)
        step = _step(op, s)
        captured = ng.capture(step)
        want = _call(step, s, vs)
        _assert_bitwise(_call(captured, s, vs), want, f"{msg}, recording")
        _assert_bitwise(_call(captured, s, vs), want, f"{msg}, replay")
        assert captured.stats["replays"] == 1, f"{msg}: {captured.stats}"
        other = others[k]
        if _same_structure(s, other):  # new values: a replay (a recording for outputs of new
            # shapes, from a boolean mask), or an eager run where a guarded value changed
            vs = _upstream(op, other, rng)
            _assert_bitwise(
                _call(captured, other, vs), _call(step, other, vs), f"{msg}, other values"
            )
