"""Settings from a TOML, YAML or JSON file with the recipe's field names and the data's keys
(``hidden = [128, 64]``, ``optimizer = {name = "sgd", momentum = 0.8}``, ``data = "digits"``,
``target = "label"``...). A run directory's ``recipe.json`` is such a file. Options given on
the command line win over the file."""

from __future__ import annotations

import json
import os
from typing import Any

from ..errors import quoted
from ..recipe import Recipe
from .errors import CLIError

__all__ = ["read_config", "split_config", "check_data_settings", "saved_data_settings", "DATA_KEYS"]

#: The data settings a config file may hold besides the recipe.
DATA_KEYS = ("data", "target", "features", "task", "onehot", "sep", "test")


def _toml(path: str) -> dict[str, Any]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        try:
            import tomli as tomllib
        except ModuleNotFoundError:
            raise CLIError(
                f"{path}: reading TOML on Python 3.10 needs the 'tomli' package "
                "(pip install tomli), or use a YAML or JSON config"
            ) from None
    with open(path, "rb") as fh:
        try:
            return tomllib.load(fh)
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise CLIError(f"{path}: not valid TOML: {e}") from None


def _yaml(path: str) -> Any:
    try:
        import yaml
    except ModuleNotFoundError:
        raise CLIError(
            f"{path}: reading YAML needs PyYAML (pip install 'neuralgrad[cli]'), or use a TOML "
            "or JSON config"
        ) from None
    with open(path, encoding="utf-8") as fh:
        try:
            return yaml.safe_load(fh)
        except yaml.YAMLError as e:
            raise CLIError(f"{path}: not valid YAML: {str(e).splitlines()[0]}") from None


def _json(path: str) -> Any:
    with open(path, encoding="utf-8") as fh:
        try:
            return json.load(fh)
        except json.JSONDecodeError as e:
            raise CLIError(f"{path}: not valid JSON: {e}") from None


def read_config(path: str) -> dict[str, Any]:
    """The settings in a ``.toml``, ``.yaml``/``.yml`` or ``.json`` file, as a dict."""
    if not os.path.isfile(path):
        raise CLIError(f"{path}: no such config file")
    ext = os.path.splitext(path)[1].lower()
    readers = {".toml": _toml, ".yaml": _yaml, ".yml": _yaml, ".json": _json}
    if ext not in readers:
        raise CLIError(f"{path}: a config file must end in .toml, .yaml, .yml or .json")
    try:
        settings = readers[ext](path)
    except (OSError, UnicodeDecodeError) as e:
        raise CLIError(f"{path}: cannot read it ({e})") from None
    if settings is None:
        return {}
    if not isinstance(settings, dict):
        raise CLIError(f"{path}: expected key = value settings at the top level")
    return settings


def split_config(settings: dict[str, Any], path: str) -> tuple[dict, dict]:
    """``(recipe fields, data settings)`` of a config; an unknown key raises naming it and
    listing the known ones."""
    fields = Recipe.field_names()
    unknown = [k for k in settings if k not in fields and k not in DATA_KEYS]
    if unknown:
        raise CLIError(
            f"{path}: unknown setting {unknown[0]!r}; the settings are the recipe's fields "
            f"{fields} and the data's {list(DATA_KEYS)}"
        )
    recipe = {k: v for k, v in settings.items() if k in fields}
    data = {k: v for k, v in settings.items() if k in DATA_KEYS}
    check_data_settings(data, path)
    return recipe, data


#: what each data setting holds: (test, description)
_DATA_KINDS: dict[str, tuple[Any, str]] = {
    "data": (lambda v: isinstance(v, str), "a CSV file or a built-in data set's name"),
    "target": (lambda v: isinstance(v, str), "a column name"),
    "features": (
        lambda v: isinstance(v, list) and all(isinstance(s, str) for s in v),
        "a list of column names",
    ),
    "task": (
        lambda v: v in ("auto", "classification", "regression"),
        "auto, classification or regression",
    ),
    "onehot": (lambda v: isinstance(v, bool), "true or false"),
    "sep": (lambda v: isinstance(v, str) and len(v) > 0, "a separator such as ','"),
    "test": (
        lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v < 1,
        "a fraction in [0, 1)",
    ),
}


def check_data_settings(data: dict[str, Any], path: str) -> None:
    """Each data setting (from a config file or a run's ``run.json``) is of its kind; None
    stands for the default where one is (all but ``data``, ``task``, ``onehot``, ``test``)."""
    for key, value in data.items():
        test, expected = _DATA_KINDS[key]
        optional = key in ("target", "features", "sep") and value is None
        if not optional and not test(value):
            raise CLIError(f"{path}: {key} must be {expected}, got {quoted(value)}")


def saved_data_settings(data: dict[str, Any], path: str) -> dict[str, Any]:
    """A run's data settings (the ``data`` section of its ``run.json``, at ``path``) checked,
    with the defaults filled in."""
    from .data import DATA_DEFAULTS

    unknown = sorted(set(data) - set(DATA_KEYS))
    if unknown or not isinstance(data.get("data"), str):
        raise CLIError(f"{path}: its data settings are damaged (they name no data, or {unknown})")
    check_data_settings(data, path)
    return {**DATA_DEFAULTS, **data}
