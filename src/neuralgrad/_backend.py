"""Array backends: the NumPy-like namespace an op body uses, chosen from its inputs' arrays.

Op bodies never call ``numpy`` by name; they take ``xp = array_ops(data)`` so that a CuPy array
(a GPU tensor) runs the same code. ``ArrayOps`` binds the backend module's functions and adds the
few helpers that VJPs share (un-broadcasting, scatter-adds), which the graph-building namespace
used for higher-order gradients mirrors.

Everything that differs between NumPy and CuPy sits here, as a method of ``ArrayOps`` (NumPy)
overridden by ``GPUOps`` (CuPy): where an array lives (``device_index``), copying to and from the
host (``to_numpy``, ``from_numpy``), random draws (``draws``: NumPy's ``Generator`` methods over
CuPy's generator), ``erf`` (SciPy's or ``cupyx.scipy.special``'s), floating-point error state
(NumPy's ``errstate``; CuPy has none) and waiting for queued work (``synchronize``). Devices,
moves between them and the error for operands on two are written once from those
(``_devices``).

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
    "GPUOps",
    "array_ops",
    "NUMPY",
    "is_basic_index",
    "host_ops",
    "register_array_type",
    "register_array_module",
    "substitute_namespace",
]


class ArrayOps:
    """A NumPy-compatible namespace over one array module, plus VJP helpers and the few
    operations whose spelling differs between array libraries (NumPy's here)."""

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

    # ---- what differs between array libraries (GPUOps overrides these) ------------------------
    def errstate(self, **kwargs: Any) -> Any:
        """NumPy's floating-point error context; a no-op for libraries without one (CuPy)."""
        fn = getattr(self.module, "errstate", None)
        return fn(**kwargs) if fn is not None else contextlib.nullcontext()

    def device_index(self, a: Any) -> int | None:
        """The index of the device ``a`` lives on (None: the one CPU)."""
        return None

    def to_numpy(self, a: Any) -> np.ndarray:
        """``a`` as a NumPy array on the host (itself when it already is one)."""
        return a if isinstance(a, np.ndarray) else np.asarray(a)

    def from_numpy(self, a: Any, index: int | None = None) -> Any:
        """The host array (or number) ``a`` as an array of this library on device ``index``."""
        return self.module.asarray(a)

    def draws(self, seed: int) -> Any:
        """A source of random draws with NumPy ``Generator``'s methods, seeded with ``seed``."""
        return np.random.Generator(np.random.PCG64(seed))

    def synchronize(self, index: int | None = None) -> None:
        """Wait until the device's queued work is done (the CPU's is done when a call returns)."""

    def address(self, a: Any) -> int:
        """The address of ``a``'s first element in memory (views of one array compare by it)."""
        return a.__array_interface__["data"][0]

    def reshape_view(self, a: Any, shape: tuple) -> Any:
        """``a`` reshaped to ``shape`` as a view of its memory, or None when that needs a copy."""
        try:  # a shape set on a throwaway view fails exactly when no view has that shape
            a.view().shape = shape
        except AttributeError:
            return None
        return a.reshape(shape)

    def erf(self, x: Any) -> Any:
        """The error function, which NumPy lacks (SciPy's or a NumPy fallback: ops/special)."""
        from .ops.special import erf_cpu

        return erf_cpu(x)

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

    def to_device(self, a: Any, dev: Any) -> Any:
        """``a`` on ``dev`` (``_devices.move``; the graph-building namespace records it)."""
        from ._devices import move

        return move(a, dev)

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
        # open (broadcasting) index grids, as indices(..., sparse=True) gives (CuPy lacks sparse)
        n = index.ndim
        idx = [
            self.module.arange(size).reshape((1,) * i + (size,) + (1,) * (n - i - 1))
            for i, size in enumerate(index.shape)
        ]
        idx[dim] = index
        self.module.add.at(out, tuple(idx), g)
        return out


def is_basic_index(index: Any) -> bool:
    """True for ints, slices, None and Ellipsis only: such an index never repeats an element."""
    items = index if isinstance(index, tuple) else (index,)
    return all(i is None or i is Ellipsis or isinstance(i, (slice, int, np.integer)) for i in items)


class GPUOps(ArrayOps):
    """CuPy's namespace (or one with CuPy's interface): arrays on a GPU, which NumPy's functions
    do not take; ``special`` is the module with ``erf`` (``cupyx.scipy.special``)."""

    def __init__(self, module: ModuleType, special: Any) -> None:
        super().__init__(module, "cuda")
        self.special = special

    def device_index(self, a: Any) -> int | None:
        return int(a.device.id)

    def to_numpy(self, a: Any) -> np.ndarray:
        return a.get() if isinstance(a, self.module.ndarray) else np.asarray(a)

    def from_numpy(self, a: Any, index: int | None = None) -> Any:
        with self.module.cuda.Device(index or 0):
            return self.module.asarray(a)

    def draws(self, seed: int) -> Any:
        return _GPUDraws(self.module.random.RandomState(seed))

    def synchronize(self, index: int | None = None) -> None:
        self.module.cuda.Device(index or 0).synchronize()

    def address(self, a: Any) -> int:
        return a.data.ptr

    def reshape_view(self, a: Any, shape: tuple) -> Any:
        out = a.reshape(shape)  # CuPy's reshape makes a view whenever one can be made
        return out if a.size == 0 or self.module.may_share_memory(a, out) else None

    def erf(self, x: Any) -> Any:
        return self.special.erf(x)


class _GPUDraws:
    """NumPy ``Generator``'s drawing methods (the ones neuralgrad uses) over CuPy's
    ``RandomState``, which spells them as NumPy's legacy ``RandomState`` does."""

    __slots__ = ("state",)

    def __init__(self, state: Any) -> None:
        self.state = state

    def standard_normal(self, size: Any = None, dtype: Any = np.float64) -> Any:
        return self.state.standard_normal(size, dtype=dtype)

    def random(self, size: Any = None, dtype: Any = np.float64) -> Any:
        return self.state.random_sample(size, dtype=dtype)

    def uniform(self, low: float = 0.0, high: float = 1.0, size: Any = None) -> Any:
        return self.state.uniform(low, high, size)

    def normal(self, loc: float = 0.0, scale: float = 1.0, size: Any = None) -> Any:
        return self.state.normal(loc, scale, size)

    def exponential(self, scale: float = 1.0, size: Any = None) -> Any:
        return self.state.exponential(scale, size)

    def integers(self, low: int, high: int, size: Any = None, dtype: Any = np.int64) -> Any:
        return self.state.randint(low, high, size, dtype=dtype)

    def permutation(self, n: int) -> Any:
        return self.state.permutation(n)


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
    from .cuda import gpu_ops  # the one module that finds CuPy

    return gpu_ops()


register_array_module("cupy", _cupy)
