"""Whether a step is being recorded: ``state.recorder`` is the active ``Recorder`` or None."""

from __future__ import annotations

__all__ = ["state"]


class _State:
    __slots__ = ("recorder",)


state = _State()
state.recorder = None
