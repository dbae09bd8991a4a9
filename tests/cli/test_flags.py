"""cli.flags.recipe_flags: a recipe as the options that give it back on the command line."""

import pytest

from neuralgrad.cli import build_parser
from neuralgrad.cli.flags import given_recipe_fields, recipe_flags
from neuralgrad.recipe import Recipe


@pytest.mark.parametrize(
    "recipe",
    [
        Recipe(),
        Recipe(hidden=(), seed=None, shuffle=False, restore_best=True, l1=1e-5),
        Recipe(
            hidden=(8, 8),
            activation={"name": "heaviside", "straight_through": True},
            optimizer={"name": "adam", "betas": [0.8, 0.9], "amsgrad": True},
            init={"name": "kaiming_normal", "mode": "fan_out"},
            schedule="onecycle:max_lr=0.1",
            loss="perceptron",
            batch_size=1,
            validation_fraction=0.0,
            monitor="none",
        ),
    ],
)
def test_round_trip(recipe):
    flags = recipe_flags(recipe)
    args = build_parser().parse_args(["train", "data.csv", *flags])
    assert Recipe.from_dict(given_recipe_fields(args)) == recipe
    assert (flags == []) == (recipe == Recipe())  # defaults need no option
