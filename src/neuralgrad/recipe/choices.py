"""The one table of training choices by name: losses, optimizers with their hyperparameters and
learning-rate schedules with theirs, next to the model's own vocabulary (``models.ACTIVATIONS``,
``NORMS``, ``INITS``). A name means the same thing in every front end; ``describe()`` lists
every choice with its settings and defaults (JSON), for a form or a help page."""

from __future__ import annotations

from typing import Any

from .. import nn, optim
from ..models import ACTIVATIONS, INITS, NORMS
from ..nn import functional as F
from ..optim import lr_scheduler as sched
from ..options import Option

__all__ = [
    "ACTIVATIONS",
    "NORMS",
    "INITS",
    "LOSSES",
    "OPTIMIZERS",
    "SCHEDULES",
    "TABLES",
    "describe",
    "HalfMSELoss",
    "PerceptronLoss",
]


class HalfMSELoss(nn.MSELoss):
    """Half the mean squared error, ``mean((x − y)²) / 2``: scikit-learn's MLP regression loss,
    whose gradient (and so its SGD steps and its ``alpha``'s weight) is half of MSE's."""

    def forward(self, input: Any, target: Any) -> Any:
        return super().forward(input, target) * 0.5


class PerceptronLoss(nn.Module):
    """Rosenblatt's rule as a loss on one score z per sample and 0/1 targets y:
    ``mean((ŷ − y)·z)`` with the prediction ŷ = step(z) (1 if z > 0) held constant. Its gradient
    ``(ŷ − y)·x`` is the perceptron's update, so SGD without momentum at batch size 1 is the
    rule itself, ``w ← w − α(ŷ − y)x``; its value is the perceptron criterion (0 when every
    sample is right). Ours: PyTorch has no such loss."""

    def forward(self, input: Any, target: Any) -> Any:
        guess = F.heaviside(input.detach())
        return ((guess - target) * input).mean()


def _table(*options: Option) -> dict[str, Option]:
    return {o.name: o for o in options}


#: Losses; 'auto' is cross-entropy (binary cross-entropy on one logit for two classes) for
#: classification and MSE for regression.
LOSSES = _table(
    Option("auto", None, "cross_entropy (binary_cross_entropy for 2 classes), or mse"),
    Option(
        "cross_entropy",
        nn.CrossEntropyLoss,
        "classification: softmax over one logit per class",
        {"label_smoothing": 0.0},
    ),
    Option(
        "binary_cross_entropy",
        nn.BCEWithLogitsLoss,
        "two classes: one logit, sigmoid (scikit-learn's binary MLP)",
    ),
    Option(
        "hinge",
        nn.MultiMarginLoss,
        "classification: the multiclass SVM loss (PyTorch divides by the class count)",
        {"margin": 1.0},
    ),
    Option(
        "perceptron",
        PerceptronLoss,
        "two classes, one score: Rosenblatt's rule (SGD without momentum, batch size 1)",
    ),
    Option("mse", nn.MSELoss, "regression: mean squared error"),
    Option("squared_error", HalfMSELoss, "regression: half the MSE (scikit-learn's MLP loss)"),
    Option("l1", nn.L1Loss, "regression: mean absolute error"),
    Option(
        "huber", nn.HuberLoss, "regression: squared near 0, absolute beyond delta", {"delta": 1.0}
    ),
)

_ADAM = {"betas": (0.9, 0.999), "eps": 1e-8, "amsgrad": False}

#: Optimizers with the hyperparameters a recipe may set (the learning rate is the recipe's
#: ``lr``). SGD defaults to Nesterov momentum 0.9 (scikit-learn's); the rest are PyTorch's.
OPTIMIZERS = _table(
    Option(
        "sgd",
        optim.SGD,
        "minibatch SGD with (Nesterov) momentum",
        {"momentum": 0.9, "nesterov": True, "dampening": 0.0, "weight_decay": 0.0},
    ),
    Option("adam", optim.Adam, "Adam", {**_ADAM, "weight_decay": 0.0}),
    Option(
        "adamw", optim.AdamW, "Adam with decoupled weight decay", {**_ADAM, "weight_decay": 0.01}
    ),
    Option(
        "rmsprop",
        optim.RMSprop,
        "RMSprop",
        {"alpha": 0.99, "eps": 1e-8, "momentum": 0.0, "centered": False, "weight_decay": 0.0},
    ),
    Option(
        "adagrad",
        optim.Adagrad,
        "Adagrad",
        {"lr_decay": 0.0, "initial_accumulator_value": 0.0, "eps": 1e-10, "weight_decay": 0.0},
    ),
    Option("adadelta", optim.Adadelta, "Adadelta", {"rho": 0.9, "eps": 1e-6, "weight_decay": 0.0}),
)

#: Learning-rate schedules (stepped per epoch, 'onecycle' per batch). A setting of None is
#: derived from the run, as its help says.
SCHEDULES = _table(
    Option("constant", None, "the recipe's lr throughout"),
    Option(
        "step",
        sched.StepLR,
        "lr · gamma every step_size epochs (None: a third of the epochs)",
        {"step_size": None, "gamma": 0.1},
    ),
    Option("exponential", sched.ExponentialLR, "lr · gamma^epoch", {"gamma": 0.95}),
    Option(
        "cosine",
        sched.CosineAnnealingLR,
        "cosine from lr to eta_min over T_max epochs (None: all of them)",
        {"T_max": None, "eta_min": 0.0},
    ),
    Option(
        "plateau",
        sched.ReduceLROnPlateau,
        "lr · factor when the monitored value stalls for patience epochs",
        {"factor": 0.5, "patience": 5, "threshold": 1e-4},
    ),
    Option(
        "onecycle",
        sched.OneCycleLR,
        "one cycle up to max_lr (None: the recipe's lr) and down, per batch",
        {"max_lr": None, "pct_start": 0.3},
    ),
    Option(
        "invscaling",
        sched.LambdaLR,
        "scikit-learn's: lr / (samples seen + 1)^power_t, updated each epoch",
        {"power_t": 0.5},
    ),
    Option(
        "adaptive",
        sched.ReduceLROnPlateau,
        "scikit-learn's: lr / 5 when the monitored value stalls for more than the recipe's "
        "patience; training stops once lr falls to min_lr (instead of early stopping)",
        {"min_lr": 1e-6},
    ),
    Option(
        "inverse_time",
        sched.InverseTimeLR,
        "the course's time-based decay lr / (1 + decay · epoch)",
        {"decay": 1.0},
    ),
)

#: Each recipe field that takes a choice, with its table.
TABLES: dict[str, dict[str, Option]] = {
    "activation": ACTIVATIONS,
    "norm": NORMS,
    "init": INITS,
    "loss": LOSSES,
    "optimizer": OPTIMIZERS,
    "schedule": SCHEDULES,
}


def describe() -> dict[str, dict[str, Any]]:
    """``{field: {name: {"help": ..., "settings": {setting: default}}}}`` for every choice
    field of a recipe (JSON-able)."""
    return {f: {n: o.describe() for n, o in table.items()} for f, table in TABLES.items()}
