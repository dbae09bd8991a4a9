"""The course's pictures: activation functions with autograd's derivatives, loss landscapes
with optimizer paths, and each hidden unit's map over the input plane."""

import numpy as np
import pytest

import neuralgrad as ng
from neuralgrad import nn, optim
from neuralgrad.plot import (
    activation_and_derivative,
    optimizer_path,
    plot_activation_functions,
    plot_loss_landscape,
    plot_unit_maps,
    unit_maps,
)
from neuralgrad.plot.landscape import ravine, rosenbrock

pytest.importorskip("matplotlib")

Z = np.linspace(-4, 4, 81)


def test_derivatives_are_the_course_formulas():
    s, ds = activation_and_derivative("sigmoid", Z)
    np.testing.assert_allclose(ds, s * (1 - s), rtol=1e-12)
    t, dt = activation_and_derivative("tanh", Z)
    np.testing.assert_allclose(dt, 1 - t**2, rtol=1e-12, atol=1e-15)
    _, dsp = activation_and_derivative("softplus", Z)
    np.testing.assert_allclose(dsp, 1 / (1 + np.exp(-Z)), rtol=1e-12)
    e, de = activation_and_derivative("elu", Z)
    np.testing.assert_allclose(de[Z <= 0], e[Z <= 0] + 1, rtol=1e-12)  # f(z) + α, α = 1
    # at the kink PyTorch's value, not the slide's f'(0) = 1
    assert activation_and_derivative("relu", [-1.0, 0.0, 1.0])[1].tolist() == [0.0, 0.0, 1.0]
    assert activation_and_derivative("leaky_relu", [-1.0, 2.0])[1].tolist() == [0.1, 1.0]
    f, df = activation_and_derivative(lambda x: x**3, [2.0])
    assert (f[0], df[0]) == (8.0, 12.0)
    with pytest.raises(ValueError, match="unknown activation"):
        activation_and_derivative("swish2", Z)


def test_activation_figure(tmp_path):
    fig = plot_activation_functions(("sigmoid", "relu"), path=tmp_path / "a.png")
    visible = [ax for ax in fig.axes if ax.axison]
    assert len(visible) == 2 and "f'(0) = 0.25" in visible[0].get_title()
    assert "f'(0) = 0" in visible[1].get_title() and (tmp_path / "a.png").stat().st_size > 0


def test_sgd_path_is_the_update_rule_by_hand():
    """w ← w − η ∇f on the ravine, ∇f = (0.1 w₀, 4 w₁)."""
    w, lr, expected = np.array([-9.0, 2.0]), 0.2, [np.array([-9.0, 2.0])]
    for _ in range(10):
        w = w - lr * np.array([0.1 * w[0], 4 * w[1]])
        expected.append(w)
    path = optimizer_path(ravine, lambda p: optim.SGD(p, lr=lr), (-9.0, 2.0), steps=10)
    np.testing.assert_allclose(path, np.array(expected), rtol=1e-12)


def test_landscape_paths_momentum_goes_further_along_the_valley():
    fig = plot_loss_landscape(
        ravine,
        {
            "SGD": lambda p: optim.SGD(p, lr=0.2),
            "momentum": lambda p: optim.SGD(p, lr=0.2, momentum=0.9),
        },
        start=(-9.0, 2.0),
        steps=30,
    )
    assert set(fig.paths) == {"SGD", "momentum"} and fig.paths["SGD"].shape == (31, 2)
    assert abs(fig.paths["momentum"][-1, 0]) < abs(fig.paths["SGD"][-1, 0])
    labels = fig.axes[0].get_legend_handles_labels()[1]
    assert labels == ["SGD", "momentum", "start"]
    # a path that diverges stops at the first non-finite point
    p = optimizer_path(rosenbrock, lambda q: optim.SGD(q, lr=1.0), (-1.5, 2.0), steps=50)
    assert len(p) < 51 and not np.isfinite(p[-1]).all()


def test_unit_maps_are_each_units_output_over_the_plane():
    layer = nn.Linear(2, 3)
    with ng.no_grad():
        layer.weight.copy_(ng.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]))
        layer.bias.copy_(ng.tensor([0.0, -0.5, 0.0]))
    model = nn.Sequential(layer, nn.ReLU(), nn.Linear(3, 1))
    maps = unit_maps(model, xlim=(-1, 1), ylim=(-2, 2), resolution=5)
    xs, ys = np.meshgrid(np.linspace(-1, 1, 5), np.linspace(-2, 2, 5))
    np.testing.assert_allclose(maps[0], np.maximum(xs, 0), atol=1e-6)  # row 0 = ylim[0]
    np.testing.assert_allclose(maps[1], np.maximum(ys - 0.5, 0), atol=1e-6)
    np.testing.assert_allclose(maps[2], np.maximum(xs + ys, 0), atol=1e-6)
    X = np.random.default_rng(0).normal(size=(20, 2))
    fig = plot_unit_maps(model, X=X, y=(X[:, 0] > 0).astype(int), title="units")
    assert sum(ax.axison for ax in fig.axes) == 3 and fig.axes[0].get_title() == "unit 0"
    with pytest.raises(ValueError, match="no activation layers"):
        unit_maps(nn.Linear(2, 2))
