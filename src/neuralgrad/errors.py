"""``InputError``: the one family of errors for bad input from a user (a file, a column, a
setting, a run directory, a checkpoint). Front ends report it as one line (the command line:
exit status 2, no traceback); it is a ``ValueError``, so library callers and scikit-learn see
the usual type. ``SerializationError`` (a file ``neuralgrad.load`` cannot read) belongs to it.
"""

from __future__ import annotations

__all__ = ["InputError", "SerializationError", "DtypeError", "quoted"]


class InputError(ValueError):
    """Something the user gave is wrong; the message names what and where (field, column, row,
    file) and, where there is one, the way out. ``field``: the recipe field at fault, if any
    (so a form can point at it)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class SerializationError(InputError, RuntimeError):
    """A file ``neuralgrad.load`` cannot read: not safetensors, truncated, corrupted, hostile or
    not a regular file; the message names the file. Also a ``RuntimeError``, as PyTorch's
    loading errors are."""


class DtypeError(NotImplementedError):
    """An op given a tensor of a dtype it is not defined for (random draws or histograms of
    integers). A ``NotImplementedError``, the type PyTorch raises for these ("not implemented for
    'Long'"), so code written against PyTorch catches it."""


def quoted(value: object, most: int = 40) -> str:
    """A value as an error message quotes it: its repr, cut to ``most`` characters (a cell or a
    setting read from a file can be huge)."""
    text = repr(value)
    if len(text) <= most:
        return text
    return f"{text[: most - 4]}...{text[-1]} ({len(text)} characters)"
