"""PyTorch's legacy tensor types: ``FloatTensor(data)`` and ``FloatTensor(2, 3)``,
``isinstance(x, LongTensor)``, and ``Tensor.type()``, which names or converts to them."""

from __future__ import annotations

from typing import Any

import numpy as np

from . import _dtype
from ._backend import array_ops
from ._naming import qualified
from ._size import Size
from ._tensor import Tensor

__all__ = [
    "LegacyTensorType",
    "LEGACY_TYPES",
    "legacy_array",
    "tensor_type",
    "resolve_dtype",
]


class LegacyTensorType(type):
    """The type of ``FloatTensor`` & co: calling one builds a tensor of its dtype, and
    ``isinstance(x, FloatTensor)`` holds for CPU tensors of that dtype (not a subclass of
    ``Tensor``, as in PyTorch)."""

    dtype: _dtype.dtype

    def __instancecheck__(cls, obj: Any) -> bool:
        return (
            isinstance(obj, Tensor)
            and obj._data.dtype == cls.dtype.np
            and array_ops(obj._data).device_type == "cpu"
        )

    def __call__(cls, *args: Any, device: Any = None) -> Tensor:
        out = Tensor(legacy_array(cls.dtype, args), dtype=cls.dtype)
        return out if device is None else out.to(device)

    def __repr__(cls) -> str:
        return f"<class '{qualified(cls.__name__)}'>"


def _legacy(name: str, dt: _dtype.dtype) -> LegacyTensorType:
    doc = f"The legacy constructor and ``isinstance`` check for {dt.name} CPU tensors."
    return LegacyTensorType(name, (), {"dtype": dt, "__doc__": doc, "__module__": "neuralgrad"})


FloatTensor = _legacy("FloatTensor", _dtype.float32)
DoubleTensor = _legacy("DoubleTensor", _dtype.float64)
HalfTensor = _legacy("HalfTensor", _dtype.float16)
LongTensor = _legacy("LongTensor", _dtype.int64)
IntTensor = _legacy("IntTensor", _dtype.int32)
ShortTensor = _legacy("ShortTensor", _dtype.int16)
CharTensor = _legacy("CharTensor", _dtype.int8)
ByteTensor = _legacy("ByteTensor", _dtype.uint8)
BoolTensor = _legacy("BoolTensor", _dtype.bool_)

LEGACY_TYPES = (
    FloatTensor,
    DoubleTensor,
    HalfTensor,
    LongTensor,
    IntTensor,
    ShortTensor,
    CharTensor,
    ByteTensor,
    BoolTensor,
)
_BY_NAME = {cls.__name__: cls for cls in LEGACY_TYPES}
_BY_DTYPE = {cls.dtype: cls for cls in LEGACY_TYPES}


def _is_int(x: Any) -> bool:
    return isinstance(x, (int, np.integer)) and not isinstance(x, (bool, np.bool_))


def legacy_array(dt: _dtype.dtype, args: tuple) -> Any:
    """The array that ``Tensor(*args)`` / ``FloatTensor(*args)`` hold: sizes give an
    uninitialised tensor, one sequence gives its values as ``dt``, a tensor of ``dt`` is
    shared, nothing gives an empty tensor."""
    from .ops.creation import as_array

    if not args:
        return np.empty((0,), dt.np)
    if isinstance(args[0], Size) and len(args) == 1 or all(_is_int(a) for a in args):
        sizes = tuple(int(n) for n in (args[0] if isinstance(args[0], Size) else args))
        if any(n < 0 for n in sizes):
            raise RuntimeError(f"Trying to create tensor with negative dimension: {sizes}")
        return np.empty(sizes, dt.np)
    if len(args) > 1:
        kinds = ", ".join(type(a).__name__ for a in args)
        raise TypeError(f"new(): expected sizes (ints) or one sequence of data, got ({kinds})")
    data = args[0]
    if isinstance(data, Tensor):
        if data._data.dtype != dt.np:
            raise TypeError(
                f"expected a {dt.name} tensor, got {data.dtype}; convert it with "
                f".to({qualified(dt.name)})"
            )
        return data._data
    if isinstance(data, (float, bool, complex)) or data is None:
        raise TypeError(f"new(): data must be a sequence (got {type(data).__name__})")
    return as_array(data, dt)


def resolve_dtype(target: Any) -> _dtype.dtype:
    """The dtype that ``Tensor.type(target)`` means: a dtype, a legacy type, or its name
    (``'torch.FloatTensor'``; ``'neuralgrad.FloatTensor'`` also)."""
    if isinstance(target, _dtype.dtype):
        return target
    if isinstance(target, LegacyTensorType):
        return target.dtype
    if isinstance(target, str):
        prefix, _, name = target.rpartition(".")
        if prefix in ("torch", "neuralgrad") and name in _BY_NAME:
            return _BY_NAME[name].dtype
        raise ValueError(f"invalid type: {target!r}")
    raise TypeError(
        f"type() expects a dtype, a tensor type or its name, got {type(target).__name__}"
    )


def tensor_type(self: Tensor, dtype: Any = None, non_blocking: bool = False, **kwargs: Any) -> Any:
    """``type()``: the tensor's legacy type name (``'torch.FloatTensor'``); ``type(t)``: the
    tensor converted to ``t`` (itself when it already is)."""
    if dtype is None:
        cls = _BY_DTYPE.get(self.dtype)
        return qualified(cls.__name__) if cls is not None else qualified("Tensor")
    from .ops.cast import to_dtype

    return to_dtype(self, resolve_dtype(dtype))
