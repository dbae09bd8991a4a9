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
from .history import History
from .loop import Trainer, TrainingStep, evaluate, fit, fit_steps, predict
from .lr_finder import LRFinderResult, find_lr
from .resume import load_checkpoint, save_checkpoint

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
