"""``Monitor``: which logged value a callback watches and whether it improved, for early
stopping, checkpoints and plateau schedules (the rule itself is ``optim.improvement.is_better``)."""

from __future__ import annotations

import math
from typing import Any

from ...metrics import greater_is_better
from ...optim.improvement import check_mode, is_better, worst_value

__all__ = ["Monitor"]


class Monitor:
    """Tracks the best value of ``logs[monitor]``. ``mode`` is 'min', 'max' or 'auto' ('max'
    for accuracies, precision, recall, F1, R²; 'min' otherwise, as Keras guesses); a value
    improves only by more than ``min_delta`` (absolute)."""

    def __init__(
        self,
        monitor: str = "val_loss",
        mode: str = "auto",
        min_delta: float = 0.0,
        owner: str = "callback",
    ) -> None:
        if mode == "auto":
            mode = "max" if greater_is_better(monitor) else "min"
        check_mode(mode)
        self.monitor, self.mode, self.min_delta, self.owner = monitor, mode, abs(min_delta), owner
        self.reset()

    def reset(self) -> None:
        """Forget the best value (a new training run starts)."""
        self.best = worst_value(self.mode)

    def value(self, logs: dict | None) -> float:
        """The monitored value in ``logs``, or a ``KeyError`` naming the keys there are."""
        logs = logs or {}
        if self.monitor not in logs:
            hint = (
                " (validation values need validation_data or validation_split)"
                if self.monitor.startswith("val_")
                else ""
            )
            raise KeyError(
                f"{self.owner} monitors {self.monitor!r}, which is not among the "
                f"logged values {sorted(logs)}{hint}"
            )
        return float(logs[self.monitor])

    def improves(self, current: float, reference: float | None = None) -> bool:
        """Whether ``current`` beats ``reference`` (the best so far by default); NaN never does."""
        ref = self.best if reference is None else reference
        return not math.isnan(current) and is_better(current, ref, self.mode, self.min_delta, "abs")

    def state_dict(self) -> dict[str, Any]:
        return {"best": self.best}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        self.best = float(state["best"])
