"""The fused optimizer updates (optim/_kernels.py): every algorithm and option gives bitwise the
NumPy path's parameters and state, flat and per parameter, in float32 and float64; arrays the
loops cannot take (non-contiguous) keep the NumPy path."""

from __future__ import annotations

import numpy as np
import pytest

import neuralgrad as ng
from neuralgrad import _fused

pytest.importorskip("numba")

FLAT, PER_PARAM = 10**12, 0
SHAPES = [(6, 4), (6,), (3, 6), (3,), ()]

CASES = [
    ("SGD", dict(lr=0.1)),
    ("SGD", dict(lr=0.05, momentum=0.9)),
    ("SGD", dict(lr=0.05, momentum=0.9, dampening=0.5)),
    ("SGD", dict(lr=0.05, momentum=0.9, nesterov=True)),
    ("SGD", dict(lr=0.05, momentum=0.8, nesterov=True, weight_decay=0.05, maximize=True)),
    ("SGD", dict(lr=0.05, weight_decay=0.1, maximize=True)),
    ("SGD", dict(lr=0.05, momentum=0.9, velocity=True, dampening=0.3)),
    ("SGD", dict(lr=0.05, momentum=0.9, velocity=True, nesterov=True, weight_decay=0.01)),
    ("Adagrad", dict()),
    ("Adagrad", dict(lr=0.1, lr_decay=0.05, initial_accumulator_value=0.5, eps=1e-6)),
    ("Adagrad", dict(lr=0.05, weight_decay=0.1, maximize=True)),
    ("Adadelta", dict()),
    ("Adadelta", dict(lr=0.5, rho=0.5, eps=1e-5, weight_decay=0.1, maximize=True)),
    ("RMSprop", dict()),
    ("RMSprop", dict(lr=1e-3, centered=True)),
    ("RMSprop", dict(lr=1e-3, momentum=0.9)),
    ("RMSprop", dict(lr=1e-3, momentum=0.5, centered=True, weight_decay=0.1, maximize=True)),
    ("Adam", dict()),
    ("Adam", dict(lr=0.01, betas=(0.8, 0.99), amsgrad=True)),
    ("Adam", dict(lr=0.01, weight_decay=0.1, amsgrad=True, maximize=True)),
    ("Adam", dict(lr=0.01, weight_decay=0.1, decoupled_weight_decay=True)),
    ("AdamW", dict()),
    ("AdamW", dict(lr=0.01, weight_decay=0.1, amsgrad=True, maximize=True)),
]


def _ids(case: tuple) -> str:
    return case[0] + "-" + "-".join(f"{k}={v}" for k, v in case[1].items())


def _train(fused: bool, name: str, kwargs: dict, dtype, limit: int, steps: int = 12) -> tuple:
    """``steps`` updates from fixed gradients (some huge, zero and negative-zero entries
    included); the parameters, the state and the optimizer."""
    rng = np.random.default_rng(0)
    with _fused.switched(fused):
        params = [ng.nn.Parameter(ng.tensor(rng.standard_normal(s).astype(dtype))) for s in SHAPES]
        opt = getattr(ng.optim, name)(params, **kwargs)
        opt._flat_limit = limit
        for step in range(steps):
            for p in params:
                g = (rng.standard_normal(p.shape) * 10.0 ** rng.integers(-3, 3)).astype(dtype)
                if g.ndim and step % 3 == 0:
                    g.reshape(-1)[:2] = (0.0, -0.0)
                p.grad = ng.tensor(g)
            opt.step()
    state = [
        {k: np.array(v.numpy() if isinstance(v, ng.Tensor) else v) for k, v in s.items()}
        for s in opt.state_dict()["state"].values()
    ]
    return [p.detach().numpy().copy() for p in params], state, opt


@pytest.mark.parametrize("limit", [FLAT, PER_PARAM], ids=["flat", "per-param"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["f32", "f64"])
@pytest.mark.parametrize("case", CASES, ids=[_ids(c) for c in CASES])
def test_fused_update_is_bitwise_the_numpy_path(case, dtype, limit):
    fused_params, fused_state, fused_opt = _train(True, *case, dtype, limit)
    numpy_params, numpy_state, numpy_opt = _train(False, *case, dtype, limit)
    for i, (a, b) in enumerate(zip(fused_params, numpy_params)):
        assert a.dtype == dtype and np.array_equal(a, b), f"parameter {i}"
    assert len(fused_state) == len(numpy_state)
    for s, t in zip(fused_state, numpy_state):
        assert s.keys() == t.keys()
        for key in s:
            assert np.array_equal(s[key], t[key]), key
    # the NumPy path works in scratch buffers; the fused loops need none
    assert not fused_opt._scratch and numpy_opt._scratch


def test_non_contiguous_parameters_take_the_numpy_path_with_the_same_result():
    base = np.random.default_rng(1).standard_normal((5, 4)).astype(np.float32)

    def run(fused: bool):
        with _fused.switched(fused):
            p = ng.nn.Parameter(ng.tensor(base))
            p._data = base.copy().T  # a transposed (Fortran-ordered) array
            opt = ng.optim.Adam([p], lr=0.1)
            for _ in range(3):
                p.grad = ng.tensor(np.ones((4, 5), np.float32))
                opt.step()
        return p.detach().numpy(), opt

    (a, fused_opt), (b, _) = run(True), run(False)
    assert np.array_equal(a, b) and not a.flags.c_contiguous
    assert fused_opt._scratch  # the loops need contiguous arrays: the NumPy path ran


def test_a_momentum_buffer_made_by_the_fused_loop_is_the_first_gradient():
    with _fused.switched(True):
        p = ng.nn.Parameter(ng.zeros(3))
        opt = ng.optim.SGD([p], lr=0.1, momentum=0.9)
        p.grad = ng.tensor([1.0, -2.0, 3.0])
        opt.step()
    np.testing.assert_array_equal(opt.state[p]["momentum_buffer"].numpy(), [1.0, -2.0, 3.0])
    np.testing.assert_allclose(p.detach().numpy(), [-0.1, 0.2, -0.3], rtol=1e-6)
