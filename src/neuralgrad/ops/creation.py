"""Creating tensors: from data, filled, ranges, and random draws from the global generator.

New host arrays come from ``host_ops()``, so that a capture records their creation and each
replay makes them afresh (a step may write into them in place)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .. import _dtype
from .._backend import array_ops, host_ops
from .._devices import move
from .._tensor import Tensor, wrap
from ..random import Generator, rng

__all__ = [
    "tensor",
    "as_tensor",
    "from_numpy",
    "zeros",
    "ones",
    "full",
    "empty",
    "eye",
    "arange",
    "linspace",
    "zeros_like",
    "ones_like",
    "full_like",
    "empty_like",
    "randn",
    "rand",
    "randint",
    "randperm",
    "randn_like",
    "rand_like",
    "randint_like",
    "as_array",
]


def _has_float(data: Any) -> bool:
    if isinstance(data, float):
        return True
    if isinstance(data, (list, tuple)):
        return any(_has_float(x) for x in data)
    if isinstance(data, Tensor):
        return data._data.dtype.kind == "f"
    return False


def as_array(data: Any, dtype: Any = None) -> np.ndarray:
    """``data`` (nested lists, numbers, arrays, tensors) as an array of a supported dtype."""
    target = _dtype.to_np(dtype)
    if isinstance(data, Tensor):
        a = data._data
    elif isinstance(data, (list, tuple)) and _contains_tensor(data):
        a = host_ops().array(_to_nested(data))
    elif isinstance(data, (np.ndarray, np.generic)):
        a = array_ops(data).asarray(data)  # the array's namespace (a capture records it)
    else:
        a = _backend_array(data)
    if target is None:
        if a.dtype.kind == "f" and not hasattr(data, "dtype") and not isinstance(data, Tensor):
            target = _dtype.get_default_dtype().np  # Python floats: the default dtype
        elif a.dtype.kind == "O":
            raise TypeError(
                f"can't build a tensor from {type(data).__name__} of mixed or non-numeric values"
            )
        else:
            target = _dtype.supported_np(a.dtype)
            if a.size == 0 and isinstance(data, (list, tuple)):
                target = _dtype.get_default_dtype().np
    return a.astype(target, copy=False)


def _backend_array(data: Any) -> Any:
    """``data`` itself when it is an array of a library neuralgrad computes with (a GPU array
    stays on its device), else NumPy's array of it (lists, numbers)."""
    if hasattr(data, "dtype") and hasattr(data, "shape"):
        try:
            array_ops(data)
            return data
        except TypeError:  # an array-like of another library: NumPy converts it
            pass
    return host_ops().asarray(data)


def _contains_tensor(data: Any) -> bool:
    return any(
        isinstance(x, Tensor) or (isinstance(x, (list, tuple)) and _contains_tensor(x))
        for x in data
    )


def _to_nested(data: Any) -> Any:
    if isinstance(data, Tensor):
        return data._data.tolist() if data._data.ndim else data._data.item()
    if isinstance(data, (list, tuple)):
        return [_to_nested(x) for x in data]
    return data


def _finish(a: Any, requires_grad: bool) -> Tensor:
    t = wrap(a)
    if requires_grad:
        t.requires_grad_(True)
    return t


def tensor(data: Any, dtype: Any = None, device: Any = None, requires_grad: bool = False) -> Tensor:
    """A new tensor holding a copy of ``data`` (floats default to float32, ints to int64)."""
    a = as_array(data, dtype)
    if a is data or (isinstance(data, Tensor) and a is data._data):
        a = a.copy()
    return _finish(_on(a, device), requires_grad)


def as_tensor(data: Any, dtype: Any = None, device: Any = None) -> Tensor:
    """Like ``tensor`` but shares memory with a NumPy array or tensor when it can."""
    if isinstance(data, Tensor) and (dtype is None or data.dtype == dtype):
        return data
    return wrap(_on(as_array(data, dtype), device))


def from_numpy(a: np.ndarray) -> Tensor:
    """A tensor sharing ``a``'s memory (changes to one show in the other)."""
    if not isinstance(a, np.ndarray):
        raise TypeError(f"expected a NumPy array, got {type(a).__name__}")
    if a.dtype not in _STORED:
        names = ", ".join(d.name for d in _dtype.ALL)
        raise TypeError(
            f"can't share memory with a {a.dtype} array; supported dtypes are {names} "
            "(use neuralgrad.tensor to convert)"
        )
    return wrap(a)


_STORED = frozenset(d.np for d in _dtype.ALL)


def _on(a: Any, device: Any) -> Any:
    """The array ``a`` on ``device`` (None: where it is)."""
    return a if device is None else move(a, device)


def _draws(generator: Generator | None, device: Any) -> Any:
    """The source of draws for a tensor made on ``device``: that device's generator."""
    return rng(generator, None if device is None or str(device) == "cpu" else device)


def _size(size: tuple) -> tuple:
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = tuple(size[0])
    for s in size:
        if not isinstance(s, (int, np.integer)) or s < 0:
            raise RuntimeError(f"size must be a tuple of non-negative ints, got {size}")
    return tuple(int(s) for s in size)


def _float_np(dtype: Any) -> np.dtype:
    return _dtype.to_np(dtype) if dtype is not None else _dtype.get_default_dtype().np


def zeros(*size: Any, dtype: Any = None, device: Any = None, requires_grad: bool = False) -> Tensor:
    """A tensor of zeros of the given size."""
    return _finish(_on(host_ops().zeros(_size(size), _float_np(dtype)), device), requires_grad)


def ones(*size: Any, dtype: Any = None, device: Any = None, requires_grad: bool = False) -> Tensor:
    """A tensor of ones of the given size."""
    return _finish(_on(host_ops().ones(_size(size), _float_np(dtype)), device), requires_grad)


def empty(*size: Any, dtype: Any = None, device: Any = None, requires_grad: bool = False) -> Tensor:
    """An uninitialised tensor of the given size."""
    return _finish(_on(host_ops().empty(_size(size), _float_np(dtype)), device), requires_grad)


def full(
    size: Any, fill_value: Any, dtype: Any = None, device: Any = None, requires_grad: bool = False
) -> Tensor:
    """A tensor of ``size`` filled with ``fill_value`` (its dtype inferred from the value)."""
    if dtype is None:
        dtype = (
            _dtype.bool_
            if isinstance(fill_value, bool)
            else _dtype.int64
            if isinstance(fill_value, int)
            else None
        )
    return _finish(
        _on(host_ops().full(_size((size,)), fill_value, _float_np(dtype)), device), requires_grad
    )


def eye(
    n: int, m: int | None = None, dtype: Any = None, device: Any = None, requires_grad: bool = False
) -> Tensor:
    """The n x m identity matrix."""
    return _finish(_on(host_ops().eye(n, m, dtype=_float_np(dtype)), device), requires_grad)


def arange(
    start: Any,
    end: Any = None,
    step: Any = 1,
    dtype: Any = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """Values from ``start`` to ``end`` (exclusive) by ``step``; int64 for int arguments."""
    if end is None:
        start, end = 0, start
    if step == 0:
        raise RuntimeError("arange: step must be nonzero")
    if dtype is None:
        is_int = all(isinstance(v, (int, np.integer)) for v in (start, end, step))
        dtype = _dtype.int64 if is_int else None
    n = max(0, math.ceil((end - start) / step))
    a = (
        (start + host_ops().arange(n, dtype=np.float64) * step)
        if dtype != _dtype.int64
        else host_ops().arange(start, end, step, dtype=np.int64)
    )
    return _finish(_on(a.astype(_float_np(dtype)), device), requires_grad)


def linspace(
    start: float,
    end: float,
    steps: int,
    dtype: Any = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """``steps`` evenly spaced values from ``start`` to ``end`` inclusive (PyTorch's values)."""
    if steps < 0:
        raise RuntimeError("linspace: number of steps must be non-negative")
    from ._linspace import linspace_array

    a = linspace_array(start, end, steps, _float_np(dtype))
    return _finish(_on(a, device), requires_grad)


def _like(x: Tensor, dtype: Any) -> np.dtype:
    return _dtype.to_np(dtype) if dtype is not None else x._data.dtype


def zeros_like(x: Tensor, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """Zeros with ``x``'s shape and dtype."""
    return _finish(array_ops(x._data).zeros(x.shape, _like(x, dtype)), requires_grad)


def ones_like(x: Tensor, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """Ones with ``x``'s shape and dtype."""
    return _finish(array_ops(x._data).ones(x.shape, _like(x, dtype)), requires_grad)


def full_like(x: Tensor, fill_value: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """``fill_value`` with ``x``'s shape and dtype."""
    return _finish(array_ops(x._data).full(x.shape, fill_value, _like(x, dtype)), requires_grad)


def empty_like(x: Tensor, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """Uninitialised, with ``x``'s shape and dtype."""
    return _finish(array_ops(x._data).empty(x.shape, _like(x, dtype)), requires_grad)


def _float_draw(draw: Any, size: tuple, dtype: Any) -> np.ndarray:
    npd = _float_np(dtype)
    if npd.kind != "f":
        raise TypeError(f"random floats need a floating-point dtype, got {dtype}")
    return draw(size, dtype=npd)


def randn(
    *size: Any,
    generator: Generator | None = None,
    dtype: Any = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """Standard normal samples."""
    a = _float_draw(_draws(generator, device).standard_normal, _size(size), dtype)
    return _finish(_on(a, device), requires_grad)


def rand(
    *size: Any,
    generator: Generator | None = None,
    dtype: Any = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """Uniform samples from [0, 1)."""
    a = _float_draw(_draws(generator, device).random, _size(size), dtype)
    return _finish(_on(a, device), requires_grad)


def randint(
    low: int,
    high: Any = None,
    size: Any = None,
    *,
    generator: Generator | None = None,
    dtype: Any = None,
    device: Any = None,
) -> Tensor:
    """Uniform integers from [low, high) (``randint(high, size)`` starts at 0)."""
    if size is None:  # randint(high, size)
        low, high, size = 0, low, high
    elif high is None:  # randint(high, size=size)
        low, high = 0, low
    if size is None:
        raise TypeError("randint() missing required argument 'size'")
    if high <= low:
        raise RuntimeError(f"randint: expected low < high, got low={low}, high={high}")
    a = _draws(generator, device).integers(low, high, _size((size,)), dtype=np.int64)
    return wrap(_on(a.astype(_dtype.to_np(dtype) or np.int64), device))


def randperm(
    n: int, *, generator: Generator | None = None, dtype: Any = None, device: Any = None
) -> Tensor:
    """A random permutation of 0..n-1."""
    a = _draws(generator, device).permutation(int(n)).astype(_dtype.to_np(dtype) or np.int64)
    return wrap(_on(a, device))


def _device_of(x: Tensor) -> Any:
    """``x``'s device, None for the CPU (where creation functions make tensors anyway)."""
    return None if array_ops(x._data).device_type == "cpu" else x.device


def randn_like(x: Tensor, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """Standard normal samples with ``x``'s shape, dtype and device."""
    return randn(
        *x.shape, dtype=dtype or x.dtype, device=_device_of(x), requires_grad=requires_grad
    )


def rand_like(x: Tensor, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """Uniform [0, 1) samples with ``x``'s shape, dtype and device."""
    return rand(*x.shape, dtype=dtype or x.dtype, device=_device_of(x), requires_grad=requires_grad)


def randint_like(x: Tensor, low: int, high: Any = None, dtype: Any = None) -> Tensor:
    """Uniform integers with ``x``'s shape and device."""
    return randint(low, high, x.shape, dtype=dtype or x.dtype, device=_device_of(x))
