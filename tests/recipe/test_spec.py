"""recipe.Recipe: defaults, JSON round trips, checks that name the field, and a description a
front end can turn into a form."""

import json

import pytest

from neuralgrad.errors import InputError
from neuralgrad.recipe import TABLES, Recipe


def test_json_round_trip():
    r = Recipe(
        hidden=[64, 32],
        optimizer="sgd:momentum=0.8",
        schedule={"name": "step", "gamma": 0.5},
        batch_size=64,
        seed=None,
    )
    d = json.loads(json.dumps(r.to_dict()))
    assert Recipe.from_dict(d) == r
    assert d["hidden"] == [64, 32] and d["optimizer"] == {"name": "sgd", "momentum": 0.8}
    assert r.replace(lr=0.1).lr == 0.1 and r.lr == 1e-3  # frozen: replace makes a copy


def test_ints_and_whole_floats_are_accepted_where_numbers_are():
    r = Recipe(lr=1, epochs=5.0, hidden=8)
    assert (r.lr, r.epochs, r.hidden) == (1.0, 5, (8,))
    assert Recipe(hidden=[]).hidden == ()


@pytest.mark.parametrize(
    "changes, field, match",
    [
        ({"lr": 0}, "lr", "lr: expected a number > 0.0"),
        ({"lr": "fast"}, "lr", "expected a number"),
        ({"dropout": 1.0}, "dropout", ">= 0.0 and < 1.0"),
        ({"epochs": 2.5}, "epochs", "a whole number >= 1"),
        ({"batch_size": "big"}, "batch_size", "a whole number >= 1"),
        ({"hidden": [4, -1]}, "hidden", "a whole number >= 1"),
        ({"shuffle": "yes"}, "shuffle", "true or false"),
        ({"monitor": "accuracy"}, "monitor", "one of"),
        ({"scale": "robust"}, "scale", "one of"),
        ({"activation": "swish"}, "activation", "unknown choice 'swish'"),
        ({"optimizer": "adam:beta=1"}, "optimizer", "no setting"),
        ({"monitor": "val_score", "validation_fraction": 0}, "monitor", "needs validation"),
        ({"seed": -1}, "seed", ">= 0"),
    ],
)
def test_bad_values_name_the_field(changes, field, match):
    with pytest.raises(InputError, match=match) as caught:
        Recipe.from_dict(changes)
    assert caught.value.field == field


def test_unknown_fields():
    with pytest.raises(InputError, match=r"unknown recipe field\(s\) \['learning_rate'\]"):
        Recipe.from_dict({"learning_rate": 0.1})
    with pytest.raises(InputError, match="unknown recipe field"):
        Recipe().replace(alpha=0.1)
    with pytest.raises(InputError, match="a mapping of fields"):
        Recipe.from_dict([1, 2])


def test_describe_lists_every_field_and_choice_as_json():
    described = json.loads(json.dumps(Recipe.describe()))
    assert list(described["fields"]) == Recipe.field_names()
    assert described["fields"]["lr"] == {"default": 1e-3, "help": Recipe.help()["lr"]}
    assert set(described["choices"]) == set(TABLES)
    choices = described["choices"]
    assert {"relu", "tanh", "sigmoid", "identity"} <= set(choices["activation"])
    assert {"cross_entropy", "hinge", "mse", "squared_error"} <= set(choices["loss"])
    assert choices["loss"]["hinge"]["settings"] == {"margin": 1.0}
    assert choices["optimizer"]["adam"]["settings"]["betas"] == [0.9, 0.999]
    assert choices["schedule"]["step"]["settings"] == {"step_size": None, "gamma": 0.1}
    assert set(choices["norm"]) == {"none", "batch", "layer"} and "glorot" in choices["init"]
