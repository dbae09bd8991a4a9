"""Array backends: the NumPy-like namespace an op body uses, chosen from its inputs' arrays.

Op bodies never call ``numpy`` by name; they take ``xp = array_ops(data)`` so that a CuPy array
(a GPU tensor) runs the same code. ``ArrayOps`` binds the backend module's functions and adds the
few helpers that VJPs share (un-broadcasting, scatter-adds), which the graph-building namespace
used for higher-order gradients mirrors.

Extension points: ``register_array_type(kind, ops)`` and ``register_array_module(root, make)``
say which namespace arrays of a type (or of a library, imported on first use) compute with;
``substitute_namespace(old, new)`` routes every array type that computes with ``old`` to ``new``
for a block (a capture routes NumPy through its recording namespace).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

import numpy as np

__all__ = [
    "ArrayOps",
    "array_ops",
    "device",
    "NUMPY",
    "is_basic_index",
    "host_ops",
    "register_array_type",
    "register_array_module",
    "substitute_namespace",
]


class ArrayOps:
    """A NumPy-compatible namespace over one array module, plus VJP helpers."""

    def __init__(self, module: ModuleType, device_type: str) -> None:
        self.module = module
        self.device_type = device_type

    def __getattr__(self, name: str) -> Any:
        """The module's function, fetched on first use and kept (then a plain attribute read;
        binding all of ``dir(numpy)`` up front would import its lazy submodules)."""
        if name.startswith("__"):
            raise AttributeError(name)
        value = getattr(self.module, name)
        object.__setattr__(self, name, value)
        return value

    def errstate(self, **kwargs: Any) -> Any:
        """NumPy's floating-point error context; a no-op for libraries without one (CuPy)."""
        fn = getattr(self.module, "errstate", None)
        return fn(**kwargs) if fn is not None else contextlib.nullcontext()

    # Reductions through the array's own method: NumPy's module-level sum/max/... go through a
    # Python dispatch layer that costs microseconds per call on small arrays.
    def sum(self, x: Any, axis: Any = None, keepdims: bool = False, **kw: Any) -> Any:
        return x.sum(axis=axis, keepdims=keepdims, **kw)

    def max(self, x: Any, axis: Any = None, keepdims: bool = False) -> Any:
        return x.max(axis=axis, keepdims=keepdims)

    def min(self, x: Any, axis: Any = None, keepdims: bool = False) -> Any:
        return x.min(axis=axis, keepdims=keepdims)

    def mean(self, x: Any, axis: Any = None, keepdims: bool = False, **kw: Any) -> Any:
        return x.mean(axis=axis, keepdims=keepdims, **kw)

    def astype(self, x: Any, np_dtype: Any) -> Any:
        """``x`` as ``np_dtype`` (no copy when it already is)."""
        return self.module.asarray(x).astype(np_dtype, copy=False)

    def erf(self, x: Any) -> Any:
        """The error function, which NumPy lacks (SciPy's or a NumPy fallback: ops/special)."""
        from .ops.special import erf_array

        return erf_array(x)

    def broadcast_to(self, x: Any, shape: tuple) -> Any:
        """``x`` broadcast to ``shape`` as a new writable array (NumPy's view-making
        ``broadcast_to`` costs microseconds in Python; VJP consumers need the values anyway)."""
        out = self.module.empty(shape, dtype=x.dtype)
        out[...] = x
        return out

    def sum_to(self, g: Any, shape: tuple) -> Any:
        """Sum a broadcast gradient back to ``shape`` (the one place un-broadcasting happens)."""
        lead = g.ndim - len(shape)
        axes = tuple(range(lead)) + tuple(
            i + lead for i, n in enumerate(shape) if n == 1 and g.shape[i + lead] != 1
        )
        if axes:
            g = g.sum(axis=axes, keepdims=True)
        if lead or g.shape != shape:
            g = g.reshape(shape)
        return g

    def scatter_add(self, shape: tuple, index: Any, g: Any) -> Any:
        """Zeros of ``shape`` with ``g`` added at ``index`` (repeated indices add up)."""
        out = self.module.zeros(shape, dtype=g.dtype)
        if is_basic_index(index):
            out[index] = g
        else:
            self.module.add.at(out, index, g)
        return out

    def gather_backward(self, shape: tuple, dim: int, index: Any, g: Any) -> Any:
        """The VJP of ``gather``: ``g`` added back along ``dim`` at ``index`` (repeats add)."""
        out = self.module.zeros(shape, dtype=g.dtype)
        idx = list(self.module.indices(index.shape, sparse=True))
        idx[dim] = index
        self.module.add.at(out, tuple(idx), g)
        return out


def is_basic_index(index: Any) -> bool:
    """True for ints, slices, None and Ellipsis only: such an index never repeats an element."""
    items = index if isinstance(index, tuple) else (index,)
    return all(i is None or i is Ellipsis or isinstance(i, (slice, int, np.integer)) for i in items)


NUMPY = ArrayOps(np, "cpu")
_BY_TYPE: dict[type, ArrayOps] = {np.ndarray: NUMPY}  # filled on first use of each type
_BY_MODULE: dict[str, Callable[[], ArrayOps]] = {}  # array library (root module) -> its maker
_SUBSTITUTES: dict[int, ArrayOps] = {}  # id(namespace) -> the one used instead, for a block


def array_ops(data: Any) -> ArrayOps:
    """The namespace for ``data``'s array library (NumPy, or CuPy for GPU arrays)."""
    ops = _BY_TYPE.get(type(data))
    if ops is not None:
        return ops
    return _register(type(data))


def _register(kind: type) -> ArrayOps:
    if issubclass(kind, (np.generic, np.ndarray, int, float, bool)):
        ops = NUMPY
    else:
        make = _BY_MODULE.get(kind.__module__.split(".")[0])
        if make is None:
            raise TypeError(f"unsupported array type {kind.__name__}")
        ops = make()
    ops = _SUBSTITUTES.get(id(ops), ops)
    _BY_TYPE[kind] = ops
    return ops


def host_ops() -> ArrayOps:
    """The namespace new NumPy arrays are made with: NumPy's, or the one substituted for it
    for a block (a capture's recording NumPy, so that its replays make them afresh)."""
    return _BY_TYPE[np.ndarray]


def register_array_type(kind: type, ops: ArrayOps) -> None:
    """Arrays of type ``kind`` compute with ``ops`` (an ``ArrayOps``)."""
    _BY_TYPE[kind] = ops


def register_array_module(root: str, make: Callable[[], ArrayOps]) -> None:
    """Arrays whose type comes from the library ``root`` (its top-level module name) compute
    with ``make()``, called once, on first use (so the library is imported only then)."""
    _BY_MODULE[root] = functools.cache(make)


@contextlib.contextmanager
def substitute_namespace(old: ArrayOps, new: ArrayOps) -> Iterator[None]:
    """Within the block, every array type that computes with ``old`` computes with ``new``
    (types first seen inside the block too)."""
    saved = dict(_BY_TYPE)
    for kind, ops in saved.items():
        if ops is old:
            _BY_TYPE[kind] = new
    _SUBSTITUTES[id(old)] = new
    try:
        yield
    finally:
        del _SUBSTITUTES[id(old)]
        _BY_TYPE.clear()
        _BY_TYPE.update(saved)


def _cupy() -> ArrayOps:
    import cupy  # optional: only reached for CuPy arrays

    return ArrayOps(cupy, "cuda")


register_array_module("cupy", _cupy)


class device:
    """Where a tensor's data lives: ``device('cpu')`` or ``device('cuda', 0)``."""

    __slots__ = ("type", "index")

    def __init__(self, type: str | device, index: int | None = None) -> None:
        kind = type
        if isinstance(kind, device):
            kind, index = kind.type, kind.index
        if ":" in kind:
            kind, idx = kind.split(":")
            index = int(idx)
        if kind not in ("cpu", "cuda"):
            raise ValueError(f"unknown device type {kind!r}; expected 'cpu' or 'cuda'")
        self.type = kind
        self.index = index

    def __eq__(self, other: object) -> bool:
        if isinstance(other, str):
            other = device(other)
        if not isinstance(other, device):
            return NotImplemented
        return self.type == other.type and (
            self.index == other.index or None in (self.index, other.index)
        )

    def __hash__(self) -> int:
        return hash(self.type)

    def __repr__(self) -> str:
        idx = "" if self.index is None else f", index={self.index}"
        return f"device(type='{self.type}'{idx})"

    def __str__(self) -> str:
        return self.type if self.index is None else f"{self.type}:{self.index}"
