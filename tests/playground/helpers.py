"""What the playground tests share: a session's messages collected as they come, and the
configure message for a small problem."""

from __future__ import annotations

import queue
import time
from typing import Any


class Inbox:
    """Collects the messages a session sends (from its worker thread)."""

    def __init__(self) -> None:
        self.queue: queue.Queue[dict[str, Any]] = queue.Queue()
        self.seen: list[dict[str, Any]] = []

    def __call__(self, message: dict[str, Any]) -> None:
        self.queue.put(message)

    def wait(self, kind: str, timeout: float = 30.0, until: Any = None) -> dict[str, Any]:
        """The next message of ``kind`` (for which ``until(message)`` holds, if given)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                message = self.queue.get(timeout=max(0.0, end - time.monotonic()))
            except queue.Empty:
                break
            self.seen.append(message)
            if message["type"] == kind and (until is None or until(message)):
                return message
        raise AssertionError(f"no {kind!r} message within {timeout} s; saw {self.kinds()}")

    def kinds(self) -> list[str]:
        return [m["type"] for m in self.seen]


def configure(models: list[dict] | None = None, **data: Any) -> dict[str, Any]:
    return {
        "type": "configure",
        "data": {"dataset": "xor", "points": 80, **data},
        "models": models or [{"hidden": [4], "epochs": 5, "batch_size": 8}],
    }
