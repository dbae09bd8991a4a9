"""The messages a page sends over its WebSocket, checked before anything acts on them: JSON
objects with a known ``type`` and fields of the right kind. A malformed message raises
``InputError`` (the page shows it; the session and the server go on)."""

from __future__ import annotations

import json
from typing import Any

from ..errors import InputError
from .limits import MAX_MESSAGE_BYTES, MAX_RUNS, SPEEDS

__all__ = ["MESSAGES", "parse_message"]

#: Each message type with its fields and their JSON kinds.
MESSAGES: dict[str, dict[str, type | tuple[type, ...]]] = {
    "configure": {"data": dict, "models": list},
    "upload": {"name": str, "text": str},
    "play": {},
    "pause": {},
    "step": {},
    "epoch": {},
    "reset": {},
    "speed": {"value": int},
    "export": {"run": int},
}

_KINDS = {dict: "an object", list: "a list", str: "text", int: "a whole number"}


def parse_message(text: Any) -> dict[str, Any]:
    """The message in ``text`` as a dict, checked; ``InputError`` says what is wrong."""
    if not isinstance(text, str):
        raise InputError("message: expected JSON text, got binary data")
    if len(text) > MAX_MESSAGE_BYTES:
        raise InputError(f"message: {len(text):,} characters; at most {MAX_MESSAGE_BYTES:,}")
    try:
        message = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(f"message: not JSON ({e.msg} at character {e.pos})") from None
    if not isinstance(message, dict):
        raise InputError(f"message: expected a JSON object, got {type(message).__name__}")
    kind = message.get("type")
    if kind not in MESSAGES:
        raise InputError(f"message: unknown type {kind!r}; the types are {list(MESSAGES)}")
    for name, expected in MESSAGES[kind].items():
        value = message.get(name)
        if not isinstance(value, expected) or isinstance(value, bool):
            raise InputError(
                f"message {kind!r}: {name} must be {_KINDS[expected]}, got {value!r:.80}"
            )
    _check_ranges(kind, message)
    return message


def _check_ranges(kind: str, message: dict[str, Any]) -> None:
    if kind == "configure" and not 1 <= len(message["models"]) <= MAX_RUNS:
        raise InputError(f"message 'configure': give 1 to {MAX_RUNS} models for side by side runs")
    if kind == "speed" and not 1 <= message["value"] <= len(SPEEDS):
        raise InputError(f"speed: expected 1 to {len(SPEEDS)}, got {message['value']}", "speed")
    if kind == "export" and not 0 <= message["run"] < MAX_RUNS:
        raise InputError(f"export: no run {message['run']}")
