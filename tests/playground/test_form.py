"""playground.form: the model panel's fields are recipe fields; the playground fixes what it
must (no validation split, no early stopping, scaling from the data panel) and holds the
sizes to its bounds with errors that name the field."""

import json

import pytest

from neuralgrad.errors import InputError
from neuralgrad.models import ACTIVATIONS
from neuralgrad.playground import limits
from neuralgrad.playground.data import DataSpec, make_data
from neuralgrad.playground.form import MODEL_DEFAULTS, check_trainable, recipe_of, vocabulary
from neuralgrad.recipe import LOSSES, OPTIMIZERS, SCHEDULES, Recipe

SPEC = DataSpec()


def test_fields_become_the_recipe():
    r = recipe_of(
        {"hidden": [8, 8], "optimizer": {"name": "sgd", "momentum": 0.5}, "l1": 0.01}, SPEC
    )
    assert r.hidden == (8, 8) and r.optimizer == {"name": "sgd", "momentum": 0.5}
    assert (r.l1, r.lr, r.activation) == (0.01, MODEL_DEFAULTS["lr"], MODEL_DEFAULTS["activation"])
    assert (r.validation_fraction, r.monitor, r.scale) == (0.0, "none", "standard")
    assert recipe_of({}, DataSpec(normalise=False)).scale == "none"
    assert recipe_of({}, SPEC) == Recipe.from_dict(
        {**MODEL_DEFAULTS, **{"validation_fraction": 0.0, "monitor": "none", "scale": "standard"}}
    )


@pytest.mark.parametrize(
    ("fields", "field", "match"),
    [
        ({"hidden": [10_000]}, "hidden", "10,000 units"),
        ({"hidden": [4] * (limits.MAX_LAYERS + 1)}, "hidden", "hidden layers"),
        ({"hidden": "4,x"}, "hidden", "layer sizes"),
        ({"lr": "NaN"}, "lr", "expected a number"),
        ({"lr": float("nan")}, "lr", "expected a finite number"),
        ({"lr": -1}, "lr", "> 0"),
        ({"epochs": limits.MAX_EPOCHS + 1}, "epochs", "at most"),
        ({"optimizer": "lbfgs"}, "optimizer", "unknown choice"),
        ({"optimizer": {"name": "adam", "betas": "x"}}, "optimizer", "betas"),
        ({"validation_fraction": 0.2}, "validation_fraction", "unknown model field"),
    ],
)
def test_bad_fields(fields, field, match):
    with pytest.raises(InputError, match=match) as e:
        recipe_of(fields, SPEC)
    assert e.value.field == field


def test_batch_norm_with_a_batch_of_one():
    data = make_data(DataSpec(points=41, train_ratio=0.5))
    samples = len(data.train_rows)
    lonely = recipe_of({"norm": "batch", "batch_size": samples - 1}, data.spec)
    with pytest.raises(InputError, match="batch norm") as e:
        check_trainable(lonely, data)
    assert e.value.field == "batch_size"
    check_trainable(recipe_of({"norm": "batch", "batch_size": samples}, data.spec), data)
    check_trainable(recipe_of({"norm": "layer", "batch_size": 1}, data.spec), data)


def test_vocabulary_offers_every_choice():
    words = json.loads(json.dumps(vocabulary()))
    choices = words["recipe"]["choices"]
    assert set(choices["activation"]) == set(ACTIVATIONS) >= {"heaviside", "prelu", "softplus"}
    assert set(choices["optimizer"]) == set(OPTIMIZERS)
    assert set(choices["schedule"]) == set(SCHEDULES)
    assert {"mse", "cross_entropy", "hinge", "perceptron"} <= set(choices["loss"]) == set(LOSSES)
    assert words["defaults"]["model"] == MODEL_DEFAULTS
    assert words["limits"]["units"] == limits.MAX_UNITS
    assert set(words["datasets"]) == {"circles", "xor", "moons", "spirals", "blobs", "curve", "csv"}
