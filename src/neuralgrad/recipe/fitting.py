"""``fit_recipe``: one training run as a recipe describes it, through ``train.fit``. The command
line, the main job, search and the scikit-learn estimators all train through here, so a
recipe trains the same way whichever front end holds it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

from ..random import Generator, get_rng_state, use_generator
from ..train import Callback, History, TrainingStep, fit, fit_steps, predict
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

__all__ = ["fit_recipe", "fit_recipe_steps", "outputs_of"]

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
    with the L1/L2 penalties, schedule, batch size, shuffling and early stopping, for
    ``epochs`` (default the recipe's) in all. ``validation`` pairs are used as given; without
    them ``recipe.validation_fraction`` of ``train`` is held out (stratified for classes).
    Batch order and dropout follow ``recipe.seed``."""
    options = _fit_options(recipe, model, head, train, validation, callbacks, epochs, optimizer)
    with seeded(recipe.seed):
        return fit(
            model, train, verbose=verbose, resume_from=resume_from, capture=capture, **options
        )


def fit_recipe_steps(
    recipe: Recipe,
    model: Any,
    head: Head,
    train: Pair,
    *,
    validation: Pair | None = None,
    callbacks: Iterable[Callback] = (),
    epochs: int | None = None,
    optimizer: Any = None,
) -> Iterator[TrainingStep]:
    """``fit_recipe`` one step at a time (``train.fit_steps``): yields a ``TrainingStep`` after
    every batch and every epoch's end, and reaches the same weights after the same batches, so
    a live view (the playground) or a script can stop anywhere and be reproduced. Dropout
    draws come from ``recipe.seed``'s stream, kept across the pauses."""
    options = _fit_options(recipe, model, head, train, validation, callbacks, epochs, optimizer)
    with seeded(recipe.seed):
        own = Generator()
        own.set_state(get_rng_state())
        steps = fit_steps(model, train, verbose=0, **options)
    return _own_stream(steps, own)


def _own_stream(steps: Iterator[TrainingStep], own: Generator) -> Iterator[TrainingStep]:
    """Advance ``steps`` with ``own`` (the run's stream) as the global generator, leaving the
    caller's stream alone between steps, as ``fit_recipe``'s ``seeded`` block does for a whole
    run."""
    while True:
        with use_generator(own):
            step = next(steps, None)
        if step is None:
            return
        yield step


def _fit_options(
    recipe: Recipe,
    model: Any,
    head: Head,
    train: Pair,
    validation: Pair | None,
    callbacks: Iterable[Callback],
    epochs: int | None,
    optimizer: Any,
) -> dict[str, Any]:
    """``train.fit``'s arguments for a recipe: what ``fit_recipe`` and ``fit_recipe_steps``
    share, so both train the same way."""
    X, _ = train
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
    return {
        "loss": build_criterion(recipe, head, model),
        "optimizer": opt,
        "epochs": recipe.epochs if epochs is None else int(epochs),
        "batch_size": batch,
        "validation_data": validation,
        "validation_split": split,
        "shuffle": recipe.shuffle,
        "metrics": head.metrics(),
        "callbacks": cbs,
        "generator": None if recipe.seed is None else Generator().manual_seed(recipe.seed),
    }


def outputs_of(model: Any, X: np.ndarray, batch_size: int = 512) -> np.ndarray:
    """The network's raw outputs (logits or values) on prepared inputs, as float64 (n, k)."""
    out = predict(model, np.asarray(X, np.float32), batch_size=batch_size)
    return np.asarray(out, np.float64).reshape(len(X), -1)
