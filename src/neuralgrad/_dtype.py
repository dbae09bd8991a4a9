"""Dtypes: PyTorch's real and integer dtypes that NumPy can hold, and PyTorch's promotion rules.

float32, float64, int64 and bool are the everyday ones: arrays of other NumPy dtypes are converted
to the nearest of them on entry (``tensor(np_array)``). float16, int32, int16, int8 and uint8 are
stored as such when asked for by name (``dtype=int32``, ``.int()``, ``.half()``, ``from_numpy``).
"""

from __future__ import annotations

import numpy as np

from ._naming import qualified

__all__ = [
    "dtype",
    "float32",
    "float64",
    "int64",
    "bool_",
    "float16",
    "int32",
    "int16",
    "int8",
    "uint8",
    "ALL",
    "get_default_dtype",
    "set_default_dtype",
]


class dtype:
    """A tensor element type, printed and compared like ``torch.float32``."""

    __slots__ = ("name", "np", "is_floating_point", "itemsize", "_rank", "_category")

    def __init__(self, name: str, np_dtype: np.dtype, rank: int, category: int) -> None:
        self.name = name
        self.np = np.dtype(np_dtype)
        self.is_floating_point = category == 2
        self.itemsize = self.np.itemsize
        self._rank = rank
        self._category = category

    def __repr__(self) -> str:
        return qualified(self.name)

    @property
    def is_signed(self) -> bool:
        return self.np.kind in "if"

    @property
    def is_complex(self) -> bool:
        return False

    def __reduce__(self) -> str:
        return self.name


# rank orders promotion: bool < uint8, int8 < int16 < int32 < int64 < float16 < float32 < float64
# (uint8 with int8 is the one pair whose result, int16, is neither of them).
bool_ = dtype("bool", np.bool_, 0, 0)
uint8 = dtype("uint8", np.uint8, 1, 1)
int8 = dtype("int8", np.int8, 1, 1)
int16 = dtype("int16", np.int16, 2, 1)
int32 = dtype("int32", np.int32, 3, 1)
int64 = dtype("int64", np.int64, 4, 1)
float16 = dtype("float16", np.float16, 5, 2)
float32 = dtype("float32", np.float32, 6, 2)
float64 = dtype("float64", np.float64, 7, 2)

ALL = (bool_, uint8, int8, int16, int32, int64, float16, float32, float64)
_BY_NP: dict[np.dtype, dtype] = {d.np: d for d in ALL}
# NOTE: arrays of dtypes other than these four are converted to the nearest one on entry.
_ENTRY = frozenset(d.np for d in (bool_, int64, float32, float64))
_CONVERT_KIND = {"b": bool_, "i": int64, "u": int64, "f": float32}


class _Defaults:
    __slots__ = ("float",)


_defaults = _Defaults()
_defaults.float = float32


def get_default_dtype() -> dtype:
    """The dtype of float tensors created from Python floats (float32 unless changed)."""
    return _defaults.float


def set_default_dtype(d: dtype) -> None:
    """Set the default float dtype; only float32 and float64 are allowed, as in PyTorch."""
    if d not in (float32, float64):
        raise TypeError(f"only floating-point types are supported as the default type, got {d}")
    _defaults.float = d


def from_np(np_dtype: np.dtype) -> dtype:
    """The neuralgrad dtype of a NumPy dtype (supported ones only)."""
    try:
        return _BY_NP[np_dtype]
    except KeyError:
        raise TypeError(f"unsupported NumPy dtype {np_dtype}") from None


def supported_np(np_dtype: np.dtype) -> np.dtype:
    """The NumPy dtype an array of ``np_dtype`` is stored as when converted on entry."""
    if np_dtype in _ENTRY:
        return np_dtype
    if np_dtype == np.float64:
        return np.dtype(np.float64)
    d = _CONVERT_KIND.get(np_dtype.kind)
    if d is None:
        raise TypeError(
            f"can't convert an array of dtype {np_dtype} to a tensor; "
            "supported: bool, integer and floating-point arrays"
        )
    return d.np


def to_np(d: dtype | np.dtype | type | str | None) -> np.dtype | None:
    """Accept a neuralgrad dtype (or a NumPy dtype/str for convenience) and give the NumPy dtype."""
    if d is None:
        return None
    if isinstance(d, dtype):
        return d.np
    if d is float:
        return _defaults.float.np
    if d is int:
        return int64.np
    if d is bool:
        return bool_.np
    return supported_np(np.dtype(d))


def promote(*dtypes: dtype) -> dtype:
    """PyTorch's promote_types (e.g. int64 + float32 -> float32, uint8 + int8 -> int16)."""
    top = max(dtypes, key=lambda d: d._rank)
    if top._rank == 1 and uint8 in dtypes and int8 in dtypes:
        return int16
    return top


def result_np_dtype(operands: list) -> np.dtype:
    """PyTorch's result type for tensor operands and Python scalars.

    Tensors with dimensions outrank 0-d tensors, which outrank Python scalars, unless a lower tier
    holds a higher category (bool < integer < float); a Python float over integer tensors gives the
    default float dtype.
    """
    tiers: list[list[dtype]] = [[], [], []]
    for x in operands:
        if hasattr(x, "_data"):
            data = x._data
            tiers[0 if data.ndim else 1].append(_BY_NP[data.dtype])
        elif isinstance(x, (bool, np.bool_)):
            tiers[2].append(bool_)
        elif isinstance(x, (int, np.integer)):
            tiers[2].append(int64)
        else:
            tiers[2].append(_defaults.float)
    top = max(d._category for tier in tiers for d in tier)
    for tier in tiers[:2]:
        best = [d for d in tier if d._category == top]
        if best:
            return promote(*best).np
    return (bool_, int64, _defaults.float)[top].np
