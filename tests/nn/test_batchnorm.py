"""``BatchNorm1d`` and ``F.batch_norm`` side by side with PyTorch: outputs and gradients in
training and evaluation, running statistics over several steps (EMA and ``momentum=None``),
``state_dict``, the batch-of-one error, and float64 finite differences."""

from __future__ import annotations

import numpy as np
import pytest

import neuralgrad as ng
import neuralgrad.nn as nn
import neuralgrad.nn.functional as F
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

SHAPES = [(8, 3), (4, 3, 5)]
CONFIGS = [
    {},
    {"affine": False},
    {"momentum": None},
    {"momentum": 0.3},
    {"track_running_stats": False},
    {"bias": False},
    {"eps": 1e-3},
]


def _pair(cfg: dict, dtype: object, key: object) -> tuple:
    torch = pytest.importorskip("torch")
    tmod = torch.nn.BatchNorm1d(3, **cfg, dtype=torch_dtype(dtype))
    nmod = nn.BatchNorm1d(3, **cfg, dtype=ng_dtype(dtype))
    randomize(tmod, rng("weights", key))
    copy_state(tmod, nmod)
    return nmod, tmod


def _batch(r: np.random.Generator, shape: tuple, dtype: object) -> np.ndarray:
    return (r.standard_normal(shape) * r.uniform(0.5, 3) + r.uniform(-2, 2)).astype(dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("cfg", CONFIGS, ids=str)
def test_training_steps_then_eval_match_torch(cfg: dict, shape: tuple, dtype: object) -> None:
    """Four training steps (outputs, input/weight/bias gradients, running statistics and
    num_batches_tracked after each), then evaluation with the running statistics."""
    nmod, tmod = _pair(cfg, dtype, (str(cfg), shape))
    r = rng("steps", str(cfg), shape, dtype)
    for _ in range(4):
        for m in (nmod, tmod):
            m.zero_grad()
        run_both(nmod, tmod, _batch(r, shape, dtype), r)
        compare_buffers(nmod, tmod, dtype)
    nmod.eval()
    tmod.eval()
    assert not nmod.training
    for m in (nmod, tmod):
        m.zero_grad()
    run_both(nmod, tmod, _batch(r, shape, dtype), r)
    compare_buffers(nmod, tmod, dtype)


def test_momentum_none_is_the_cumulative_average() -> None:
    """After k batches the running mean is the plain average of the k batch means."""
    m = nn.BatchNorm1d(2, momentum=None, dtype=ng.float64)
    r = rng("cma")
    means, variances = [], []
    for _ in range(5):
        x = r.standard_normal((6, 2)) * 2 + r.standard_normal(2)
        m(ng.tensor(x))
        means.append(x.mean(axis=0))
        variances.append(x.var(axis=0, ddof=1))
    assert m.num_batches_tracked.item() == 5
    np.testing.assert_allclose(m.running_mean.numpy(), np.mean(means, axis=0), rtol=1e-12)
    # the running variance starts at 1 and is averaged with weight 1/k as well: after k steps
    # it is the mean of the k batch variances (the initial 1 has weight 0 from step 1 on)
    np.testing.assert_allclose(m.running_var.numpy(), np.mean(variances, axis=0), rtol=1e-12)


def test_running_variance_is_unbiased_and_normalising_variance_biased() -> None:
    x = np.array([[1.0], [2.0], [4.0], [9.0]])
    m = nn.BatchNorm1d(1, momentum=1.0, affine=False, dtype=ng.float64)
    y = m(ng.tensor(x))
    np.testing.assert_allclose(m.running_var.numpy(), [x.var(ddof=1)], rtol=1e-14)
    np.testing.assert_allclose(y.numpy()[:, 0], (x[:, 0] - 4) / np.sqrt(x.var() + 1e-5), rtol=1e-14)


def test_eval_uses_running_statistics_and_leaves_them() -> None:
    m = nn.BatchNorm1d(2, affine=False, dtype=ng.float64)
    m.running_mean.copy_(ng.tensor([1.0, -1.0], dtype=ng.float64))
    m.running_var.copy_(ng.tensor([4.0, 0.25], dtype=ng.float64))
    m.eval()
    x = np.array([[3.0, 0.0], [1.0, -2.0]])
    y = m(ng.tensor(x))
    np.testing.assert_allclose(
        y.numpy(), (x - [1.0, -1.0]) / np.sqrt(np.array([4.0, 0.25]) + 1e-5), rtol=1e-14
    )
    np.testing.assert_array_equal(m.running_mean.numpy(), [1.0, -1.0])
    assert m.num_batches_tracked.item() == 0


def test_running_statistics_update_under_no_grad() -> None:
    """Like PyTorch: a training-mode forward updates the buffers even without autograd."""
    m = nn.BatchNorm1d(2)
    with ng.no_grad():
        m(ng.tensor(rng("ng").standard_normal((5, 2)).astype(np.float32)))
    assert m.num_batches_tracked.item() == 1
    assert np.all(m.running_mean.numpy() != 0)


def test_state_dict_keys_values_and_dtypes_match_torch() -> None:
    torch = pytest.importorskip("torch")
    nmod, tmod = _pair({}, np.float32, "state")
    r = rng("state")
    for _ in range(3):
        x = _batch(r, (6, 3), np.float32)
        nmod(ng.tensor(x))
        tmod(torch.tensor(x))
    nsd, tsd = nmod.state_dict(), tmod.state_dict()
    assert (
        list(nsd)
        == list(tsd)
        == ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"]
    )
    assert nsd["num_batches_tracked"].dtype == ng.int64
    assert nsd["num_batches_tracked"].shape == ()
    for k in nsd:
        np.testing.assert_allclose(nsd[k].numpy(), tsd[k].numpy(), rtol=1e-6, atol=1e-7)
    fresh = nn.BatchNorm1d(3)
    fresh.load_state_dict(nsd)
    assert fresh.num_batches_tracked.item() == 3
    back = torch.nn.BatchNorm1d(3)
    back.load_state_dict({k: torch.tensor(v.numpy()) for k, v in nsd.items()})


def test_no_tracking_has_no_buffers_and_always_uses_batch_statistics() -> None:
    m = nn.BatchNorm1d(3, track_running_stats=False)
    assert list(m.state_dict()) == ["weight", "bias"]
    assert m.running_mean is None and m.num_batches_tracked is None
    x = ng.tensor(rng("nt").standard_normal((5, 3)).astype(np.float32))
    train_out = m(x).detach().numpy()
    m.eval()
    np.testing.assert_array_equal(m(x).detach().numpy(), train_out)


def test_parameters_buffers_and_double() -> None:
    m = nn.BatchNorm1d(4)
    assert [n for n, _ in m.named_parameters()] == ["weight", "bias"]
    np.testing.assert_array_equal(m.weight.detach().numpy(), np.ones(4))
    np.testing.assert_array_equal(m.bias.detach().numpy(), np.zeros(4))
    m.double()
    assert m.weight.dtype == m.running_var.dtype == ng.float64
    assert m.num_batches_tracked.dtype == ng.int64


def test_reset_running_stats() -> None:
    m = nn.BatchNorm1d(2)
    m(ng.tensor(rng("reset").standard_normal((4, 2)).astype(np.float32)))
    m.reset_running_stats()
    np.testing.assert_array_equal(m.running_mean.numpy(), [0, 0])
    np.testing.assert_array_equal(m.running_var.numpy(), [1, 1])
    assert m.num_batches_tracked.item() == 0


@pytest.mark.parametrize("shape", [(1, 3), (1, 3, 1)], ids=str)
def test_batch_of_one_value_per_channel_fails_in_training_only(shape: tuple) -> None:
    torch = pytest.importorskip("torch")
    with pytest.raises(ValueError) as theirs:
        torch.nn.BatchNorm1d(3)(torch.zeros(shape))
    with pytest.raises(ValueError) as ours:
        nn.BatchNorm1d(3)(ng.zeros(*shape))
    prefix = "Expected more than 1 value per channel when training, got input size "
    assert str(theirs.value).startswith(prefix)  # then torch.Size([...]); ours: [...]
    assert str(ours.value) == prefix + str(list(shape))
    m = nn.BatchNorm1d(3).eval()
    assert m(ng.zeros(*shape)).shape == shape


@pytest.mark.parametrize("shape", [(3,), (2, 3, 4, 5)], ids=str)
def test_wrong_input_rank_is_refused(shape: tuple) -> None:
    with pytest.raises(ValueError, match=f"expected 2D or 3D input \\(got {len(shape)}D input\\)"):
        nn.BatchNorm1d(3)(ng.zeros(*shape))


def test_functional_errors_match_torch() -> None:
    torch = pytest.importorskip("torch")
    cases = [
        lambda m, x: m.nn.functional.batch_norm(x, m.zeros(4), m.ones(4), training=True),
        lambda m, x: m.nn.functional.batch_norm(x, None, None, m.ones(2), training=True),
        lambda m, x: m.nn.functional.batch_norm(x, None, None, training=False),
        lambda m, x: m.nn.functional.batch_norm(x, None, None, training=True, eps=0.0),
        lambda m, x: m.nn.functional.batch_norm(x, m.zeros(3), m.ones(3), eps=-1.0),
    ]
    for case in cases:
        with pytest.raises((RuntimeError, ValueError)) as theirs:
            case(torch, torch.zeros(4, 3))
        with pytest.raises(type(theirs.value)) as ours:
            case(ng, ng.zeros(4, 3))
        assert str(ours.value) == str(theirs.value)


def test_mixed_dtypes_are_refused() -> None:
    with pytest.raises(RuntimeError, match="mixed dtype"):
        F.batch_norm(ng.zeros(4, 3, dtype=ng.float64), ng.zeros(3), ng.ones(3), training=True)


def test_repr_matches_torch() -> None:
    torch = pytest.importorskip("torch")
    for kw in (
        {},
        {"momentum": None, "affine": False},
        {"track_running_stats": False},
        {"bias": False, "eps": 1e-3},
    ):
        assert repr(nn.BatchNorm1d(5, **kw)) == repr(torch.nn.BatchNorm1d(5, **kw))


@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("training", [True, False])
def test_gradcheck_input_weight_bias(shape: tuple, training: bool) -> None:
    """float64 finite differences, first and second order, in training and evaluation."""
    m = nn.BatchNorm1d(3, dtype=ng.float64)
    r = rng("gc", shape, training)
    with ng.no_grad():
        m.weight.copy_(ng.tensor(r.uniform(0.5, 1.5, 3)))
        m.bias.copy_(ng.tensor(r.standard_normal(3)))
        m.running_mean.copy_(ng.tensor(r.standard_normal(3)))
        m.running_var.copy_(ng.tensor(r.uniform(0.5, 2, 3)))
    m.train(training)
    x = ng.tensor(_batch(r, shape, np.float64), requires_grad=True)
    fn = lambda t, w, b: m(t)  # noqa: E731 - weight and bias are read from the module
    assert gradcheck(fn, (x, m.weight, m.bias))
    v = ng.tensor(r.standard_normal(shape))
    assert gradcheck(grad_of(fn, v), (x, m.weight, m.bias))
