"""``nn.init``: gains and fans equal PyTorch's; every scheme's draws have the theoretical mean
and variance within a few standard errors; fills are in place, unrecorded, and seeded."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import neuralgrad as ng
import neuralgrad.nn as nn
from neuralgrad.nn import init

SHAPE = (300, 200, 3)  # fan_in = 600, fan_out = 900, 180k draws
FAN_IN, FAN_OUT = 200 * 3, 300 * 3
NONLINEARITIES = [
    "linear",
    "conv1d",
    "conv2d",
    "conv3d",
    "conv_transpose1d",
    "conv_transpose2d",
    "conv_transpose3d",
    "sigmoid",
    "tanh",
    "relu",
    "leaky_relu",
    "selu",
]


@pytest.mark.parametrize("name", NONLINEARITIES)
def test_calculate_gain_matches_torch(name: str) -> None:
    torch = pytest.importorskip("torch")
    assert init.calculate_gain(name) == pytest.approx(torch.nn.init.calculate_gain(name), rel=1e-15)


@pytest.mark.parametrize("param", [None, 0, 0.2, 1, math.sqrt(5)])
def test_leaky_relu_gain_with_slope_matches_torch(param: float | None) -> None:
    torch = pytest.importorskip("torch")
    assert init.calculate_gain("leaky_relu", param) == pytest.approx(
        torch.nn.init.calculate_gain("leaky_relu", param), rel=1e-15
    )


def test_calculate_gain_errors() -> None:
    with pytest.raises(ValueError, match="Unsupported nonlinearity gelu"):
        init.calculate_gain("gelu")
    for bad in (True, "0.1", [0.1]):
        with pytest.raises(ValueError, match="not a valid number"):
            init.calculate_gain("leaky_relu", bad)


@pytest.mark.parametrize("shape", [(3, 4), (5, 3, 2), (6, 4, 3, 2), (2, 3, 1, 1, 4)], ids=str)
def test_fans_match_torch(shape: tuple) -> None:
    torch = pytest.importorskip("torch")
    want = torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(shape))
    assert init._calculate_fan_in_and_fan_out(ng.empty(*shape)) == want


def test_fans_need_two_dims_and_modes_are_checked() -> None:
    with pytest.raises(ValueError, match="fewer than 2 dimensions"):
        init._calculate_fan_in_and_fan_out(ng.empty(5))
    with pytest.raises(ValueError, match="Mode fan_avg not supported"):
        init.kaiming_uniform_(ng.empty(3, 4), mode="fan_avg")
    with pytest.raises(ValueError, match="fewer than 2 dimensions"):
        init.xavier_normal_(ng.empty(5))


def _uniform(bound: float, center: float = 0.0) -> tuple:
    return "uniform", center, bound**2 / 3, (center - bound, center + bound)


def _normal(std: float, mean: float = 0.0) -> tuple:
    return "normal", mean, std**2, None


def _gain(nl: str, a: float = 0.0) -> float:
    return {
        "relu": math.sqrt(2),
        "tanh": 5 / 3,
        "linear": 1.0,
        "leaky_relu": math.sqrt(2 / (1 + a * a)),
    }[nl]


# (call, theoretical (kind, mean, variance, support)), the theory written out independently
CASES = [
    ("uniform_", lambda t: init.uniform_(t), _uniform(0.5, 0.5)),
    ("uniform_-3_5", lambda t: init.uniform_(t, -3.0, 5.0), _uniform(4.0, 1.0)),
    ("normal_", lambda t: init.normal_(t), _normal(1.0)),
    ("normal_2_0.5", lambda t: init.normal_(t, 2.0, 0.5), _normal(0.5, 2.0)),
    ("small_normal", lambda t: init.normal_(t, std=0.01), _normal(0.01)),
    (
        "xavier_uniform_",
        lambda t: init.xavier_uniform_(t),
        _uniform(math.sqrt(6 / (FAN_IN + FAN_OUT))),
    ),
    (
        "xavier_uniform_gain",
        lambda t: init.xavier_uniform_(t, gain=2.5),
        _uniform(2.5 * math.sqrt(6 / (FAN_IN + FAN_OUT))),
    ),
    (
        "xavier_normal_",
        lambda t: init.xavier_normal_(t, gain=0.7),
        _normal(0.7 * math.sqrt(2 / (FAN_IN + FAN_OUT))),
    ),
]
for _mode, _fan in (("fan_in", FAN_IN), ("fan_out", FAN_OUT)):
    for _nl, _a in (
        ("relu", 0.0),
        ("leaky_relu", 0.0),
        ("leaky_relu", math.sqrt(5)),
        ("tanh", 0.0),
        ("linear", 0.0),
    ):
        _std = _gain(_nl, _a) / math.sqrt(_fan)
        CASES.append(
            (
                f"kaiming_uniform_{_mode}_{_nl}_{_a:.2f}",
                lambda t, m=_mode, n=_nl, a=_a: init.kaiming_uniform_(t, a, m, n),
                _uniform(math.sqrt(3) * _std),
            )
        )
        CASES.append(
            (
                f"kaiming_normal_{_mode}_{_nl}_{_a:.2f}",
                lambda t, m=_mode, n=_nl, a=_a: init.kaiming_normal_(t, a, m, n),
                _normal(_std),
            )
        )


@pytest.mark.parametrize("dtype", [ng.float32, ng.float64])
@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_draw_statistics(case: tuple, dtype: object) -> None:
    """Sample mean and variance within 5 standard errors of the theory (uniform: Var(s^2) =
    4b^4/45n for U(c-b, c+b); normal: 2 sigma^4/n) and uniform draws inside their support."""
    _, fn, (kind, mean, var, support) = case
    ng.manual_seed(123)
    t = ng.empty(*SHAPE, dtype=dtype)
    assert fn(t) is t
    a = t.numpy().astype(np.float64).ravel()
    n = a.size
    var_se = (
        math.sqrt(4 * (3 * var) ** 2 / 45 / n) if kind == "uniform" else math.sqrt(2 * var**2 / n)
    )
    assert abs(a.mean() - mean) < 5 * math.sqrt(var / n), (a.mean(), mean)
    assert abs(a.var() - var) < 5 * var_se, (a.var(), var)
    if support is not None:
        assert support[0] <= a.min() and a.max() <= support[1]


@pytest.mark.parametrize(
    "mean, std, a, b",
    [(0.0, 1.0, -2.0, 2.0), (1.0, 0.5, 0.0, 1.5), (0.0, 0.02, -0.04, 0.04), (0.0, 1.0, 0.5, 3.0)],
)
def test_trunc_normal_statistics(mean: float, std: float, a: float, b: float) -> None:
    """Draws lie in [a, b], with the truncated normal's mean mu + sigma (phi(al) - phi(be)) / Z
    and variance sigma^2 [1 + (al phi(al) - be phi(be)) / Z - ((phi(al) - phi(be)) / Z)^2]."""
    ng.manual_seed(9)
    t = init.trunc_normal_(ng.empty(400, 500, dtype=ng.float64), mean, std, a, b)
    x = t.numpy().ravel()
    al, be = (a - mean) / std, (b - mean) / std
    pdf = lambda z: math.exp(-z * z / 2) / math.sqrt(2 * math.pi)
    cdf = lambda z: (1 + math.erf(z / math.sqrt(2))) / 2
    z = cdf(be) - cdf(al)
    m = mean + std * (pdf(al) - pdf(be)) / z
    v = std**2 * (1 + (al * pdf(al) - be * pdf(be)) / z - ((pdf(al) - pdf(be)) / z) ** 2)
    n = x.size
    m4 = float(((x - x.mean()) ** 4).mean())
    assert a <= x.min() and x.max() <= b
    assert abs(x.mean() - m) < 5 * math.sqrt(v / n)
    assert abs(x.var() - v) < 5 * math.sqrt((m4 - v * v) / n)


def test_trunc_normal_warns_when_mean_is_far_from_the_interval() -> None:
    with pytest.warns(UserWarning, match="more than 2 std"):
        init.trunc_normal_(ng.empty(10), mean=5.0, std=1.0, a=-1.0, b=2.5)


def test_constant_ones_zeros() -> None:
    t = ng.empty(3, 4)
    assert init.constant_(t, 0.25) is t and np.all(t.numpy() == 0.25)
    assert np.all(init.ones_(t).numpy() == 1) and np.all(init.zeros_(t).numpy() == 0)


def test_fills_parameters_in_place_without_recording() -> None:
    """Works on a parameter that requires grad, keeps its identity and memory, adds no graph."""
    lin = nn.Linear(5, 4)
    w = lin.weight
    before = w._data
    for fn in (
        init.normal_,
        init.uniform_,
        init.xavier_uniform_,
        init.kaiming_normal_,
        init.zeros_,
        lambda t: init.trunc_normal_(t, std=0.1),
    ):
        out = fn(w)
        assert out is w and w._data is before and w.grad_fn is None and w.requires_grad


def test_draws_follow_global_seed_and_generator() -> None:
    def draw(fn):
        ng.manual_seed(42)
        return fn(ng.empty(50, 40)).numpy().copy()

    for fn in (
        init.uniform_,
        init.normal_,
        init.xavier_uniform_,
        init.kaiming_uniform_,
        init.kaiming_normal_,
        init.xavier_normal_,
        init.trunc_normal_,
    ):
        assert np.array_equal(draw(fn), draw(fn))
    g1, g2 = ng.Generator().manual_seed(3), ng.Generator().manual_seed(3)
    a = init.normal_(ng.empty(20), generator=g1).numpy().copy()
    assert np.array_equal(a, init.normal_(ng.empty(20), generator=g2).numpy())


def test_zero_element_kaiming_warns_and_returns() -> None:
    t = ng.empty(0, 3)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        assert init.kaiming_uniform_(t) is t and init.kaiming_normal_(t) is t
    assert len(w) == 2 and "zero-element" in str(w[0].message)
