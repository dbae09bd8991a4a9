"""``Size``: a tensor's shape, a tuple of ints that prints as ``torch.Size([2, 3])`` does."""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import partial
from typing import Any, SupportsIndex

from ._naming import qualified

__all__ = ["Size", "as_size", "size_of"]


class Size(tuple):
    """The shape of a tensor (``torch.Size``): a tuple whose slices and sums stay ``Size``."""

    __slots__ = ()

    def __new__(cls, sizes: Iterable[Any] = ()) -> Size:
        items = tuple(sizes)
        for i, n in enumerate(items):
            if not hasattr(n, "__index__"):
                raise TypeError(
                    f"Size() takes an iterable of 'int' (item {i} is '{type(n).__name__}')"
                )
        return tuple.__new__(cls, (n.__index__() for n in items))

    def __repr__(self) -> str:
        return f"{qualified('Size')}([{', '.join(str(n) for n in self)}])"

    __str__ = __repr__

    def __getitem__(self, index: SupportsIndex | slice, _get: Any = tuple.__getitem__) -> Any:
        # NOTE: kept lean: shape[0] is on many hot paths; only a slice makes a new Size
        if index.__class__ is slice:
            return as_size(_get(self, index))
        return _get(self, index)

    def __add__(self, other: tuple) -> Size:
        if not isinstance(other, tuple):
            return NotImplemented
        return Size(tuple(self) + tuple(other))

    def __radd__(self, other: tuple) -> Size:
        if not isinstance(other, tuple):
            return NotImplemented
        return Size(tuple(other) + tuple(self))

    def __mul__(self, n: SupportsIndex) -> Size:
        return as_size(tuple(self) * n)

    __rmul__ = __mul__

    def numel(self) -> int:
        """The number of elements a tensor of this shape holds."""
        return math.prod(self)

    def __reduce__(self) -> tuple:
        return (Size, (tuple(self),))


as_size = partial(tuple.__new__, Size)
"""A ``Size`` from a tuple of ints, unchecked (a tensor's own shape)."""


_KNOWN: dict[tuple, Size] = {}  # shape -> its Size: a program uses few shapes, Size is immutable


def size_of(shape: tuple) -> Size:
    """The ``Size`` of an array's ``shape``, made once per shape (a tensor's ``.shape`` is read
    on many hot paths; a new ``Size`` costs 100 ns, a lookup 40)."""
    size = _KNOWN.get(shape)
    if size is None:
        if len(_KNOWN) >= 4096:
            _KNOWN.clear()
        size = _KNOWN[shape] = as_size(shape)
    return size
