"""Grad mode: whether ops record a graph. Context managers that also work as decorators; the
flag itself is ``_modes.modes.grad_enabled``, with the core's other mode flags, and belongs to
the calling thread (as PyTorch's: ``no_grad`` in one thread leaves the others recording)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from .._modes import modes

__all__ = ["no_grad", "enable_grad", "set_grad_enabled", "inference_mode", "is_grad_enabled"]

F = TypeVar("F", bound=Callable[..., Any])


def is_grad_enabled() -> bool:
    """True when ops record the graph for backward, in the calling thread."""
    return modes.grad_enabled


class _GradModeContext:
    """Sets grad mode for a ``with`` block or for every call of a decorated function."""

    _mode: bool = True

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        # ``@no_grad`` / ``@enable_grad`` / ``@inference_mode`` without parentheses, as PyTorch
        if len(args) == 1 and not kwargs and callable(args[0]):
            return cls()(args[0])
        return super().__new__(cls)

    def __enter__(self) -> None:
        self._prev = modes.grad_enabled
        modes.grad_enabled = self._mode

    def __exit__(self, *exc: object) -> None:
        modes.grad_enabled = self._prev

    def __call__(self, fn: F) -> F:
        mode = self._mode

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            prev = modes.grad_enabled
            modes.grad_enabled = mode
            try:
                return fn(*args, **kwargs)
            finally:
                modes.grad_enabled = prev

        return wrapper  # type: ignore[return-value]


class no_grad(_GradModeContext):
    """Disable graph recording: results of ops inside have ``requires_grad=False``."""

    _mode = False


class enable_grad(_GradModeContext):
    """Enable graph recording, e.g. inside a ``no_grad`` block."""

    _mode = True


class set_grad_enabled(_GradModeContext):
    """Set grad mode to ``mode`` (immediately, as PyTorch does, and for a ``with`` block)."""

    def __init__(self, mode: bool) -> None:
        self._mode = bool(mode)
        self._prev = modes.grad_enabled
        modes.grad_enabled = self._mode

    def __enter__(self) -> None:
        modes.grad_enabled = self._mode

    def __call__(self, fn: F) -> F:
        modes.grad_enabled = self._prev
        return super().__call__(fn)


class inference_mode(_GradModeContext):
    """Like ``no_grad`` (neuralgrad has no separate inference tensors); ``mode=False`` enables."""

    def __init__(self, mode: bool = True) -> None:
        self._mode = not mode
