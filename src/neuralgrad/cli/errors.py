"""``CLIError``: bad input or usage, which the command line reports as one line on stderr and
exit status 2 (no traceback); anything else is an unexpected failure (status 1)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["CLIError", "bad_input"]


class CLIError(Exception):
    """A problem with what the user gave (a file, a column, an option): exit status 2."""


@contextmanager
def bad_input(prefix: str = "") -> Iterator[None]:
    """Turn the errors a library call raises for bad input (``ValueError``, ``OSError``, an
    unreadable neuralgrad file) into ``CLIError`` with ``prefix`` before the message."""
    from ..serialization import SerializationError

    try:
        yield
    except CLIError:
        raise
    except (ValueError, OSError, SerializationError) as e:
        raise CLIError(f"{prefix}{e}") from None
