"""``InstanceNorm1d`` and ``F.instance_norm`` side by side with PyTorch: with and without affine
parameters and running statistics (over several steps, then evaluation), unbatched input,
errors, and float64 finite differences."""

from __future__ import annotations

import numpy as np
import pytest

import neuralgrad as ng
import neuralgrad.nn as nn
from neuralgrad.autograd import gradcheck

from .layer_checks import (
    DTYPES,
    compare_buffers,
    copy_state,
    grad_of,
    ng_dtype,
    randomize,
    rng,
    run_both,
    torch_dtype,
)

CONFIGS = [
    {},
    {"affine": True},
    {"track_running_stats": True},
    {"affine": True, "track_running_stats": True, "momentum": 0.3},
    {"eps": 1e-3},
]


def _pair(cfg: dict, dtype: object, key: object) -> tuple:
    torch = pytest.importorskip("torch")
    tmod = torch.nn.InstanceNorm1d(3, **cfg, dtype=torch_dtype(dtype))
    nmod = nn.InstanceNorm1d(3, **cfg, dtype=ng_dtype(dtype))
    randomize(tmod, rng("weights", key))
    copy_state(tmod, nmod)
    return nmod, tmod


def _x(r: np.random.Generator, shape: tuple, dtype: object) -> np.ndarray:
    return (
        r.standard_normal(shape) * r.uniform(0.5, 3, shape[:-1] + (1,))
        + r.uniform(-2, 2, shape[:-1] + (1,))
    ).astype(dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("cfg", CONFIGS, ids=str)
def test_steps_then_eval_match_torch(cfg: dict, dtype: object) -> None:
    nmod, tmod = _pair(cfg, dtype, str(cfg))
    r = rng("steps", str(cfg), dtype)
    for _ in range(3):
        for m in (nmod, tmod):
            m.zero_grad()
        run_both(nmod, tmod, _x(r, (4, 3, 6), dtype), r)
        compare_buffers(nmod, tmod, dtype)
    nmod.eval()
    tmod.eval()
    for m in (nmod, tmod):
        m.zero_grad()
    run_both(nmod, tmod, _x(r, (4, 3, 6), dtype), r)


@pytest.mark.parametrize("cfg", [{}, {"affine": True}], ids=str)
def test_unbatched_input_matches_torch(cfg: dict) -> None:
    nmod, tmod = _pair(cfg, np.float64, ("unbatched", str(cfg)))
    r = rng("unbatched")
    run_both(nmod, tmod, _x(r, (3, 5), np.float64), r)


def test_each_instance_is_normalised_on_its_own() -> None:
    x = rng("own").standard_normal((2, 3, 7)) * 5 + 3
    y = nn.InstanceNorm1d(3, dtype=ng.float64)(ng.tensor(x)).numpy()
    np.testing.assert_allclose(y.mean(axis=2), 0, atol=1e-12)
    np.testing.assert_allclose(y.var(axis=2), x.var(axis=2) / (x.var(axis=2) + 1e-5), rtol=1e-12)


def test_state_dict_and_repr_match_torch() -> None:
    torch = pytest.importorskip("torch")
    for cfg in CONFIGS:
        nmod, tmod = nn.InstanceNorm1d(4, **cfg), torch.nn.InstanceNorm1d(4, **cfg)
        assert repr(nmod) == repr(tmod)
        assert list(nmod.state_dict()) == list(tmod.state_dict())


def test_one_spatial_element_is_refused_while_normalising_by_input_stats() -> None:
    torch = pytest.importorskip("torch")
    with pytest.raises(ValueError) as theirs:
        torch.nn.InstanceNorm1d(3)(torch.zeros(2, 3, 1))
    with pytest.raises(ValueError) as ours:
        nn.InstanceNorm1d(3)(ng.zeros(2, 3, 1))
    assert str(ours.value) == str(theirs.value).replace("torch.Size(", "").replace("])", "]")


def test_affine_needs_matching_channels_and_otherwise_warns() -> None:
    with pytest.raises(ValueError, match="to match num_features"):
        nn.InstanceNorm1d(4, affine=True)(ng.zeros(2, 3, 5))
    with pytest.warns(UserWarning, match="does not match num_features"):
        nn.InstanceNorm1d(4)(ng.zeros(2, 3, 5))


def test_functional_without_running_stats_in_eval_is_refused() -> None:
    with pytest.raises(RuntimeError, match="Expected running_mean and running_var"):
        ng.nn.functional.instance_norm(ng.zeros(2, 3, 4), use_input_stats=False)


@pytest.mark.parametrize("track", [False, True])
def test_gradcheck_input_weight_bias(track: bool) -> None:
    """float64 finite differences, first and second order (evaluation with tracked running
    statistics: the fixed-statistics path)."""
    m = nn.InstanceNorm1d(3, affine=True, track_running_stats=track, dtype=ng.float64)
    r = rng("gc", track)
    with ng.no_grad():
        m.weight.copy_(ng.tensor(r.uniform(0.5, 1.5, 3)))
        m.bias.copy_(ng.tensor(r.standard_normal(3)))
    if track:
        m(ng.tensor(_x(r, (4, 3, 5), np.float64)))
        m.eval()
    x = ng.tensor(_x(r, (2, 3, 4), np.float64), requires_grad=True)
    fn = lambda t, w, b: m(t)  # noqa: E731 - weight and bias are read from the module
    assert gradcheck(fn, (x, m.weight, m.bias))
    assert gradcheck(grad_of(fn, ng.tensor(r.standard_normal((2, 3, 4)))), (x, m.weight, m.bias))
