"""scikit-learn's MLP parameters, with its names, meanings and defaults, translated into a
``Recipe``. The defaults are read from the recipe and its choice tables, so an estimator and
the command line start from the same values; errors name the scikit-learn parameter."""

from __future__ import annotations

from typing import Any

from ..errors import InputError
from ..recipe import OPTIMIZERS, SCHEDULES, Recipe

__all__ = ["DEFAULTS", "PARAM_OF_FIELD", "to_recipe"]

_R = Recipe()
_SGD, _ADAM = OPTIMIZERS["sgd"].settings, OPTIMIZERS["adam"].settings

#: Each constructor parameter's default (scikit-learn's parameters, then ours).
DEFAULTS: dict[str, Any] = {
    "hidden_layer_sizes": _R.hidden,
    "activation": _R.activation,
    "solver": _R.optimizer,
    "alpha": _R.l2,
    "batch_size": _R.batch_size,
    "learning_rate": "constant",
    "learning_rate_init": _R.lr,
    "power_t": SCHEDULES["invscaling"].settings["power_t"],
    "max_iter": _R.epochs,
    "shuffle": _R.shuffle,
    "random_state": None,
    "tol": _R.min_delta,
    "verbose": False,
    "warm_start": False,
    "momentum": _SGD["momentum"],
    "nesterovs_momentum": _SGD["nesterov"],
    "early_stopping": False,
    "validation_fraction": _R.validation_fraction,
    "beta_1": _ADAM["betas"][0],
    "beta_2": _ADAM["betas"][1],
    "epsilon": _ADAM["eps"],
    "n_iter_no_change": _R.patience,
    "max_fun": 15000,
    "dropout": _R.dropout,
    "norm": _R.norm,
    "schedule": None,
}

#: The scikit-learn parameter behind each recipe field it sets (for error messages).
PARAM_OF_FIELD = {
    "hidden": "hidden_layer_sizes",
    "activation": "activation",
    "optimizer": "solver",
    "l2": "alpha",
    "batch_size": "batch_size",
    "lr": "learning_rate_init",
    "epochs": "max_iter",
    "shuffle": "shuffle",
    "min_delta": "tol",
    "validation_fraction": "validation_fraction",
    "patience": "n_iter_no_change",
    "dropout": "dropout",
    "norm": "norm",
}
_ACTIVATIONS = {"logistic": "sigmoid"}  # scikit-learn's names for ours
_LEARNING_RATES = ("constant", "invscaling", "adaptive")


def _optimizer(p: dict[str, Any]) -> Any:
    solver = p["solver"]
    if solver == "lbfgs":
        raise InputError(
            "solver='lbfgs' is not supported: neuralgrad trains by minibatch gradient descent; "
            f"use 'adam' or 'sgd' (or one of {sorted(set(OPTIMIZERS) - {'adam', 'sgd'})})",
            "solver",
        )
    if solver == "sgd":
        return {"name": "sgd", "momentum": p["momentum"], "nesterov": p["nesterovs_momentum"]}
    if solver == "adam":
        return {"name": "adam", "betas": [p["beta_1"], p["beta_2"]], "eps": p["epsilon"]}
    return solver


def _schedule(p: dict[str, Any]) -> Any:
    """Ours when given; else scikit-learn's ``learning_rate``, which only SGD follows."""
    if p["schedule"] is not None:
        return p["schedule"]
    if p["learning_rate"] not in _LEARNING_RATES:
        raise InputError(
            f"learning_rate must be one of {list(_LEARNING_RATES)}, got {p['learning_rate']!r}",
            "learning_rate",
        )
    if p["solver"] != "sgd" or p["learning_rate"] == "constant":
        return "constant"
    if p["learning_rate"] == "invscaling":
        return {"name": "invscaling", "power_t": p["power_t"]}
    return "adaptive"


def to_recipe(p: dict[str, Any], seed: int, incremental: bool = False) -> Recipe:
    """The recipe of an estimator's parameters ``p`` (``get_params()``), seeded by ``seed``;
    ``incremental`` (``partial_fit``): one pass, no held-out data, no early stopping."""
    early = bool(p["early_stopping"]) and not incremental
    fraction = p["validation_fraction"]
    if (
        isinstance(fraction, bool)
        or not isinstance(fraction, (int, float))
        or not 0 <= fraction < 1
    ):
        raise InputError(
            f"validation_fraction must be a number in [0, 1), got {fraction!r}",
            "validation_fraction",
        )
    hidden = p["hidden_layer_sizes"]
    try:
        return Recipe(
            hidden=(hidden,) if isinstance(hidden, int) else hidden,
            activation=_ACTIVATIONS.get(p["activation"], p["activation"]),
            dropout=p["dropout"],
            norm=p["norm"],
            init=_R.init,
            optimizer=_optimizer(p),
            lr=p["learning_rate_init"],
            l2=p["alpha"],
            schedule="constant" if incremental else _schedule(p),
            epochs=p["max_iter"],
            batch_size=p["batch_size"],
            shuffle=bool(p["shuffle"]),
            validation_fraction=p["validation_fraction"] if early else 0.0,
            monitor="val_score" if early else ("none" if incremental else "loss"),
            patience=p["n_iter_no_change"],
            min_delta=p["tol"],
            restore_best=early,
            seed=seed,
            scale="none",
            scale_target=False,
        )
    except InputError as e:
        param = PARAM_OF_FIELD.get(e.field or "", e.field)
        message = str(e)
        if e.field and param != e.field and message.startswith(f"{e.field}:"):
            message = f"{param}:{message[len(e.field) + 1 :]}"
        raise InputError(message, param) from None
