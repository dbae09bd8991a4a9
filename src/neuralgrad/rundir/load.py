"""Reading a run directory back, checking it before anything is allocated: its format and
version, its data and status sections, the recipe (each field checked), the preprocessing
(``checks``), and that the weights have exactly the shapes the recipe and the data's sizes
call for. Every problem is an ``InputError`` that
names the file and what is wrong."""

from __future__ import annotations

import json
import os
from typing import Any

from ..errors import InputError
from ..models import MLP, parameter_shapes
from ..recipe import Preprocessing, Recipe
from ..serialization import SerializationError, load
from .checks import check_data, check_preprocessing, check_status
from .run import FORMAT, MODEL, PREPROCESSING, RECIPE, RUN, VERSION, Run

__all__ = ["load_run", "run_directory"]


def run_directory(path: str | os.PathLike) -> str:
    """The run directory of ``path``: the directory itself, or the one holding a run file
    such as its ``model.ng``; anything else raises ``InputError``."""
    path = os.fspath(path)
    directory = path if os.path.isdir(path) else os.path.dirname(path) or "."
    if not os.path.exists(path):
        raise InputError(f"{path}: no such run directory")
    if not os.path.isfile(os.path.join(directory, RUN)):
        what = "directory" if os.path.isdir(path) else "file"
        raise InputError(
            f"{path} is not a neuralgrad run directory (no {RUN}; a run {what} is written by "
            "'neuralgrad train' or an estimator's save_run)"
        )
    return directory


def _json(path: str) -> Any:
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputError(f"{path}: not readable JSON ({e})") from None


def _ng(path: str) -> Any:
    if not os.path.isfile(path):
        raise InputError(f"{path}: missing (the run directory is incomplete)")
    try:
        return load(path)
    except (SerializationError, OSError, ValueError) as e:
        raise InputError(f"{path}: {e}") from None


def _description(directory: str) -> dict[str, Any]:
    path = os.path.join(directory, RUN)
    desc = _json(path)
    if not isinstance(desc, dict) or desc.get("format") != FORMAT:
        raise InputError(f"{path} is not a neuralgrad run description")
    if desc.get("version") != VERSION:
        raise InputError(
            f"{path}: run format version {desc.get('version')!r} is not one this neuralgrad "
            f"reads ({VERSION})"
        )
    model = desc.get("model")
    if not isinstance(model, dict) or model.get("kind") != "MLP":
        raise InputError(f"{path}: unknown model {model!r}")
    for key in ("in_features", "out_features"):
        if not isinstance(model.get(key), int) or model[key] < 1:
            raise InputError(f"{path}: model {key} must be a positive whole number")
    check_data(desc.get("data", {}), path)
    check_status(desc.get("status", {}), path)
    return desc


def _check_shapes(state: Any, expected: dict[str, tuple], directory: str) -> None:
    """The weights must be exactly the tensors the recipe describes."""
    where = os.path.join(directory, MODEL)
    if not isinstance(state, dict):
        raise InputError(f"{where} does not hold a state dict")
    missing, extra = sorted(set(expected) - set(state)), sorted(set(state) - set(expected))
    if missing or extra:
        raise InputError(
            f"{where} does not match {RECIPE}: missing {missing}, unexpected {extra} "
            "(the recipe names other layers than the weights have)"
        )
    for key, shape in expected.items():
        got = tuple(getattr(state[key], "shape", ()))
        if got != shape:
            raise InputError(
                f"{where}: {key} has shape {got}, but {RECIPE} and {RUN} call for {shape} "
                "(the recipe names sizes the weights don't have)"
            )


def _recipe(directory: str) -> Recipe:
    path = os.path.join(directory, RECIPE)
    try:
        return Recipe.from_dict(_json(path))
    except InputError as e:
        raise InputError(f"{path}: {e}", e.field) from None


def _preprocessing(directory: str) -> Preprocessing:
    path = os.path.join(directory, PREPROCESSING)
    state = _ng(path)
    check_preprocessing(state, path)
    prep = Preprocessing.from_state(state)
    if prep.features.feature_names != state["feature_names"]:
        raise InputError(f"{path}: 'feature_names' are not the ones its feature encoder makes")
    return prep


def load_run(path: str | os.PathLike) -> Run:
    """The run saved in ``path`` (a run directory, or a file in one), model in eval mode."""
    directory = run_directory(path)
    desc = _description(directory)
    recipe, prep = _recipe(directory), _preprocessing(directory)
    n_in, n_out = desc["model"]["in_features"], desc["model"]["out_features"]
    if (len(prep.features.feature_names), prep.head.out_features) != (n_in, n_out):
        raise InputError(
            f"{directory}: {PREPROCESSING} describes {len(prep.features.feature_names)} inputs "
            f"and {prep.head.out_features} outputs, {RUN} {n_in} and {n_out}"
        )
    state = _ng(os.path.join(directory, MODEL))
    expected = parameter_shapes(
        n_in, recipe.hidden, n_out, recipe.norm, recipe.dropout, recipe.activation
    )
    _check_shapes(state, expected, directory)  # before anything is allocated
    model = MLP(
        n_in, recipe.hidden, n_out, recipe.activation, recipe.dropout, recipe.norm, recipe.init
    )
    model.load_state_dict(state)
    status = dict(desc.get("status", {}))
    return Run(recipe, prep, model.eval(), dict(desc.get("data", {})), status)
