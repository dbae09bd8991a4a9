"""models.MLP: layer layout, activations, norms and inits by name (with settings), config round
trip, parameter shapes computed without building, argument checks."""

import json

import numpy as np
import pytest

import neuralgrad as ng
from neuralgrad import nn
from neuralgrad.models import ACTIVATIONS, INITS, MLP, parameter_shapes


def test_layout_plain():
    m = MLP(4, (8, 6), 3)
    kinds = [type(layer).__name__ for layer in m.net]
    assert kinds == ["Linear", "ReLU", "Linear", "ReLU", "Linear"]
    assert (m.net[0].in_features, m.net[0].out_features) == (4, 8)
    assert (m.net[4].in_features, m.net[4].out_features) == (6, 3)


def test_layout_batch_norm_dropout():
    m = MLP(5, [7], 2, activation="tanh", dropout=0.25, norm="batch")
    kinds = [type(layer).__name__ for layer in m.net]
    assert kinds == ["Linear", "BatchNorm1d", "Tanh", "Dropout", "Linear"]
    layer = MLP(5, [7], 2, norm={"name": "layer", "eps": 1e-3}).net[1]
    assert type(layer).__name__ == "LayerNorm" and layer.eps == 1e-3
    assert m.net[3].p == 0.25
    assert list(m.state_dict())[:2] == ["net.0.weight", "net.0.bias"]


def test_no_hidden_is_linear_model():
    m = MLP(3, (), 2)
    assert len(m.net) == 1 and isinstance(m.net[0], nn.Linear)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_every_activation(name):
    m = MLP(3, (4,), 2, activation=name.upper())
    assert isinstance(m.net[1], ACTIVATIONS[name].target)
    assert m.config()["activation"] == name
    assert m(ng.randn(6, 3)).shape == (6, 2)


def test_forward_flattens_images():
    m = MLP(16, (5,), 3)
    assert m(ng.randn(2, 1, 4, 4)).shape == (2, 3)


def test_config_round_trip_same_outputs():
    ng.manual_seed(0)
    m = MLP(4, (8, 6), 3, "leaky_relu:negative_slope=0.2", 0.1, "batch", "xavier_normal")
    cfg = json.loads(json.dumps(m.config()))
    m2 = MLP.from_config(cfg)
    assert m2.config() == m.config()
    assert cfg["activation"] == {"name": "leaky_relu", "negative_slope": 0.2}
    assert m2.net[2].negative_slope == 0.2
    m2.load_state_dict(m.state_dict())
    m.eval()
    m2.eval()
    x = ng.randn(5, 4)
    np.testing.assert_allclose(m(x).detach().numpy(), m2(x).detach().numpy())


def test_trains():
    ng.manual_seed(0)
    x = ng.randn(64, 2)
    y = (x[:, 0] * x[:, 1] > 0).long()
    m = MLP(2, (16,), 2, activation="tanh")
    opt = ng.optim.Adam(m.parameters(), lr=0.05)
    first = None
    for _ in range(100):
        opt.zero_grad()
        loss = nn.functional.cross_entropy(m(x), y)
        loss.backward()
        opt.step()
        first = first if first is not None else loss.item()
    assert loss.item() < 0.5 * first


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"activation": "swishy"}, "activation: unknown choice 'swishy'"),
        ({"norm": "group"}, "norm: unknown choice"),
        ({"init": {"name": "normal", "mean": 1}}, r"'normal' has no setting\(s\) \['mean'\]"),
        ({"dropout": 1.0}, "dropout"),
        ({"hidden": (4, 0)}, "hidden"),
        ({"in_features": 0}, "in_features"),
    ],
)
def test_bad_arguments(kwargs, match):
    args = {"in_features": 3, "hidden": (4,), "out_features": 2, **kwargs}
    with pytest.raises(ValueError, match=match):
        MLP(**args)


@pytest.mark.parametrize("norm", ["none", "batch", "layer"])
@pytest.mark.parametrize("dropout", [0.0, 0.3])
@pytest.mark.parametrize("hidden", [(), (5,), (4, 3)])
@pytest.mark.parametrize("activation", ["relu", "prelu"])
def test_parameter_shapes_without_building(norm, dropout, hidden, activation):
    m = MLP(6, hidden, 2, activation, dropout=dropout, norm=norm)
    built = {k: tuple(v.shape) for k, v in m.state_dict().items()}
    assert parameter_shapes(6, hidden, 2, norm, dropout, activation) == built


@pytest.mark.parametrize("name", sorted(INITS))
def test_every_init(name):
    ng.manual_seed(0)
    m = MLP(30, (20,), 10, init=name)
    w, b = m.net[0].weight.detach().numpy(), m.net[0].bias.detach().numpy()
    if name in ("default", "glorot"):
        bound = 1 / np.sqrt(30) if name == "default" else np.sqrt(6 / 50)
        assert np.abs(w).max() <= bound and np.abs(w).max() > 0.8 * bound
        assert np.abs(b).max() <= bound and np.abs(b).max() > 0
    else:
        assert (b == 0).all() and w.std() > 0
    if name == "normal":
        assert abs(w.std() - 0.01) < 0.002


def test_glorot_draws_scikit_learns_weights_from_a_random_state():
    from neuralgrad.models import glorot_

    layer = nn.Linear(3, 2)
    glorot_(layer, "sigmoid", np.random.RandomState(0))
    rng, bound = np.random.RandomState(0), np.sqrt(2 / 5)
    np.testing.assert_allclose(
        layer.weight.detach().numpy(), rng.uniform(-bound, bound, (3, 2)).T, 1e-6
    )
    np.testing.assert_allclose(layer.bias.detach().numpy(), rng.uniform(-bound, bound, 2), 1e-6)


def test_from_config_rejects_unknown_keys():
    with pytest.raises(ValueError, match="unknown MLP config keys"):
        MLP.from_config({"in_features": 2, "out_features": 1, "layers": 3})


def test_lazy_attribute():
    assert ng.models.MLP is MLP
