"""Anomaly detection (``torch.autograd.detect_anomaly``): while it is on, in the calling
thread, ``backward`` checks the gradients each node's VJP returns and raises at the first NaN
or infinity, naming the node, so a gradient that goes bad in the backward pass is traced to the
op whose derivative made it (``sqrt`` at 0, ``log`` at 0 ...) rather than found in ``.grad``."""

from __future__ import annotations

from typing import Any

from .._modes import modes

__all__ = ["detect_anomaly", "set_detect_anomaly", "is_anomaly_enabled", "check_finite_grads"]


def is_anomaly_enabled() -> bool:
    """Whether ``backward`` checks every node's gradients in this thread."""
    return modes.detect_anomaly


class _AnomalyMode:
    _mode = True

    def __enter__(self) -> None:
        self._prev = modes.detect_anomaly
        modes.detect_anomaly = self._mode

    def __exit__(self, *exc: object) -> None:
        modes.detect_anomaly = self._prev


class detect_anomaly(_AnomalyMode):
    """Check every node's gradients for the ``with`` block (PyTorch's ``check_nan=False``
    turns it off)."""

    def __init__(self, check_nan: bool = True) -> None:
        self._mode = bool(check_nan)


class set_detect_anomaly(_AnomalyMode):
    """Turn the checks on or off now (and back when used as a ``with`` block)."""

    def __init__(self, mode: bool, check_nan: bool = True) -> None:
        self._prev = modes.detect_anomaly
        self._mode = bool(mode) and bool(check_nan)
        modes.detect_anomaly = self._mode


def check_finite_grads(node: Any, grads: Any) -> None:
    """Raise PyTorch's error when a gradient ``node`` returned holds NaN or infinity."""
    for i, g in enumerate(grads):
        data = getattr(g, "_data", g)
        if data is None or getattr(data, "dtype", None) is None or data.dtype.kind not in "fc":
            continue
        xp = node.xp
        if not bool(xp.isfinite(data).all()):
            what = "nan" if bool(xp.isnan(data).any()) else "inf"
            raise RuntimeError(
                f"Function '{node.name()}' returned {what} values in its {i}th output."
            )
