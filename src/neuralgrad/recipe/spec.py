"""``Recipe``: one typed, JSON-able description of an MLP and its training. Every default lives
here once; the command line (flags and config files), search, the scikit-learn estimators and
the main job build their models and training from it, and a run directory stores it.

Front ends translate their own vocabulary into these fields (scikit-learn's
``learning_rate_init`` is ``lr``, its ``alpha`` is ``l2``) and stop there. A bad value raises
``InputError`` naming the field (``error.field``), so a form can point at it.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError
from ..options import canonical
from .choices import TABLES
from .choices import describe as describe_choices

__all__ = ["Recipe", "MONITORS", "SCALERS"]

MONITORS = ("loss", "val_loss", "val_score", "none")
SCALERS = ("standard", "minmax", "none")


def _f(default: Any, help: str) -> Any:  # noqa: A002 - the metadata key argparse also uses
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Recipe:
    """An MLP and how to train it. Choice fields (activation, norm, init, loss, optimizer,
    schedule) take a name or ``{"name": ..., setting: value}``: see ``choices.describe()``."""

    hidden: tuple[int, ...] = _f((100,), "hidden layer sizes (none: a linear model)")
    activation: Any = _f("relu", "hidden-layer activation")
    dropout: float = _f(0.0, "dropout after each hidden layer, in [0, 1)")
    norm: Any = _f("none", "normalisation in each hidden layer")
    init: Any = _f("glorot", "how the Linear layers' weights and biases start")
    loss: Any = _f("auto", "training loss")
    optimizer: Any = _f("adam", "optimizer and its hyperparameters")
    lr: float = _f(1e-3, "learning rate (the start of a schedule)")
    l2: float = _f(
        1e-4, "L2 penalty l2/2·Σ‖W‖²/batch on the weights (scikit-learn's alpha); 0: none"
    )
    l1: float = _f(0.0, "L1 penalty l1·Σ|W|/batch on the weights (sparse weights); 0: none")
    schedule: Any = _f("constant", "learning-rate schedule and its settings")
    epochs: int = _f(200, "most epochs (scikit-learn's max_iter)")
    batch_size: int | str = _f("auto", "minibatch size; auto: min(200, samples)")
    shuffle: bool = _f(True, "reshuffle the training data every epoch")
    validation_fraction: float = _f(0.1, "part of the training data held out for validation")
    monitor: str = _f("loss", "what early stopping watches: loss, val_loss, val_score, none")
    patience: int = _f(10, "stop after this many epochs without improving by min_delta")
    min_delta: float = _f(1e-4, "the least change that counts as an improvement (tol)")
    restore_best: bool = _f(False, "end with the weights of the best monitored epoch")
    seed: int | None = _f(0, "seed of the weights, batch order, dropout and splits")
    scale: str = _f("standard", "input scaling, fitted on the training data: standard, minmax")
    scale_target: bool = _f(True, "standardise regression targets (predictions in their units)")

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            value = _CHECKS[f.name](getattr(self, f.name), f.name)
            object.__setattr__(self, f.name, value)
        if self.monitor.startswith("val") and not self.validation_fraction:
            raise InputError(
                f"monitor: {self.monitor!r} needs validation data; set validation_fraction > 0",
                "monitor",
            )

    @classmethod
    def field_names(cls) -> list[str]:
        return [f.name for f in dataclasses.fields(cls)]

    @classmethod
    def defaults(cls) -> dict[str, Any]:
        """Every field's default, JSON-able."""
        return cls().to_dict()

    @classmethod
    def help(cls) -> dict[str, str]:
        """Every field's one-line description."""
        return {f.name: f.metadata["help"] for f in dataclasses.fields(cls)}

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> Recipe:
        """A recipe from ``{field: value}`` (JSON, a config file, a form); fields left out take
        their defaults and unknown names raise ``InputError`` listing the fields."""
        if not isinstance(values, Mapping):
            raise InputError(f"a recipe is a mapping of fields, got {type(values).__name__}")
        unknown = sorted(set(values) - set(cls.field_names()))
        if unknown:
            raise InputError(
                f"unknown recipe field(s) {unknown}; the fields are {cls.field_names()}",
                unknown[0],
            )
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        """The fields as plain JSON values (``from_dict(to_dict())`` gives the recipe back)."""
        out = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        out["hidden"] = list(self.hidden)
        return out

    def replace(self, **changes: Any) -> Recipe:
        """A copy with ``changes`` (checked like the constructor's arguments)."""
        unknown = sorted(set(changes) - set(self.field_names()))
        if unknown:
            raise InputError(
                f"unknown recipe field(s) {unknown}; the fields are {self.field_names()}",
                unknown[0],
            )
        return dataclasses.replace(self, **changes)

    @staticmethod
    def describe() -> dict[str, Any]:
        """Every field (default, help) and every choice with its settings, JSON-able: what a
        front end needs to offer a recipe as a form."""
        return {
            "fields": {
                name: {"default": value, "help": Recipe.help()[name]}
                for name, value in Recipe.defaults().items()
            },
            "choices": describe_choices(),
        }


def _fail(name: str, expected: str, value: Any) -> InputError:
    return InputError(f"{name}: expected {expected}, got {value!r}", name)


def _number(low: float, high: float | None = None, *, open_low: bool = False) -> Any:
    def check(value: Any, name: str) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _fail(name, "a number", value)
        if not math.isfinite(value):
            raise _fail(name, "a finite number", value)
        above = value > low if open_low else value >= low
        if not above or (high is not None and value >= high):
            bounds = f"{'>' if open_low else '>='} {low}" + (
                f" and < {high}" if high is not None else ""
            )
            raise _fail(name, f"a number {bounds}", value)
        return float(value)

    return check


def _whole(low: int, none_ok: bool = False) -> Any:
    def check(value: Any, name: str) -> int | None:
        if value is None and none_ok:
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            and not (isinstance(value, float) and value.is_integer())
        ):
            raise _fail(name, f"a whole number >= {low}", value)
        if value < low:
            raise _fail(name, f"a whole number >= {low}", value)
        return int(value)

    return check


def _switch(value: Any, name: str) -> bool:
    if not isinstance(value, bool):
        raise _fail(name, "true or false", value)
    return value


def _one_of(options: tuple[str, ...]) -> Any:
    def check(value: Any, name: str) -> str:
        if value not in options:
            raise _fail(name, f"one of {list(options)}", value)
        return value

    return check


def _hidden(value: Any, name: str) -> tuple[int, ...]:
    if isinstance(value, int) and not isinstance(value, bool):
        value = (value,)
    if isinstance(value, (str, Mapping)) or not hasattr(value, "__iter__"):
        raise _fail(name, "a list of layer sizes such as [128, 64]", value)
    sizes = list(value)
    check = _whole(1)
    return tuple(check(v, name) for v in sizes)


def _batch_size(value: Any, name: str) -> int | str:
    return "auto" if value == "auto" else _whole(1)(value, name)


def _choice(value: Any, name: str) -> str | dict:
    return canonical(value, TABLES[name], name)


_CHECKS: dict[str, Any] = {
    "hidden": _hidden,
    "activation": _choice,
    "dropout": _number(0.0, 1.0),
    "norm": _choice,
    "init": _choice,
    "loss": _choice,
    "optimizer": _choice,
    "lr": _number(0.0, open_low=True),
    "l2": _number(0.0),
    "l1": _number(0.0),
    "schedule": _choice,
    "epochs": _whole(1),
    "batch_size": _batch_size,
    "shuffle": _switch,
    "validation_fraction": _number(0.0, 1.0),
    "monitor": _one_of(MONITORS),
    "patience": _whole(0),
    "min_delta": _number(0.0),
    "restore_best": _switch,
    "seed": _whole(0, none_ok=True),
    "scale": _one_of(SCALERS),
    "scale_target": _switch,
}
