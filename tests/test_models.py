"""models.MLP: layer layout, activations by name, config round trip, argument checks."""

import json

import numpy as np
import pytest

import neuralgrad as ng
from neuralgrad import nn
from neuralgrad.models import ACTIVATIONS, MLP


def test_layout_plain():
    m = MLP(4, (8, 6), 3)
    kinds = [type(layer).__name__ for layer in m.net]
    assert kinds == ["Linear", "ReLU", "Linear", "ReLU", "Linear"]
    assert (m.net[0].in_features, m.net[0].out_features) == (4, 8)
    assert (m.net[4].in_features, m.net[4].out_features) == (6, 3)


def test_layout_batch_norm_dropout():
    m = MLP(5, [7], 2, activation="tanh", dropout=0.25, batch_norm=True)
    kinds = [type(layer).__name__ for layer in m.net]
    assert kinds == ["Linear", "BatchNorm1d", "Tanh", "Dropout", "Linear"]
    assert m.net[3].p == 0.25
    assert list(m.state_dict())[:2] == ["net.0.weight", "net.0.bias"]


def test_no_hidden_is_linear_model():
    m = MLP(3, (), 2)
    assert len(m.net) == 1 and isinstance(m.net[0], nn.Linear)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_every_activation(name):
    m = MLP(3, (4,), 2, activation=name.upper())
    assert isinstance(m.net[1], ACTIVATIONS[name])
    assert m.config()["activation"] == name
    assert m(ng.randn(6, 3)).shape == (6, 2)


def test_forward_flattens_images():
    m = MLP(16, (5,), 3)
    assert m(ng.randn(2, 1, 4, 4)).shape == (2, 3)


def test_config_round_trip_same_outputs():
    ng.manual_seed(0)
    m = MLP(4, (8, 6), 3, "gelu", 0.1, True)
    cfg = json.loads(json.dumps(m.config()))
    m2 = MLP.from_config(cfg)
    assert m2.config() == m.config()
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
        ({"activation": "swishy"}, "unknown activation"),
        ({"dropout": 1.0}, "dropout"),
        ({"hidden": (4, 0)}, "hidden"),
        ({"in_features": 0}, "in_features"),
    ],
)
def test_bad_arguments(kwargs, match):
    args = {"in_features": 3, "hidden": (4,), "out_features": 2, **kwargs}
    with pytest.raises(ValueError, match=match):
        MLP(**args)


def test_from_config_rejects_unknown_keys():
    with pytest.raises(ValueError, match="unknown MLP config keys"):
        MLP.from_config({"in_features": 2, "out_features": 1, "layers": 3})


def test_lazy_attribute():
    assert ng.models.MLP is MLP
