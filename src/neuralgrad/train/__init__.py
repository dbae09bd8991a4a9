"""Training: ``fit`` / ``evaluate`` / ``predict``, callbacks, history and resume checkpoints.

Ours (PyTorch leaves the loop to the user); names and hooks follow Keras. Import it as
``neuralgrad.train`` (``import neuralgrad`` does not load it).
"""

from .callbacks import (
    Callback,
    CallbackList,
    CSVLogger,
    EarlyStopping,
    LRScheduler,
    ModelCheckpoint,
    ProgressBar,
    TerminateOnNaN,
)
from .checkpoint import load_checkpoint, save_checkpoint
from .history import History
from .loop import Trainer, TrainingStep, evaluate, fit, fit_steps, predict
from .lr_finder import LRFinderResult, find_lr

__all__ = [
    "fit",
    "fit_steps",
    "TrainingStep",
    "evaluate",
    "predict",
    "find_lr",
    "LRFinderResult",
    "History",
    "Trainer",
    "Callback",
    "CallbackList",
    "EarlyStopping",
    "ModelCheckpoint",
    "LRScheduler",
    "CSVLogger",
    "TerminateOnNaN",
    "ProgressBar",
    "save_checkpoint",
    "load_checkpoint",
]
