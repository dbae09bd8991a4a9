"""Training callbacks with Keras's hook names and order: early stopping, checkpoints,
learning-rate schedules, CSV logging, NaN termination and progress display."""

from .base import Callback, CallbackList
from .checkpoint import ModelCheckpoint
from .csv_logger import CSVLogger
from .early_stopping import EarlyStopping
from .lr_scheduler import LRScheduler
from .progress import ProgressBar
from .terminate_on_nan import TerminateOnNaN

__all__ = [
    "Callback",
    "CallbackList",
    "EarlyStopping",
    "ModelCheckpoint",
    "LRScheduler",
    "CSVLogger",
    "TerminateOnNaN",
    "ProgressBar",
]
