"""Calls that a capture replays as Python: optimizer steps and ``zero_grad``, scheduler steps.

Their Python logic must run at every replay (an optimizer's step reads its step count and
learning rate then), so while a step is recorded each of these methods, in every subclass that
defines its own, is wrapped: a call is recorded as one line of the schedule and run on plain
arrays, instead of being traced into fixed kernels. ``repeatable``: running it twice in a row
changes nothing more (``zero_grad``), so a replay may still fall back to eager after it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from functools import wraps
from typing import Any

from ._state import state

__all__ = ["host_calls"]


def _host_methods() -> list[tuple[type, str, bool]]:
    """(base class, method name, repeatable) for every call that replays as Python."""
    from ..nn.modules.module import Module
    from ..optim.lr_scheduler import LRScheduler, ReduceLROnPlateau
    from ..optim.optimizer import Optimizer

    return [
        (Optimizer, "step", False),
        (Optimizer, "zero_grad", True),
        (Module, "zero_grad", True),
        (LRScheduler, "step", False),
        (ReduceLROnPlateau, "step", False),
    ]


def _defining(base: type, name: str) -> list[type]:
    """``base`` and each of its subclasses whose own namespace defines ``name``."""
    out, todo, seen = [], [base], set()
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.add(cls)
        if name in vars(cls):
            out.append(cls)
        todo += cls.__subclasses__()
    return out


def _as_host_call(method: Callable, repeatable: bool) -> Callable:
    @wraps(method)
    def call(*args: Any, **kwargs: Any) -> Any:
        rec = state.recorder
        if rec is None or rec.paused:
            return method(*args, **kwargs)
        return rec.host(method, args, kwargs, repeatable)

    return call


@contextlib.contextmanager
def host_calls() -> Iterator[None]:
    """Within the block, the host-call methods record themselves (see the module doc)."""
    patched: dict[tuple[type, str], Callable] = {}
    for base, name, repeatable in _host_methods():
        for cls in _defining(base, name):
            if (cls, name) not in patched:
                patched[cls, name] = vars(cls)[name]
                setattr(cls, name, _as_host_call(vars(cls)[name], repeatable))
    try:
        yield
    finally:
        for (cls, name), original in patched.items():
            setattr(cls, name, original)
