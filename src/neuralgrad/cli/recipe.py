"""``neuralgrad recipe``: every recipe field with its default and help, and every choice
(activations, norms, inits, losses, optimizers, schedules) with its settings; ``--json`` prints
``Recipe.describe()``, what a front end needs to offer the recipe as a form."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..recipe import Recipe

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Add the ``recipe`` subcommand and its options to the subparsers ``sub``."""
    p = sub.add_parser(
        "recipe",
        help="the recipe's fields, defaults and choices",
        description=__doc__.split("\n\n")[0],
    )
    p.add_argument("--json", action="store_true", help="print it as JSON")
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    """Carry out ``neuralgrad recipe`` with the parsed ``args``; the exit status."""
    described = Recipe.describe()
    if args.json:
        print(json.dumps(described, indent=1))
        return 0
    print("fields (flag, default: meaning):")
    for name, f in described["fields"].items():
        print(f"  --{name.replace('_', '-'):<22} {json.dumps(f['default']):<12} {f['help']}")
    for field, options in described["choices"].items():
        print(f"{field} choices:")
        for name, o in options.items():
            settings = ", ".join(f"{k}={json.dumps(v)}" for k, v in o["settings"].items())
            print(f"  {name:<22} {o['help']}" + (f" [{settings}]" if settings else ""))
    return 0
