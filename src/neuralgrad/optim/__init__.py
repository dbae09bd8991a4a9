"""Optimizers (``torch.optim``): SGD, Adagrad, Adadelta, RMSprop, Adam, AdamW; learning-rate
schedules in ``lr_scheduler``; the course's L1/L2 penalty terms in ``regularization``."""

from . import lr_scheduler
from .adadelta import Adadelta
from .adagrad import Adagrad
from .adam import Adam
from .adamw import AdamW
from .optimizer import Optimizer
from .regularization import l1_penalty, l2_penalty
from .rmsprop import RMSprop
from .sgd import SGD

__all__ = [
    "Optimizer",
    "SGD",
    "Adagrad",
    "Adadelta",
    "RMSprop",
    "Adam",
    "AdamW",
    "lr_scheduler",
    "l1_penalty",
    "l2_penalty",
]
