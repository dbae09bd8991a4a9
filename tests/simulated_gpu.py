"""A simulated GPU for the test suite: CuPy's interface over NumPy, with arrays NumPy refuses.

``SimulatedArray`` holds a NumPy array but behaves as a CuPy array does where it matters for
backend-neutral code: NumPy's functions and ufuncs refuse it (``np.exp(a)``, ``np.asarray(a)``
raise TypeError), arithmetic with a NumPy array raises (CuPy's "Unsupported type"), 0-d results
stay arrays (NumPy gives scalars), ``.get()`` copies to the host. ``module`` is the namespace in
CuPy's place (its functions take and give simulated arrays; ``asarray`` copies a host array
over); names NumPy has and CuPy 14 lacks are missing from it, and keywords CuPy's functions lack
are refused, as by CuPy.

``installed()`` makes it neuralgrad's GPU backend for a block: ``cuda.is_available()`` is True,
``device='cuda'`` tensors hold simulated arrays and compute through ``_backend.GPUOps``, the
namespace CuPy arrays get. So any bare NumPy call on a GPU tensor's data anywhere in the
library fails on every machine, not only on a GPU.
"""

from __future__ import annotations

import contextlib
import types
from collections.abc import Iterator
from typing import Any

import numpy as np

import neuralgrad as ng
from neuralgrad import _backend, cuda

__all__ = ["SimulatedArray", "module", "installed", "NOT_IN_CUPY", "CUPY_LACKS_KEYWORDS"]

# NumPy names that CuPy 14 does not have (checked against CuPy where it is installed:
# tests/test_cuda.py); the simulated module lacks them too.
NOT_IN_CUPY = frozenset(
    "errstate seterr geterr seterrcall geterrcall spacing insert geomspace block bmat "
    "nanpercentile nanquantile nditer ndenumerate frompyfunc matvec vecmat vecdot unstack "
    "histogram_bin_edges einsum_path polyder polydiv polyint".split()
)
# Keywords NumPy takes and CuPy 14 does not: ufuncs and reductions have no ``where=`` or
# ``initial=``, ``indices`` no ``sparse=``.
CUPY_LACKS_KEYWORDS = frozenset({"where", "initial", "sparse"})
_HOST_TYPES = (np.ndarray,)  # what CuPy refuses as an operand


class _Device:
    """``cupy.cuda.Device``: an index, a context manager, ``synchronize``."""

    def __init__(self, index: int = 0) -> None:
        self.id = int(index)

    def __enter__(self) -> _Device:
        if self.id != 0:
            raise RuntimeError(f"the simulated GPU has one device, not {self.id + 1}")
        return self

    def __exit__(self, *exc: Any) -> None:
        return None

    def synchronize(self) -> None:
        return None


def _unwrap(x: Any) -> Any:
    """Arguments for NumPy: simulated arrays opened, host arrays refused (as CuPy does)."""
    if isinstance(x, SimulatedArray):
        return x.a
    if isinstance(x, _HOST_TYPES):
        raise TypeError(f"Unsupported type {type(x)} (a host array reached the GPU namespace)")
    if isinstance(x, (list, tuple)):
        return type(x)(_unwrap(i) for i in x)
    return x


def _wrap(x: Any) -> Any:
    """NumPy's results as simulated arrays (0-d included, as CuPy gives them)."""
    if isinstance(x, np.ndarray):
        return SimulatedArray(x)
    if isinstance(x, np.generic):
        return SimulatedArray(np.asarray(x))
    if isinstance(x, tuple):
        return tuple(_wrap(i) for i in x)
    if isinstance(x, list):
        return [_wrap(i) for i in x]
    return x


def _call(fn: Any, args: tuple, kwargs: dict) -> Any:
    lacking = CUPY_LACKS_KEYWORDS.intersection(kwargs)
    if lacking:
        raise TypeError(f"{getattr(fn, '__name__', fn)}() got keywords CuPy lacks: {lacking}")
    return _wrap(fn(*_unwrap(args), **{k: _unwrap(v) for k, v in kwargs.items()}))


def _index(key: Any) -> Any:
    """An index: simulated arrays opened; host index arrays are taken, as CuPy takes them."""
    if isinstance(key, SimulatedArray):
        return key.a
    if isinstance(key, tuple):
        return tuple(_index(k) for k in key)
    return key


class SimulatedArray:
    """An array on the simulated GPU; see the module docstring."""

    __slots__ = ("a",)
    __array_ufunc__ = None  # np.exp(a), host + a: refused (host + a falls to a.__radd__)
    __array_priority__ = 2000  # above Tensor's, so a Tensor on the left defers as with CuPy

    def __init__(self, a: np.ndarray) -> None:
        self.a = a

    def __array_function__(self, func: Any, types: Any, args: Any, kwargs: Any) -> Any:
        raise TypeError(f"numpy.{func.__name__} on a GPU array: use the array's namespace")

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        raise TypeError(
            "Implicit conversion to a NumPy array is not allowed. Please use `.get()` to "
            "construct a NumPy array explicitly."
        )

    # ---- what CuPy arrays have ------------------------------------------------------------
    device = property(lambda self: _Device(0))
    shape = property(lambda self: self.a.shape)
    dtype = property(lambda self: self.a.dtype)
    ndim = property(lambda self: self.a.ndim)
    size = property(lambda self: self.a.size)
    nbytes = property(lambda self: self.a.nbytes)
    itemsize = property(lambda self: self.a.itemsize)
    strides = property(lambda self: self.a.strides)
    flags = property(lambda self: self.a.flags)
    T = property(lambda self: SimulatedArray(self.a.T))
    mT = property(lambda self: SimulatedArray(np.swapaxes(self.a, -1, -2)))
    base = property(lambda self: None if self.a.base is None else SimulatedArray(self.a.base))
    data = property(lambda self: _MemoryPointer(self.a.__array_interface__["data"][0]))

    def get(self) -> np.ndarray:
        """A host copy (CuPy's ``get``)."""
        return self.a.copy()

    def item(self) -> Any:
        return self.a.item()

    def tolist(self) -> Any:
        return self.a.tolist()

    def __getattr__(self, name: str) -> Any:
        """CuPy's array methods (``sum``, ``astype``, ``reshape``...) on the simulated array."""
        if name not in _NDARRAY_METHODS:
            raise AttributeError(f"'cupy.ndarray' object has no attribute {name!r}")
        method = getattr(self.a, name)
        return lambda *args, **kwargs: _call(method, args, kwargs)

    def __getitem__(self, key: Any) -> Any:
        return _wrap(self.a[_index(key)])

    def __setitem__(self, key: Any, value: Any) -> None:
        self.a[_index(key)] = _unwrap(value)

    def __len__(self) -> int:
        return len(self.a)

    def __iter__(self) -> Iterator[SimulatedArray]:
        return (self[i] for i in range(len(self.a)))

    def __bool__(self) -> bool:
        return bool(self.a)

    def __float__(self) -> float:
        return float(self.a)

    def __int__(self) -> int:
        return int(self.a)

    def __index__(self) -> int:
        return self.a.__index__()

    def __repr__(self) -> str:
        return f"array({self.a!r}, device='simulated GPU')"

    def __reduce_ex__(self, protocol: Any) -> Any:
        raise TypeError("a simulated GPU array is not picklable here: copy it to the host")


class _MemoryPointer:
    """CuPy's ``ndarray.data``: where the array's memory starts (``ptr``)."""

    def __init__(self, ptr: int) -> None:
        self.ptr = ptr


_NDARRAY_METHODS = frozenset(
    "all any argmax argmin argpartition argsort astype clip conj copy cumprod cumsum diagonal "
    "dot fill flatten max mean min nonzero partition prod ptp put ravel repeat reshape round "
    "searchsorted sort squeeze std sum swapaxes take trace transpose var view".split()
)


def _operator(name: str) -> Any:
    op = getattr(np.ndarray, name)

    def method(self: SimulatedArray, other: Any) -> Any:
        if isinstance(other, _HOST_TYPES):
            raise TypeError(f"Unsupported type {type(other)}")
        if not isinstance(other, (SimulatedArray, int, float, bool, complex, np.generic)):
            return NotImplemented
        return _wrap(op(self.a, _unwrap(other)))

    return method


def _inplace(name: str) -> Any:
    op = getattr(np.ndarray, name)

    def method(self: SimulatedArray, other: Any) -> Any:
        if isinstance(other, _HOST_TYPES):
            raise TypeError(f"Unsupported type {type(other)}")
        op(self.a, _unwrap(other))
        return self

    return method


for _name in (
    "add sub mul truediv floordiv mod pow matmul and or xor lshift rshift "
    "radd rsub rmul rtruediv rfloordiv rmod rpow rmatmul rand ror rxor "
    "eq ne lt le gt ge"
).split():
    setattr(SimulatedArray, f"__{_name}__", _operator(f"__{_name}__"))
for _name in "iadd isub imul itruediv ifloordiv ipow imod iand ior ixor".split():
    setattr(SimulatedArray, f"__{_name}__", _inplace(f"__{_name}__"))
for _name in ("neg", "pos", "abs", "invert"):
    setattr(
        SimulatedArray,
        f"__{_name}__",
        (lambda op: lambda self: _wrap(op(self.a)))(getattr(np.ndarray, f"__{_name}__")),
    )
SimulatedArray.__hash__ = None  # type: ignore[assignment]


class _Ufunc:
    """A NumPy ufunc on simulated arrays, with ``at``, ``reduce``, ``accumulate``, ``outer``."""

    def __init__(self, fn: np.ufunc) -> None:
        self.fn = fn
        self.__name__ = fn.__name__

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return _call(self.fn, args, kwargs)

    def at(self, a: SimulatedArray, index: Any, b: Any = None) -> None:
        args = (_index(index),) if b is None else (_index(index), _unwrap(b))
        self.fn.at(_unwrap(a), *args)

    def __getattr__(self, name: str) -> Any:
        if name not in ("reduce", "accumulate", "outer", "reduceat"):
            raise AttributeError(name)
        method = getattr(self.fn, name)
        return lambda *args, **kwargs: _call(method, args, kwargs)


class _Namespace(types.ModuleType):
    """NumPy's functions (or a NumPy submodule's) taking and giving simulated arrays."""

    def __init__(self, name: str, source: Any) -> None:
        super().__init__(name)
        self._source = source

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in NOT_IN_CUPY:
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")
        value = getattr(self._source, name)
        if isinstance(value, np.ufunc):
            value = _Ufunc(value)
        elif callable(value) and not isinstance(value, type):
            fn = value
            value = lambda *args, **kwargs: _call(fn, args, kwargs)  # noqa: E731
        setattr(self, name, value)
        return value


class _RandomState:
    """``cupy.random.RandomState``: NumPy's legacy draws, given on the simulated GPU."""

    def __init__(self, seed: int) -> None:
        self.state = np.random.RandomState(seed % 2**32)

    def standard_normal(self, size: Any = None, dtype: Any = float) -> Any:
        return _wrap(self.state.standard_normal(size).astype(dtype))

    def random_sample(self, size: Any = None, dtype: Any = float) -> Any:
        return _wrap(self.state.random_sample(size).astype(dtype))

    def uniform(self, low: float = 0.0, high: float = 1.0, size: Any = None, dtype=float) -> Any:
        return _wrap(self.state.uniform(low, high, size).astype(dtype))

    def normal(self, loc: float = 0.0, scale: float = 1.0, size: Any = None, dtype=float) -> Any:
        return _wrap(self.state.normal(loc, scale, size).astype(dtype))

    def exponential(self, scale: float = 1.0, size: Any = None, dtype=float) -> Any:
        return _wrap(self.state.exponential(scale, size).astype(dtype))

    def randint(self, low: int, high: Any = None, size: Any = None, dtype: Any = int) -> Any:
        return _wrap(self.state.randint(low, high, size, dtype=dtype))

    def permutation(self, a: int) -> Any:
        return _wrap(self.state.permutation(a))


def _erf(x: Any) -> Any:
    from scipy.special import erf

    return _wrap(erf(_unwrap(x)))


def _make_module() -> types.ModuleType:
    mod = _Namespace("simulated_cupy", np)
    mod.ndarray = SimulatedArray
    mod.linalg = _Namespace("simulated_cupy.linalg", np.linalg)
    mod.random = types.SimpleNamespace(RandomState=_RandomState)
    mod.special = types.SimpleNamespace(erf=_erf)  # cupyx.scipy.special's place
    mod.cuda = types.SimpleNamespace(
        Device=_Device,
        runtime=types.SimpleNamespace(
            getDeviceCount=lambda: 1,
            getDevice=lambda: 0,
            getDeviceProperties=lambda i: {"name": b"Simulated GPU (NumPy)"},
            deviceSynchronize=lambda: None,
        ),
    )

    def asarray(a: Any, dtype: Any = None, order: Any = None) -> SimulatedArray:
        if isinstance(a, SimulatedArray):
            return a if dtype is None else SimulatedArray(a.a.astype(dtype, copy=False))
        return SimulatedArray(np.array(a, dtype=dtype, order=order or "K"))  # a host copy

    def array(a: Any, dtype: Any = None, copy: bool = True, order: Any = "K", **kw: Any) -> Any:
        src = a.a if isinstance(a, SimulatedArray) else a
        return SimulatedArray(np.array(src, dtype=dtype, copy=True, order=order))

    mod.asarray = asarray
    mod.array = array
    mod.asnumpy = lambda a: a.get() if isinstance(a, SimulatedArray) else np.asarray(a)
    return mod


module = _make_module()


@contextlib.contextmanager
def installed() -> Iterator[Any]:
    """Within the block the simulated GPU is neuralgrad's GPU backend (``cuda:0``)."""
    saved = cuda._probe
    cuda._probe = lambda: (module, 1, "")
    _backend.register_array_type(SimulatedArray, cuda.gpu_ops())
    ng.random._device_generators.clear()
    try:
        yield module
    finally:
        cuda._probe = saved
        ng.random._device_generators.clear()
