"""Whether a step is being captured, and the marker for calls that replay as themselves.

Kept tiny and import-free so the engine, the optimizers and the random module can test
``state.recorder is not None`` at no cost when nothing is being captured.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

__all__ = ["state", "host_call"]

F = TypeVar("F", bound=Callable[..., Any])


class _State:
    __slots__ = ("recorder",)


state = _State()
state.recorder = None  # the active capture.recorder.Recorder, or None


def host_call(method: F | None = None, *, repeatable: bool = False) -> Any:
    """Mark a method whose Python logic must run at every replay (an optimizer's step reads its
    step count and learning rate then): inside a capture it is recorded as one call and run on
    plain arrays, instead of being traced into fixed kernels. ``repeatable``: running it twice
    in a row changes nothing more (``zero_grad``), so a replay may still fall back to eager
    after it."""
    if method is None:
        return lambda m: host_call(m, repeatable=repeatable)

    @wraps(method)
    def call(*args: Any, **kwargs: Any) -> Any:
        rec = state.recorder
        if rec is None or rec.paused:
            return method(*args, **kwargs)
        return rec.host(method, args, kwargs, repeatable)

    return call
