"""The default trial of a search: train a ``models.MLP`` with the given hyperparameters through
``train.fit`` and score it on held-out data.

Hyperparameter names (all optional; ``MLP_DEFAULTS`` fills the rest): ``hidden`` (tuple of
widths) or ``n_layers`` + ``width`` (that many layers of that width), ``activation``,
``dropout``, ``batch_norm``, ``optimizer``, ``lr``, ``weight_decay``, ``momentum``,
``lr_schedule``, ``epochs``, ``batch_size``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..metrics import get_metric
from ..models import MLP
from ..nn import CrossEntropyLoss, MSELoss
from ..random import Generator
from ..train import fit, predict
from .recipe import make_optimizer, make_scheduler, seeded

__all__ = ["MLP_DEFAULTS", "mlp_params", "train_mlp", "score_model"]

MLP_DEFAULTS: dict[str, Any] = {
    "hidden": (64,),
    "activation": "relu",
    "dropout": 0.0,
    "batch_norm": False,
    "optimizer": "adam",
    "lr": 1e-3,
    "weight_decay": 0.0,
    "momentum": 0.9,
    "lr_schedule": "constant",
    "epochs": 20,
    "batch_size": 32,
}


def mlp_params(params: dict[str, Any]) -> dict[str, Any]:
    """``params`` over the defaults, with ``n_layers``/``width`` turned into ``hidden``;
    unknown names are an error (a typo would otherwise search nothing)."""
    params = dict(params)
    if "n_layers" in params or "width" in params:
        if "hidden" in params:
            raise ValueError("give hidden, or n_layers and width, not both")
        width = int(params.pop("width", MLP_DEFAULTS["hidden"][0]))
        params["hidden"] = (width,) * int(params.pop("n_layers", 1))
    unknown = set(params) - set(MLP_DEFAULTS)
    if unknown:
        raise ValueError(
            f"unknown hyperparameters {sorted(unknown)}; the MLP trial knows "
            f"{sorted(MLP_DEFAULTS) + ['n_layers', 'width']}"
        )
    return {**MLP_DEFAULTS, **params}


def train_mlp(
    params: dict[str, Any],
    X: np.ndarray,
    y: np.ndarray,
    *,
    task: str,
    seed: int,
    n_classes: int | None = None,
) -> MLP:
    """A fresh MLP trained on ``(X, y)``: class indices ``0..C-1`` for 'classification'
    (``n_classes`` outputs; default ``y.max() + 1``), float targets ``(n,)`` or ``(n, k)``
    for 'regression'; reproducible for a ``seed``."""
    p = mlp_params(params)
    classify = task == "classification"
    out = (n_classes or int(y.max()) + 1) if classify else (1 if y.ndim == 1 else y.shape[1])
    y = y.astype(np.int64) if classify else y.astype(np.float32).reshape(len(y), -1)
    with seeded(seed):
        model = MLP(X.shape[1], p["hidden"], out, p["activation"], p["dropout"], p["batch_norm"])
        opt = make_optimizer(
            p["optimizer"], model.parameters(), p["lr"], p["weight_decay"], p["momentum"]
        )
        fit(
            model,
            (X.astype(np.float32), y),
            loss=CrossEntropyLoss() if classify else MSELoss(),
            optimizer=opt,
            epochs=int(p["epochs"]),
            batch_size=int(p["batch_size"]),
            scheduler=make_scheduler(p["lr_schedule"], opt, int(p["epochs"])),
            generator=Generator().manual_seed(seed),
            verbose=0,
        )
    return model


def score_model(model: Any, X: np.ndarray, y: np.ndarray, *, scoring: str) -> float:
    """``scoring`` (a ``neuralgrad.metrics`` name: 'accuracy', 'r2', 'mse', ...) of the model's
    outputs on ``(X, y)``; NaN outputs (a diverged run) score NaN."""
    out = predict(model, X.astype(np.float32), batch_size=max(len(X), 1))
    if not np.isfinite(out).all():
        return float("nan")
    return float(get_metric(scoring)[1](out, y))
