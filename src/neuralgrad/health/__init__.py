"""Training health in the course's vocabulary: dead ReLUs, saturated sigmoid/tanh units,
vanishing and exploding gradients, update-to-weight ratios, and the first op that made a NaN.

``check(model, batch_x, batch_y, loss)`` examines one batch and returns a printable ``Report``
(findings with hints, and a per-layer table); ``HealthMonitor`` does the same during
``train.fit`` and logs a ``health_findings`` column. The package sits above ``train`` (the
callback is a ``train`` callback), next to ``plot``; ``neuralgrad.health`` loads on first use.
"""

from .callback import HealthMonitor
from .check import check
from .report import Finding, LayerStats, Report
from .rules import Thresholds

__all__ = ["check", "HealthMonitor", "Report", "Finding", "LayerStats", "Thresholds"]
