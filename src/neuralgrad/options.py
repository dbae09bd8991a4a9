"""Named choices with settings: the vocabulary of a recipe (activations, norms, inits, losses,
optimizers, schedules). Each ``Option`` says what a name builds and which settings it takes,
with their defaults, so a front end can list them and a value can be checked before anything
is built. A value is a name (``"sgd"``), ``"name:key=value,..."`` text (the command line) or
a dict ``{"name": "sgd", "momentum": 0.8}`` (config files, JSON)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import InputError

__all__ = ["Option", "resolve", "canonical", "parse_choice"]


@dataclass(frozen=True)
class Option:
    """One choice: its ``name``, what it builds (``target``), a line of ``help`` and its
    ``settings`` with their defaults (None where the default depends on the run, as ``help``
    says)."""

    name: str
    target: Any
    help: str
    settings: Mapping[str, Any] = field(default_factory=dict)

    def describe(self) -> dict[str, Any]:
        """JSON-able: ``{"help": ..., "settings": {name: default}}``."""
        return {"help": self.help, "settings": _plain(dict(self.settings))}


def _plain(value: Any) -> Any:
    """Tuples as lists, so a description is JSON."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _split_top(text: str) -> list[str]:
    """Split on commas outside brackets (``betas=[0.9,0.99],eps=1e-8``)."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "[(":
            depth += 1
        elif ch in "])":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _value(text: str) -> Any:
    """A setting's text as JSON (numbers, true/false, null, lists), else the text itself."""
    try:
        return json.loads(text.replace("(", "[").replace(")", "]"))
    except json.JSONDecodeError:
        return text


def parse_choice(text: str, field_name: str) -> dict[str, Any]:
    """``"sgd:momentum=0.8,nesterov=false"`` as ``{"name": "sgd", "momentum": 0.8, ...}``."""
    name, _, rest = text.partition(":")
    out: dict[str, Any] = {"name": name.strip()}
    for item in _split_top(rest):
        key, eq, value = item.partition("=")
        if not eq or not key.strip():
            raise InputError(
                f"{field_name}: expected name:key=value,... (e.g. sgd:momentum=0.8), got {text!r}",
                field_name,
            )
        out[key.strip()] = _value(value.strip())
    return out


def resolve(value: Any, table: Mapping[str, Option], field_name: str) -> tuple[str, dict]:
    """``(name, settings)`` of a choice: its settings over the option's defaults. An unknown
    name or setting, or a value of the wrong kind, raises ``InputError`` naming the field."""
    if isinstance(value, str):
        value = parse_choice(value, field_name) if ":" in value else {"name": value}
    if not isinstance(value, Mapping) or not isinstance(value.get("name"), str):
        raise InputError(
            f"{field_name}: expected a name or {{'name': ..., settings}}, got {value!r}",
            field_name,
        )
    given = dict(value)
    name = given.pop("name").strip().lower()
    if name not in table:
        raise InputError(
            f"{field_name}: unknown choice {name!r}; choose one of {sorted(table)}", field_name
        )
    option = table[name]
    unknown = sorted(set(given) - set(option.settings))
    if unknown:
        known = sorted(option.settings) or "none"
        raise InputError(
            f"{field_name}: {name!r} has no setting(s) {unknown}; its settings are {known}",
            field_name,
        )
    for key, v in given.items():
        _check_kind(field_name, name, key, v, option.settings[key])
    return name, {**option.settings, **given}


def _check_kind(field_name: str, name: str, key: str, value: Any, default: Any) -> None:
    """A setting must be of its default's kind (a number for a number, true/false for a
    switch, a list for a pair)."""
    if default is None or value is None:
        return
    if isinstance(default, bool):
        ok = isinstance(value, bool)
    elif isinstance(default, (int, float)):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    elif isinstance(default, (list, tuple)):
        ok = isinstance(value, (list, tuple)) and len(value) == len(default)
    else:
        ok = isinstance(value, type(default))
    if not ok:
        raise InputError(
            f"{field_name}: {name!r} setting {key!r} must be like {_plain(default)!r}, "
            f"got {value!r}",
            field_name,
        )


def canonical(value: Any, table: Mapping[str, Option], field_name: str) -> str | dict:
    """The stored form of a choice: its name, or ``{"name": ..., settings}`` holding only the
    settings that differ from the defaults (JSON-able)."""
    name, settings = resolve(value, table, field_name)
    changed = {
        k: _plain(v) for k, v in settings.items() if _plain(v) != _plain(table[name].settings[k])
    }
    return {"name": name, **changed} if changed else name
