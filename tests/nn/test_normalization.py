"""``LayerNorm`` and ``GroupNorm`` (and their functional forms) side by side with PyTorch,
argument errors, train/eval sameness, and float64 finite differences incl. weight and bias."""

from __future__ import annotations

import numpy as np
import pytest

import neuralgrad as ng
import neuralgrad.nn as nn
from neuralgrad.autograd import gradcheck

from .layer_checks import (
    DTYPES,
    copy_state,
    grad_of,
    ng_dtype,
    randomize,
    rng,
    run_both,
    torch_dtype,
)

# (constructor arguments, input shape)
LAYER_NORMS = [
    ((5,), (4, 5)),
    ((5,), (2, 3, 5)),
    (((3, 5),), (2, 3, 5)),
    ((5,), (5,)),
    ((5, 1e-3, False), (3, 5)),
    ((5, 1e-5, True, False), (3, 5)),
]
GROUP_NORMS = [
    ((2, 4), (3, 4)),
    ((2, 4), (3, 4, 5)),
    ((1, 4), (2, 4, 3)),
    ((4, 4), (2, 4, 3)),
    ((3, 6, 1e-3, False), (2, 6, 2)),
]


def _pair(name: str, args: tuple, dtype: object, key: object) -> tuple:
    torch = pytest.importorskip("torch")
    tmod = getattr(torch.nn, name)(*args, dtype=torch_dtype(dtype))
    nmod = getattr(nn, name)(*args, dtype=ng_dtype(dtype))
    randomize(tmod, rng("weights", key))
    copy_state(tmod, nmod)
    return nmod, tmod


def _x(key: object, shape: tuple, dtype: object) -> np.ndarray:
    r = rng("x", key)
    return (r.standard_normal(shape) * 3 + r.uniform(-2, 2)).astype(dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("case", LAYER_NORMS, ids=str)
def test_layer_norm_matches_torch(case: tuple, dtype: object) -> None:
    args, shape = case
    nmod, tmod = _pair("LayerNorm", args, dtype, case)
    run_both(nmod, tmod, _x(case, shape, dtype), rng("g", case))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("case", GROUP_NORMS, ids=str)
def test_group_norm_matches_torch(case: tuple, dtype: object) -> None:
    args, shape = case
    nmod, tmod = _pair("GroupNorm", args, dtype, case)
    run_both(nmod, tmod, _x(case, shape, dtype), rng("g", case))


@pytest.mark.parametrize(
    "name, case",
    [("LayerNorm", c) for c in LAYER_NORMS] + [("GroupNorm", c) for c in GROUP_NORMS],
    ids=str,
)
def test_repr_and_state_dict_match_torch(name: str, case: tuple) -> None:
    torch = pytest.importorskip("torch")
    args, _ = case
    nmod, tmod = getattr(nn, name)(*args), getattr(torch.nn, name)(*args)
    assert repr(nmod) == repr(tmod)
    assert list(nmod.state_dict()) == list(tmod.state_dict())
    for k, v in nmod.state_dict().items():
        np.testing.assert_array_equal(v.numpy(), tmod.state_dict()[k].numpy())


def test_train_and_eval_give_the_same_output() -> None:
    """Per-sample statistics: nothing is tracked, so the mode changes nothing."""
    x = ng.tensor(_x("mode", (3, 4, 2), np.float32))
    for m in (nn.LayerNorm(2), nn.GroupNorm(2, 4)):
        out = m(x).detach().numpy()
        m.eval()
        np.testing.assert_array_equal(m(x).detach().numpy(), out)
        assert list(m.buffers()) == []


def test_group_norm_needs_divisible_channels() -> None:
    torch = pytest.importorskip("torch")
    with pytest.raises(ValueError) as theirs:
        torch.nn.GroupNorm(3, 4)
    with pytest.raises(ValueError) as ours:
        nn.GroupNorm(3, 4)
    assert str(ours.value) == str(theirs.value)


FUNCTIONAL_ERRORS = [
    lambda m, x: m.nn.functional.layer_norm(x, (4,)),
    lambda m, x: m.nn.functional.layer_norm(x, (5,), m.ones(4)),
    lambda m, x: m.nn.functional.layer_norm(x, (5,), None, m.ones(3)),
    lambda m, x: m.nn.functional.group_norm(x, 2),
    lambda m, x: m.nn.functional.group_norm(x, 3, m.ones(4)),
    lambda m, x: m.nn.functional.group_norm(x[0, 0], 1),
    lambda m, x: m.nn.functional.group_norm(x[:1, :, 0], 3),
]


@pytest.mark.parametrize("case", FUNCTIONAL_ERRORS, ids=range(len(FUNCTIONAL_ERRORS)))
def test_functional_errors_match_torch(case: object) -> None:
    torch = pytest.importorskip("torch")
    with pytest.raises((RuntimeError, ValueError)) as theirs:
        case(torch, torch.zeros(2, 3, 5))
    with pytest.raises(type(theirs.value)) as ours:
        case(ng, ng.zeros(2, 3, 5))
    assert str(ours.value) == str(theirs.value).replace("torch.Size(", "").replace("])", "]")


def test_mixed_dtypes_are_refused() -> None:
    with pytest.raises(RuntimeError, match="mixed dtype"):
        nn.LayerNorm(3)(ng.zeros(2, 3, dtype=ng.float64))


def test_layer_norm_accepts_an_int_or_a_list_shape() -> None:
    x = ng.tensor(_x("shape", (2, 3), np.float32))
    assert nn.LayerNorm([3]).normalized_shape == (3,)
    np.testing.assert_array_equal(
        ng.nn.functional.layer_norm(x, 3).numpy(), ng.nn.functional.layer_norm(x, [3]).numpy()
    )


@pytest.mark.parametrize(
    "build, shape",
    [
        (lambda: nn.LayerNorm(4, dtype=ng.float64), (3, 4)),
        (lambda: nn.LayerNorm((2, 3), dtype=ng.float64), (2, 2, 3)),
        (lambda: nn.GroupNorm(2, 4, dtype=ng.float64), (2, 4, 3)),
        (lambda: nn.GroupNorm(3, 3, dtype=ng.float64), (2, 3)),
    ],
    ids=["ln", "ln2", "gn", "gn2d"],
)
def test_gradcheck_input_weight_bias(build: object, shape: tuple) -> None:
    """float64 finite differences, first and second order."""
    m = build()
    r = rng("gc", shape)
    with ng.no_grad():
        m.weight.copy_(ng.tensor(r.uniform(0.5, 1.5, tuple(m.weight.shape))))
        m.bias.copy_(ng.tensor(r.standard_normal(tuple(m.bias.shape))))
    x = ng.tensor(_x(("gc", shape), shape, np.float64), requires_grad=True)
    fn = lambda t, w, b: m(t)  # noqa: E731 - weight and bias are read from the module
    assert gradcheck(fn, (x, m.weight, m.bias))
    assert gradcheck(grad_of(fn, ng.tensor(r.standard_normal(shape))), (x, m.weight, m.bias))
