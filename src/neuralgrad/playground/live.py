"""``LiveRun``: one model training on the page's data, a batch at a time. Everything comes
from the recipe's builders (model, preprocessing, optimizer, loss, schedule) and its one
step-by-step training path, ``fit_recipe_steps``, so the run's numbers are those of an
exported script or of ``neuralgrad train`` with the same recipe."""

from __future__ import annotations

import math

import numpy as np

from ..recipe import Recipe, build_model, fit_recipe_steps, outputs_of
from ..recipe.build import batch_size_for, build_optimizer, schedule_preview
from .data import PlaygroundData
from .form import check_trainable

__all__ = ["LiveRun"]


class LiveRun:
    """A recipe training on ``data``: ``batches`` done so far, ``epochs`` completed,
    ``finished`` once the recipe's epochs are done (or its schedule stopped it, or it
    ``diverged``: its weights are no longer numbers)."""

    def __init__(self, recipe: Recipe, data: PlaygroundData) -> None:
        check_trainable(recipe, data)
        self.recipe, self.data = recipe, data
        self.prep = data.preprocessing(recipe)
        self.head = self.prep.head
        self.train = self.prep.pair(*data.train)
        self.test = self.prep.pair(*data.test)
        self.model = build_model(recipe, data.X.shape[1], self.head)
        samples = len(self.train[1])
        self.steps_per_epoch = math.ceil(samples / batch_size_for(recipe, samples))
        self.optimizer = build_optimizer(recipe, self.model)
        self._steps = fit_recipe_steps(
            recipe, self.model, self.head, self.train, optimizer=self.optimizer
        )
        self.batches, self.epochs, self.finished, self.diverged = 0, 0, False, False

    def step(self) -> bool:
        """Train on one batch (after an epoch's last batch, also run the epoch's end: the
        schedule's step, the history); False when training was already over."""
        if self.finished:
            return False
        try:
            done = next(self._steps, None)
        except ValueError:  # a loss refuses NaN outputs: the weights blew up
            if self.weights_finite():
                raise
            self.diverged = self.finished = True
            return False
        if done is None:  # a schedule that stops training ('adaptive') ended it
            self.finished = True
            return False
        self.batches += 1
        if done.batch == self.steps_per_epoch - 1:
            end = next(self._steps, None)
            self.epochs = self.epochs + 1 if end is None else end.epoch + 1
            self.finished = end is None or self.epochs >= self.recipe.epochs
        return True

    def weights_finite(self) -> bool:
        """Whether every weight is still a number."""
        return all(bool(np.isfinite(p.detach().numpy()).all()) for p in self.model.parameters())

    def epoch(self) -> None:
        """Train to the end of the current epoch."""
        start = self.epochs
        while self.epochs == start and self.step():
            pass

    @property
    def lr(self) -> float:
        """The learning rate the next step uses."""
        return float(self.optimizer.param_groups[0]["lr"])

    def scores(self) -> dict[str, dict[str, float]]:
        """The unpenalised loss and the accuracy (or R²) on the whole training and test
        parts: the page's readouts, which an exported script prints too."""
        return {
            name: self.head.scores(outputs_of(self.model, X), y)
            for name, (X, y) in (("train", self.train), ("test", self.test))
        }

    def schedule(self) -> list[tuple[float, float]] | None:
        """The learning rate over the whole run, before training (None: it follows the loss)."""
        return schedule_preview(self.recipe, self.head, self.steps_per_epoch, len(self.train[1]))

    def outputs(self, raw: np.ndarray) -> np.ndarray:
        """The network's outputs on raw inputs (features and scaling applied)."""
        return outputs_of(self.model, self.prep.inputs(self.data.features_of(raw)))
