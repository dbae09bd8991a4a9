"""Learning-rate schedules (``torch.optim.lr_scheduler``), one file per family, plus ours:
``InverseTimeLR`` (the course's lr0/(1 + k t)), ReduceLROnPlateau inside SequentialLR and
ChainedScheduler, and ``preview(steps)`` on every schedule."""

from .base import LRScheduler
from .combinators import ChainedScheduler, SequentialLR
from .cosine import CosineAnnealingLR, CosineAnnealingWarmRestarts
from .cyclic import CyclicLR
from .decay import ExponentialLR, InverseTimeLR
from .lambda_lr import LambdaLR, MultiplicativeLR
from .one_cycle import OneCycleLR
from .plateau import ReduceLROnPlateau
from .step import MultiStepLR, StepLR
from .warmup import ConstantLR, LinearLR

__all__ = [
    "LRScheduler",
    "LambdaLR",
    "MultiplicativeLR",
    "StepLR",
    "MultiStepLR",
    "ExponentialLR",
    "InverseTimeLR",
    "ConstantLR",
    "LinearLR",
    "CosineAnnealingLR",
    "CosineAnnealingWarmRestarts",
    "CyclicLR",
    "OneCycleLR",
    "ReduceLROnPlateau",
    "SequentialLR",
    "ChainedScheduler",
]

# PyTorch defines every schedule in the one module ``torch.optim.lr_scheduler``, and code checks
# ``type(s).__module__ == lr_scheduler.__name__``; the classes say they live here likewise.
for _name in __all__:
    globals()[_name].__module__ = __name__
