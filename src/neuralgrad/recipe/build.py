"""The pieces of a training run, each built from a ``Recipe`` in one place: the model, the
optimizer, the loss with its L2 penalty, the learning-rate schedule and the callbacks that
stop training."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .. import optim
from ..models import MLP
from ..nn.parameter import Parameter
from ..ops.creation import zeros
from ..optim import lr_scheduler as sched
from ..options import resolve
from ..random import Generator, use_generator
from ..train import Callback, EarlyStopping, LRScheduler
from .choices import OPTIMIZERS, SCHEDULES
from .head import Head
from .spec import Recipe

__all__ = [
    "seeded",
    "build_model",
    "build_optimizer",
    "build_criterion",
    "build_scheduler",
    "stopping_callbacks",
    "batch_size_for",
    "monitored",
    "schedule_preview",
]


@contextmanager
def seeded(seed: int | None) -> Iterator[None]:
    """Run the block with a generator seeded by ``seed`` standing for the global one in this
    thread (weights, dropout), leaving the caller's stream untouched, so a run is reproducible
    alone and beside runs in other threads (None: the global stream as it is)."""
    if seed is None:
        yield
        return
    with use_generator(Generator().manual_seed(seed)):
        yield


def build_model(recipe: Recipe, in_features: int, head: Head) -> MLP:
    """The recipe's MLP for ``in_features`` inputs and the head's outputs, weights drawn from
    the recipe's seed."""
    with seeded(recipe.seed):
        return MLP(
            in_features,
            recipe.hidden,
            head.out_features,
            recipe.activation,
            recipe.dropout,
            recipe.norm,
            recipe.init,
        )


def batch_size_for(recipe: Recipe, samples: int) -> int:
    """The recipe's batch size for ``samples`` training samples ('auto': min(200, samples))."""
    size = 200 if recipe.batch_size == "auto" else int(recipe.batch_size)
    return max(1, min(size, samples))


def build_optimizer(recipe: Recipe, model: Any) -> optim.Optimizer:
    """The recipe's optimizer, by its name in the one optimizer table, over ``model``'s
    parameters with the recipe's settings (``lr`` from the recipe)."""
    name, settings = resolve(recipe.optimizer, OPTIMIZERS, "optimizer")
    if "betas" in settings:
        settings["betas"] = tuple(settings["betas"])
    return OPTIMIZERS[name].target(model.parameters(), lr=recipe.lr, **settings)


class PenalizedLoss:
    """``loss(out, y) + (l2/2 · Σ‖W‖² + l1 · Σ|W|) / batch`` over the weight matrices (not
    biases or norm parameters): scikit-learn's ``alpha`` penalty (gradient ``l2·W/batch``) and
    the course's L1 penalty (gradient ``l1·sign(W)/batch``) on the same per-sample scale."""

    def __init__(self, loss: Any, model: Any, l2: float, l1: float = 0.0) -> None:
        self.loss, self.l2, self.l1 = loss, float(l2), float(l1)
        self.weights = [p for p in model.parameters() if p.ndim >= 2]

    def __call__(self, outputs: Any, targets: Any) -> Any:
        value = self.loss(outputs, targets)
        if self.l2:
            value = value + _total(w * w for w in self.weights) * (0.5 * self.l2 / len(outputs))
        if self.l1:
            value = value + _total(w.abs() for w in self.weights) * (self.l1 / len(outputs))
        return value


def _total(terms: Iterator[Any]) -> Any:
    """Σ of each term's sum, as one graph."""
    total = None
    for t in terms:
        total = t.sum() if total is None else total + t.sum()
    return total


def build_criterion(recipe: Recipe, head: Head, model: Any) -> PenalizedLoss:
    """The head's loss plus the recipe's L1 and L2 penalties on ``model``'s weights."""
    return PenalizedLoss(head.criterion(), model, recipe.l2, recipe.l1)


def monitored(recipe: Recipe, head: Head, has_val: bool) -> tuple[str, str]:
    """The logged key early stopping and plateau schedules watch, and its mode."""
    kind = recipe.monitor
    if kind == "none":
        kind = "val_loss" if has_val else "loss"
    if kind == "val_score":
        return f"val_{head.score_name}", "max"
    return kind, "min"


class _InverseScaling:
    """λ(epoch) = 1 / (epoch · samples + 1)^power_t: scikit-learn's 'invscaling' (its time
    step counts samples and advances once an epoch)."""

    def __init__(self, samples: int, power_t: float) -> None:
        self.samples, self.power_t = int(samples), float(power_t)

    def __call__(self, epoch: int) -> float:
        return 1.0 / (epoch * self.samples + 1) ** self.power_t


class StopAtMinLR(Callback):
    """Stop training once the learning rate has fallen to ``min_lr`` ('adaptive')."""

    def __init__(self, min_lr: float) -> None:
        self.min_lr = float(min_lr)

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        if self.trainer.optimizer.param_groups[0]["lr"] <= self.min_lr:
            self.trainer.stop_training = True


def build_scheduler(
    recipe: Recipe, head: Head, opt: optim.Optimizer, steps: int, samples: int, has_val: bool
) -> list[Callback]:
    """The recipe's schedule as callbacks (none for 'constant'): ``steps`` batches and
    ``samples`` samples per epoch."""
    name, s = resolve(recipe.schedule, SCHEDULES, "schedule")
    epochs = recipe.epochs
    key, mode = monitored(recipe, head, has_val)
    if name == "constant":
        return []
    if name == "onecycle":
        max_lr = recipe.lr if s["max_lr"] is None else s["max_lr"]
        total = max(2, epochs * steps)
        one = sched.OneCycleLR(opt, max_lr=max_lr, total_steps=total, pct_start=s["pct_start"])
        return [LRScheduler(one, "batch")]
    if name in ("plateau", "adaptive"):
        adaptive = name == "adaptive"
        plateau = sched.ReduceLROnPlateau(
            opt,
            mode=mode,
            factor=0.2 if adaptive else s["factor"],
            patience=recipe.patience if adaptive else s["patience"],
            threshold=recipe.min_delta if adaptive else s["threshold"],
            threshold_mode="abs" if adaptive else "rel",
        )
        stop = [StopAtMinLR(s["min_lr"])] if adaptive else []
        return [LRScheduler(plateau, "epoch", key), *stop]
    builders = {
        "step": lambda: sched.StepLR(opt, s["step_size"] or max(1, epochs // 3), s["gamma"]),
        "exponential": lambda: sched.ExponentialLR(opt, s["gamma"]),
        "cosine": lambda: sched.CosineAnnealingLR(opt, s["T_max"] or epochs, s["eta_min"]),
        "invscaling": lambda: sched.LambdaLR(opt, _InverseScaling(samples, s["power_t"])),
        "inverse_time": lambda: sched.InverseTimeLR(opt, s["decay"]),
    }
    return [LRScheduler(builders[name](), "epoch")]


class _OneParameter:
    """A stand-in model for previewing a schedule: one zero parameter, no random draws."""

    def parameters(self) -> list[Any]:
        return [Parameter(zeros(1))]


def schedule_preview(
    recipe: Recipe, head: Head, steps: int, samples: int, points: int = 200
) -> list[tuple[float, float]] | None:
    """The learning rate the recipe's schedule sets over the whole run, as (epoch, lr) points
    from epoch 0 to the run's end (each lr holds until the next point; at most about
    ``points`` of them; ``steps`` batches and ``samples`` samples per epoch), before training.
    None for the schedules that follow the monitored value (plateau, adaptive)."""
    opt = build_optimizer(recipe, _OneParameter())
    callbacks = build_scheduler(recipe, head, opt, steps, samples, has_val=False)
    if not callbacks:
        return [(0.0, recipe.lr), (float(recipe.epochs), recipe.lr)]
    schedule = callbacks[0]
    if schedule.plateau:
        return None
    per_epoch = steps if schedule.interval == "batch" else 1
    total = recipe.epochs * per_epoch
    lrs = schedule.scheduler.preview(total)
    stride = max(1, total // points)
    curve = [(i / per_epoch, float(lrs[i])) for i in range(0, total, stride)]
    return [*curve, (float(recipe.epochs), float(lrs[-1]))]  # held to the run's end


def stopping_callbacks(recipe: Recipe, head: Head, has_val: bool) -> list[Callback]:
    """Early stopping on the recipe's monitor (none when the monitor is 'none' or the
    'adaptive' schedule stops training itself)."""
    name, _ = resolve(recipe.schedule, SCHEDULES, "schedule")
    if recipe.monitor == "none" or name == "adaptive":
        return []
    key, mode = monitored(recipe, head, has_val)
    return [
        EarlyStopping(
            key,
            min_delta=recipe.min_delta,
            patience=recipe.patience,
            mode=mode,
            restore_best_weights=recipe.restore_best,
        )
    ]
