"""Whether a step is being recorded in the calling thread: ``state.recorder`` is the thread's
active ``Recorder`` or None (a capture in one thread leaves the others' arrays plain)."""

from __future__ import annotations

import threading
from typing import Any

__all__ = ["state"]


class _State(threading.local):
    recorder: Any

    def __init__(self) -> None:
        self.recorder = None


state = _State()
