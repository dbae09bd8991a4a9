"""The page's form in the library's terms: its model panel's fields are the recipe's own
(hidden, activation, init, dropout, norm, loss, optimizer, lr, schedule, l1, l2, batch_size,
epochs, seed), so translating them is picking them out; the playground fixes the rest (the
test part is held out from the start, the learner stops training, normalisation is the data
panel's) and holds the sizes to its bounds. ``vocabulary()`` is everything the page needs to
build its controls: the recipe's choices with their settings, the data sets and features, the
defaults and the bounds."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..datasets.toy import FUNCTIONS
from ..errors import InputError
from ..models import NORMS
from ..options import resolve
from ..recipe import Recipe
from ..recipe.build import batch_size_for
from . import limits
from .data import DATASETS, FEATURES, DataSpec, PlaygroundData

__all__ = ["MODEL_DEFAULTS", "recipe_of", "check_trainable", "vocabulary"]

#: The model panel's starting values (recipe fields; TensorFlow Playground's tanh network,
#: trained by Adam).
MODEL_DEFAULTS: dict[str, Any] = {
    "hidden": [4, 4],
    "activation": "tanh",
    "init": "glorot",
    "dropout": 0.0,
    "norm": "none",
    "loss": "auto",
    "optimizer": "adam",
    "lr": 0.03,
    "schedule": "constant",
    "l1": 0.0,
    "l2": 0.0,
    "batch_size": 10,
    "epochs": 200,
    "seed": 0,
}

#: What the playground fixes for every run, whatever the form says.
_FIXED = {"validation_fraction": 0.0, "monitor": "none", "shuffle": True}


def recipe_of(model: Mapping[str, Any], data: DataSpec) -> Recipe:
    """The recipe of one model panel (fields left out take the panel's defaults). Bad or
    too large values raise ``InputError`` naming the field."""
    if not isinstance(model, Mapping):
        raise InputError(f"model: expected an object of fields, got {type(model).__name__}")
    unknown = sorted(set(model) - set(MODEL_DEFAULTS))
    if unknown:
        raise InputError(
            f"unknown model field(s) {unknown}; the fields are {list(MODEL_DEFAULTS)}", unknown[0]
        )
    fields = {**MODEL_DEFAULTS, **model, **_FIXED}
    fields["scale"] = "standard" if data.normalise else "none"
    recipe = Recipe.from_dict(fields)
    if len(recipe.hidden) > limits.MAX_LAYERS:
        raise InputError(
            f"hidden: {len(recipe.hidden)} hidden layers; the playground takes at most "
            f"{limits.MAX_LAYERS}",
            "hidden",
        )
    big = [h for h in recipe.hidden if h > limits.MAX_UNITS]
    if big:
        raise InputError(
            f"hidden: a layer of {big[0]:,} units; the playground takes at most "
            f"{limits.MAX_UNITS} units per layer",
            "hidden",
        )
    if recipe.epochs > limits.MAX_EPOCHS:
        raise InputError(
            f"epochs: {recipe.epochs:,}; the playground runs at most {limits.MAX_EPOCHS:,}",
            "epochs",
        )
    return recipe


def check_trainable(recipe: Recipe, data: PlaygroundData) -> None:
    """Refuse what would only fail at some later step: batch norm needs two samples or more
    in every batch, the last one included."""
    if resolve(recipe.norm, NORMS, "norm")[0] != "batch":
        return
    samples = len(data.train_rows)
    batch = batch_size_for(recipe, samples)
    if batch == 1 or samples % batch == 1:
        raise InputError(
            f"batch_size: batch norm needs two samples or more in every batch, and "
            f"{samples} training points in batches of {batch} leave one alone; choose "
            "another batch size",
            "batch_size",
        )


def vocabulary() -> dict[str, Any]:
    """What the page builds its form from (JSON-able)."""
    return {
        "recipe": Recipe.describe(),
        "datasets": DATASETS,
        "features": list(FEATURES),
        "functions": list(FUNCTIONS),
        "defaults": {"data": DataSpec().to_dict(), "model": MODEL_DEFAULTS},
        "limits": {
            "layers": limits.MAX_LAYERS,
            "units": limits.MAX_UNITS,
            "points": [limits.MIN_POINTS, limits.MAX_POINTS],
            "epochs": limits.MAX_EPOCHS,
            "csv_bytes": limits.MAX_CSV_BYTES,
            "runs": limits.MAX_RUNS,
        },
        "speeds": len(limits.SPEEDS),
    }
