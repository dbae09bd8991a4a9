"""The command line's errors: ``InputError`` (the library's one family for bad input, which
``CLIError`` belongs to) is reported as one line on stderr with exit status 2 and no
traceback; anything else is an unexpected failure (status 1)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import InputError

__all__ = ["CLIError", "InputError", "bad_input"]


class CLIError(InputError):
    """A problem with what was given on the command line (an option, a path): exit status 2."""


@contextmanager
def bad_input(prefix: str = "") -> Iterator[None]:
    """Turn the errors a library call raises for bad input (``ValueError``, ``OSError``, an
    unreadable neuralgrad file) into ``CLIError`` with ``prefix`` before the message."""
    from ..serialization import SerializationError

    try:
        yield
    except InputError:
        raise
    except (ValueError, OSError, SerializationError) as e:
        raise CLIError(f"{prefix}{e}") from None
