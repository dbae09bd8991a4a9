"""Training choices by name: the optimizer and learning-rate schedule a search trial or a
scikit-learn estimator asks for with a string ('adam', 'cosine', ...), built in one place; and
``seeded``, which trains under a seed without disturbing the caller's random stream."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from .. import optim
from ..random import get_rng_state, manual_seed, set_rng_state

__all__ = ["OPTIMIZERS", "SCHEDULES", "make_optimizer", "make_scheduler", "seeded"]

#: Optimizer names accepted by ``make_optimizer``.
OPTIMIZERS: dict[str, type[optim.Optimizer]] = {
    "sgd": optim.SGD,
    "adam": optim.Adam,
    "adamw": optim.AdamW,
    "rmsprop": optim.RMSprop,
    "adagrad": optim.Adagrad,
    "adadelta": optim.Adadelta,
}

#: Schedule names accepted by ``make_scheduler`` ('constant' means none).
SCHEDULES = ("constant", "cosine", "invscaling", "step", "plateau")


def make_optimizer(
    name: str, params: Iterable[Any], lr: float, weight_decay: float = 0.0, momentum: float = 0.9
) -> optim.Optimizer:
    """The optimizer called ``name`` over ``params``; ``momentum`` applies to SGD only (the
    others keep their own moment estimates)."""
    key = str(name).lower()
    if key not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {name!r}; choose one of {sorted(OPTIMIZERS)}")
    if not lr > 0:
        raise ValueError(f"the learning rate must be > 0, got {lr!r}")
    if weight_decay < 0:
        raise ValueError(f"weight_decay must be >= 0, got {weight_decay!r}")
    kwargs: dict[str, Any] = {"lr": float(lr), "weight_decay": float(weight_decay)}
    if key == "sgd":
        kwargs["momentum"] = float(momentum)
    return OPTIMIZERS[key](params, **kwargs)


def make_scheduler(name: str | None, optimizer: optim.Optimizer, epochs: int) -> Any:
    """A per-epoch schedule over ``epochs``: 'constant' (None), 'cosine' (annealed to 0),
    'invscaling' (the course's lr0/(1 + t)), 'step' (halved every quarter of the run) or
    'plateau' (halved when the monitored loss stalls for 5 epochs)."""
    key = "constant" if name is None else str(name).lower()
    if key not in SCHEDULES:
        raise ValueError(f"unknown lr schedule {name!r}; choose one of {list(SCHEDULES)}")
    sched = optim.lr_scheduler
    if key == "cosine":
        return sched.CosineAnnealingLR(optimizer, T_max=max(int(epochs), 1))
    if key == "invscaling":
        return sched.InverseTimeLR(optimizer, decay=1.0)
    if key == "step":
        return sched.StepLR(optimizer, step_size=max(int(epochs) // 4, 1), gamma=0.5)
    if key == "plateau":
        return sched.ReduceLROnPlateau(optimizer, factor=0.5, patience=5)
    return None


@contextmanager
def seeded(seed: int) -> Iterator[None]:
    """Run the block with neuralgrad's global generator seeded by ``seed`` (weights, dropout),
    then give the caller's stream back untouched, so a trial or a fit is reproducible alone."""
    saved = get_rng_state()
    manual_seed(seed)
    try:
        yield
    finally:
        set_rng_state(saved)
