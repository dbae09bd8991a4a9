"""``fit_recipe``: one training run as a recipe describes it, through ``train.fit``. The command
line, the main job, search and the scikit-learn estimators all train through here, so a
recipe trains the same way whichever front end holds it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from ..random import Generator
from ..train import Callback, History, fit, predict
from .build import (
    batch_size_for,
    build_criterion,
    build_optimizer,
    build_scheduler,
    seeded,
    stopping_callbacks,
)
from .head import Head
from .spec import Recipe

__all__ = ["fit_recipe", "outputs_of"]

Pair = tuple[np.ndarray, np.ndarray]


def fit_recipe(
    recipe: Recipe,
    model: Any,
    head: Head,
    train: Pair,
    *,
    validation: Pair | None = None,
    callbacks: Iterable[Callback] = (),
    epochs: int | None = None,
    optimizer: Any = None,
    verbose: int = 0,
    resume_from: str | None = None,
    capture: bool = False,
) -> History:
    """Train ``model`` on ``train`` (inputs ready for the network, targets as ``head.targets``
    gives them) as ``recipe`` says: its optimizer (or ``optimizer``, to continue one), loss
    with the L2 penalty, schedule, batch size, shuffling and early stopping, for
    ``epochs`` (default the recipe's) in all. ``validation`` pairs are used as given; without
    them ``recipe.validation_fraction`` of ``train`` is held out (stratified for classes).
    Batch order and dropout follow ``recipe.seed``."""
    X, y = train
    has_val = validation is not None or recipe.validation_fraction > 0
    split = 0.0 if validation is not None else recipe.validation_fraction
    samples = int(round(len(X) * (1 - split)))
    batch = batch_size_for(recipe, samples)
    opt = optimizer if optimizer is not None else build_optimizer(recipe, model)
    steps = -(-samples // batch)
    cbs = [
        *stopping_callbacks(recipe, head, has_val),
        *build_scheduler(recipe, head, opt, steps, samples, has_val),
        *callbacks,
    ]
    generator = None if recipe.seed is None else Generator().manual_seed(recipe.seed)
    with seeded(recipe.seed):
        return fit(
            model,
            (X, y),
            loss=build_criterion(recipe, head, model),
            optimizer=opt,
            epochs=recipe.epochs if epochs is None else int(epochs),
            batch_size=batch,
            validation_data=validation,
            validation_split=split,
            shuffle=recipe.shuffle,
            metrics=head.metrics(),
            callbacks=cbs,
            generator=generator,
            verbose=verbose,
            resume_from=resume_from,
            capture=capture,
        )


def outputs_of(model: Any, X: np.ndarray, batch_size: int = 512) -> np.ndarray:
    """The network's raw outputs (logits or values) on prepared inputs, as float64 (n, k)."""
    out = predict(model, np.asarray(X, np.float32), batch_size=batch_size)
    return np.asarray(out, np.float64).reshape(len(X), -1)
