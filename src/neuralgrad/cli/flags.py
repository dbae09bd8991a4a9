"""The recipe as command-line options: one ``--flag`` per ``Recipe`` field, with the field's
help and its default read from the recipe (so ``--help`` and the recipe cannot disagree).
Values are parsed here only as far as argparse needs; ``Recipe`` checks them and names the
field at fault."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..recipe import MONITORS, SCALERS, TABLES, Recipe

__all__ = ["add_recipe_flags", "given_recipe_fields", "recipe_flags", "flag_of", "sizes"]


def flag_of(field: str) -> str:
    """The command-line flag of a recipe field: ``batch_size`` -> ``--batch-size``."""
    return "--" + field.replace("_", "-")


def sizes(text: str) -> list[int]:
    """``128,64`` as ``[128, 64]``; ``none`` or an empty text: no hidden layer."""
    if text.strip().lower() in ("", "none"):
        return []
    try:
        return [int(s) for s in text.split(",") if s.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected sizes like 128,64, got {text!r}") from None


def _int_or(word: str) -> Any:
    def parse(text: str) -> int | str | None:
        if text.strip().lower() == word:
            return None if word == "none" else word
        try:
            return int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"expected a whole number or {word}, got {text!r}"
            ) from None

    return parse


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return ",".join(map(str, value)) or "none"
    return str(value)


_TYPES: dict[str, Any] = {
    "hidden": sizes,
    "dropout": float,
    "lr": float,
    "l2": float,
    "l1": float,
    "epochs": int,
    "batch_size": _int_or("auto"),
    "validation_fraction": float,
    "patience": int,
    "min_delta": float,
    "seed": _int_or("none"),
}
_CHOICES: dict[str, tuple[str, ...]] = {"monitor": MONITORS, "scale": SCALERS}
_METAVARS = {"hidden": "SIZES", "batch_size": "N|auto", "seed": "N|none"}


def add_recipe_flags(parser: argparse.ArgumentParser) -> None:
    """One option per recipe field, in a 'recipe' group; unset options stay out of the
    namespace (``argparse.SUPPRESS``), so a config file's value is not overridden."""
    group = parser.add_argument_group(
        "recipe (defaults from neuralgrad.recipe.Recipe; choices take NAME or "
        "NAME:key=value,...; 'neuralgrad recipe' lists them)"
    )
    defaults = Recipe.defaults()
    for field, text in Recipe.help().items():
        shown = f"{text} (default: {_shown(defaults[field])})"
        flag = flag_of(field)
        if isinstance(defaults[field], bool):
            group.add_argument(
                flag, action=argparse.BooleanOptionalAction, default=argparse.SUPPRESS, help=shown
            )
            continue
        if field in TABLES:
            shown += f"; one of {', '.join(TABLES[field])}"
        group.add_argument(
            flag,
            type=_TYPES.get(field, str),
            choices=_CHOICES.get(field),
            metavar=_METAVARS.get(field),
            default=argparse.SUPPRESS,
            help=shown,
        )


def given_recipe_fields(args: argparse.Namespace) -> dict[str, Any]:
    """The recipe fields set on the command line."""
    return {f: getattr(args, f) for f in Recipe.field_names() if hasattr(args, f)}


def recipe_flags(recipe: Recipe) -> list[str]:
    """The options that give ``recipe`` on the command line: one for each field that differs
    from its default (``given_recipe_fields`` reads them back into the same recipe)."""
    defaults, out = Recipe.defaults(), []
    for field, value in recipe.to_dict().items():
        if value == defaults[field]:
            continue
        flag = flag_of(field)
        if isinstance(defaults[field], bool):
            out.append(flag if value else "--no-" + flag[2:])
        else:
            out += [flag, _flag_text(value)]
    return out


def _flag_text(value: Any) -> str:
    """A value as its option reads it: sizes ``8,8``, a choice ``name:key=value,...``."""
    if isinstance(value, list):
        return ",".join(map(str, value)) or "none"
    if isinstance(value, dict):
        settings = ",".join(f"{k}={_setting(v)}" for k, v in value.items() if k != "name")
        return f"{value['name']}:{settings}"
    return "none" if value is None else str(value)


def _setting(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))
