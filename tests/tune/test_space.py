"""tune.space: grid expansion and seeded distributions."""

import numpy as np
import pytest

from neuralgrad.tune import Choice, IntRange, LogUniform, Uniform, grid_points, sample_points


def test_grid_points_product_in_order():
    """scikit-learn's ParameterGrid: names sorted, the last varying fastest."""
    pts = grid_points({"b": ["x", "y", "z"], "a": [1, 2]})
    assert len(pts) == 6
    assert pts[0] == {"a": 1, "b": "x"} and pts[1] == {"a": 1, "b": "y"}
    assert pts[-1] == {"a": 2, "b": "z"}


def test_grid_list_of_spaces():
    pts = grid_points([{"hidden": [()]}, {"hidden": [(8,), (8, 8)], "dropout": [0.0, 0.5]}])
    assert len(pts) == 1 + 4 and pts[0] == {"hidden": ()}


@pytest.mark.parametrize("bad", [{"lr": LogUniform(1e-3, 1)}, {"act": "relu"}, {"lr": 0.1}])
def test_grid_rejects_non_lists(bad):
    with pytest.raises(TypeError, match="must be a list"):
        grid_points(bad)


def test_distributions_stay_in_range():
    rng = np.random.default_rng(0)
    lr = [LogUniform(1e-4, 1e-1).sample(rng) for _ in range(500)]
    assert min(lr) >= 1e-4 and max(lr) < 1e-1
    # log-uniform: about a third of the draws in each decade
    assert 100 < sum(v < 1e-3 for v in lr) < 230
    u = [Uniform(0.0, 0.5).sample(rng) for _ in range(200)]
    assert 0.0 <= min(u) and max(u) < 0.5
    ints = [IntRange(1, 3).sample(rng) for _ in range(200)]
    assert set(ints) == {1, 2, 3} and all(isinstance(v, int) for v in ints)
    widths = [IntRange(8, 128, log=True).sample(rng) for _ in range(300)]
    assert min(widths) >= 8 and max(widths) <= 128 and sum(w < 32 for w in widths) > 100
    picks = [Choice([(8,), (8, 8)]).sample(rng) for _ in range(50)]
    assert set(picks) == {(8,), (8, 8)}


def test_distributions_work_in_scikit_learns_samplers():
    from sklearn.model_selection import ParameterSampler

    draws = list(ParameterSampler({"lr": LogUniform(1e-4, 1e-1)}, 5, random_state=0))
    assert len(draws) == 5 and all(1e-4 <= d["lr"] < 1e-1 for d in draws)
    assert draws == list(ParameterSampler({"lr": LogUniform(1e-4, 1e-1)}, 5, random_state=0))


def test_sample_points_seeded():
    space = {"lr": LogUniform(1e-4, 1e-1), "act": ["relu", "tanh"], "epochs": 5}
    a, b = sample_points(space, 8, 3), sample_points(space, 8, 3)
    assert a == b and sample_points(space, 8, 4) != a
    assert all(p["epochs"] == 5 and p["act"] in ("relu", "tanh") for p in a)


@pytest.mark.parametrize(
    "make",
    [
        lambda: Uniform(1, 1),
        lambda: LogUniform(0, 1),
        lambda: Choice([]),
        lambda: Choice([1, 2], p=[0.9, 0.9]),
    ],
)
def test_bad_distributions(make):
    with pytest.raises(ValueError):
        make()
