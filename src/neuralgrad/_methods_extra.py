"""Binds to ``Tensor`` the methods that PyTorch scripts use beyond the core set (conversions to
the other dtypes, ``type()``, ``cuda()``, the ordering, running and sampling ops), and defines
``is_tensor`` and ``numel``, which PyTorch also exports as functions."""

from __future__ import annotations

from typing import Any

from . import _dtype
from ._legacy import tensor_type
from ._tensor import Tensor
from .ops import cumulative, histogram, sampling, sorting, unary_extra
from .ops.cast import to_dtype

__all__ = ["is_tensor", "numel"]


def is_tensor(obj: Any) -> bool:
    """Whether ``obj`` is a tensor (parameters included)."""
    return isinstance(obj, Tensor)


def numel(x: Tensor) -> int:
    """The number of elements of ``x``."""
    return x.numel()


def _converter(dt: _dtype.dtype) -> Any:
    def convert(self: Tensor, memory_format: Any = None) -> Tensor:
        return to_dtype(self, dt)

    convert.__name__ = {_dtype.float16: "half", _dtype.int32: "int"}.get(dt, dt.name)
    convert.__doc__ = f"The tensor as {dt.name} (itself when it already is)."
    return convert


def _cuda(self: Tensor, device: Any = None, non_blocking: bool = False) -> Tensor:
    """The tensor on the GPU (``device``, default ``'cuda'``); needs the GPU backend."""
    return self.to("cuda" if device is None else device)


_METHODS = {
    "type": tensor_type,
    "int": _converter(_dtype.int32),
    "short": _converter(_dtype.int16),
    "char": _converter(_dtype.int8),
    "byte": _converter(_dtype.uint8),
    "half": _converter(_dtype.float16),
    "nelement": numel,
    "cuda": _cuda,
    "sinh": unary_extra.sinh,
    "cosh": unary_extra.cosh,
    "log10": unary_extra.log10,
    "log2": unary_extra.log2,
    "cumsum": cumulative.cumsum,
    "cumprod": cumulative.cumprod,
    "sort": sorting.sort,
    "argsort": sorting.argsort,
    "topk": sorting.topk,
    "bernoulli": sampling.bernoulli,
    "bernoulli_": sampling.bernoulli_,
    "multinomial": sampling.multinomial,
    "histc": histogram.histc,
    "histogram": histogram.histogram,
}

for _name, _fn in _METHODS.items():
    setattr(Tensor, _name, _fn)
