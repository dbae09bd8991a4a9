"""Settings from a TOML or YAML file with the same keys as the command-line options
(``hidden = [128, 64]``, ``batch_norm = true``, ``data = "digits"``...). The file's settings
are turned into option tokens placed before the command line's own, so argparse checks them
with the same rules and an option given on the command line wins."""

from __future__ import annotations

import argparse
import os
from typing import Any

from .errors import CLIError, bad_input

__all__ = ["read_config", "config_tokens"]


def _toml(path: str) -> dict[str, Any]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        try:
            import tomli as tomllib
        except ModuleNotFoundError:
            raise CLIError(
                f"{path}: reading TOML on Python 3.10 needs the 'tomli' package "
                "(pip install tomli), or use a YAML config"
            ) from None
    with open(path, "rb") as fh, bad_input(f"{path}: not valid TOML: "):
        return tomllib.load(fh)


def _yaml(path: str) -> Any:
    try:
        import yaml
    except ModuleNotFoundError:
        raise CLIError(
            f"{path}: reading YAML needs PyYAML (pip install neuralgrad[cli]), or use a TOML config"
        ) from None
    with open(path, encoding="utf-8") as fh:
        try:
            return yaml.safe_load(fh)
        except yaml.YAMLError as e:
            raise CLIError(f"{path}: not valid YAML: {str(e).splitlines()[0]}") from None


def read_config(path: str) -> dict[str, Any]:
    """The settings in a ``.toml``, ``.yaml`` or ``.yml`` file, as a flat dict."""
    if not os.path.isfile(path):
        raise CLIError(f"{path}: no such config file")
    ext = os.path.splitext(path)[1].lower()
    if ext not in (".toml", ".yaml", ".yml"):
        raise CLIError(f"{path}: a config file must end in .toml, .yaml or .yml")
    settings = _toml(path) if ext == ".toml" else _yaml(path)
    if settings is None:
        return {}
    if not isinstance(settings, dict):
        raise CLIError(f"{path}: expected key = value settings at the top level")
    return settings


def _value(key: str, value: Any, path: str) -> str:
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    if isinstance(value, dict) or value is None:
        raise CLIError(
            f"{path}: {key!r} must be a number, a string or a list, not {type(value).__name__}"
        )
    return str(value)


def config_tokens(
    parser: argparse.ArgumentParser, settings: dict[str, Any], path: str
) -> tuple[list[str], Any]:
    """Option tokens for ``settings`` (checked against ``parser``'s options) and the value of
    the ``data`` key (the positional argument), if any."""
    flags = {s: a for a in parser._actions for s in a.option_strings if s.startswith("--")}
    tokens: list[str] = []
    data = settings.get("data")
    for key, value in settings.items():
        if key == "data":
            continue
        flag = "--" + str(key).replace("_", "-")
        if flag not in flags or flag in ("--config", "--help"):
            known = sorted(
                f[2:].replace("-", "_") for f in flags if f not in ("--config", "--help")
            )
            raise CLIError(f"{path}: unknown setting {key!r}; the settings are {['data', *known]}")
        if flags[flag].nargs == 0:  # a switch such as --batch-norm
            if not isinstance(value, bool):
                raise CLIError(f"{path}: {key!r} must be true or false, not {value!r}")
            tokens += [flag] if value else []
        else:
            tokens += [flag, _value(key, value, path)]
    return tokens, data
