"""Arrays that record what is done to them, for capturing a training step.

``Traced`` is an ndarray subclass standing for one value of the step ("slot"). Every ufunc,
NumPy function and array method applied to it runs on the plain array underneath (so the capture
computes exactly what eager mode computes) and, while a recorder is active, is written down as
one kernel of the schedule. Reading a value back into Python (``bool``, ``item``, ``float``)
becomes a guard that replays check. With no active recorder a ``Traced`` acts as a plain array.
``TRACING_NUMPY`` is the namespace op bodies get from ``array_ops`` during a capture: it records
calls whose operands are all plain too (``zeros``, ``arange``), so creations replay fresh.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._backend import NUMPY as NUMPY_OPS
from ._state import state

__all__ = ["Traced", "TracingNumpy", "TracingGenerator", "plain", "recorded_kernel"]

# ndarray methods recorded as `v = a.name(...)`; those in _INPLACE write into the array
_METHODS = (
    "reshape",
    "transpose",
    "swapaxes",
    "ravel",
    "flatten",
    "squeeze",
    "view",
    "astype",
    "copy",
    "sum",
    "prod",
    "mean",
    "std",
    "var",
    "max",
    "min",
    "argmax",
    "argmin",
    "all",
    "any",
    "cumsum",
    "cumprod",
    "clip",
    "round",
    "dot",
    "take",
    "repeat",
    "diagonal",
    "nonzero",
    "argsort",
    "searchsorted",
    "conj",
    "conjugate",
    "compress",
    "trace",
    "fill",
    "sort",
    "put",
    "partition",
    "argpartition",
)
_INPLACE = frozenset({"fill", "sort", "put", "partition"})
_VIEWS = ("T", "mT", "real", "imag")
_TO_PYTHON = ("item", "tolist", "__bool__", "__int__", "__float__", "__index__", "__complex__")


def plain(x: Any) -> Any:
    """The array (or NumPy scalar) a ``Traced`` stands for; containers are unwrapped deeply."""
    if isinstance(x, Traced):
        p = x._plain
        return p if p is not None else np.ndarray.view(x, np.ndarray)
    if type(x) is tuple or type(x) is list:
        return type(x)(plain(i) for i in x)
    return x


def _plain_kwargs(kwargs: dict) -> dict:
    return {k: plain(v) for k, v in kwargs.items()}


def _recorder() -> Any:
    rec = state.recorder
    return None if rec is None or rec.paused else rec


class Traced(np.ndarray):
    """One value of a captured step: ``_plain`` is the real array, ``_slot`` its number in the
    schedule, ``_scalar`` marks a NumPy scalar result standing in a 0-d array (it must not be
    written in place, as the scalar it replays as cannot be)."""

    _plain: Any = None
    _slot: Any = None
    _scalar = False

    def __array_ufunc__(self, ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any) -> Any:
        rec = _recorder()
        out = kwargs.get("out")
        if out is not None and any(isinstance(o, Traced) and o._scalar for o in out):
            kwargs.pop("out")  # `s += 1` on a scalar stand-in: out of place, as for a scalar
            out = None
        result = getattr(ufunc, method)(*plain(inputs), **_plain_kwargs(kwargs))
        if rec is None:
            if method == "at":
                return None
            return out[0] if out is not None and len(out) == 1 else result
        fn = ufunc if method == "__call__" else getattr(ufunc, method)
        if method == "at":
            return rec.call(fn, inputs, kwargs, None, writes=(inputs[0],))
        if out is not None:
            rec.call(fn, inputs, kwargs, None, writes=out)
            return out[0] if len(out) == 1 else out
        return rec.call(fn, inputs, kwargs, result)

    def __array_function__(self, func: Any, types: Any, args: Any, kwargs: Any) -> Any:
        result = func(*plain(args), **_plain_kwargs(kwargs))
        rec = _recorder()
        if rec is None:
            return result
        out = kwargs.get("out")
        if out is not None:
            rec.call(func, args, kwargs, None, writes=(out,))
            return out
        return rec.call(func, args, kwargs, result)

    def __getitem__(self, index: Any) -> Any:
        result = plain(self)[plain(index)]
        rec = _recorder()
        return result if rec is None else rec.getitem(self, index, result)

    def __setitem__(self, index: Any, value: Any) -> None:
        plain(self)[plain(index)] = plain(value)
        rec = _recorder()
        if rec is not None:
            rec.setitem(self, index, value)

    def __iter__(self) -> Any:
        return (self[i] for i in range(len(self)))


def _method(name: str) -> Any:
    def method(self: Traced, *args: Any, **kwargs: Any) -> Any:
        # the plain value's own method: a 0-d stand-in may hold a NumPy scalar
        result = getattr(plain(self), name)(*plain(args), **_plain_kwargs(kwargs))
        rec = _recorder()
        if rec is None:
            return result
        if name in _INPLACE:
            return rec.method(self, name, args, kwargs, None, writes=True)
        return rec.method(self, name, args, kwargs, result)

    method.__name__ = name
    return method


def _view(name: str) -> property:
    def get(self: Traced) -> Any:
        result = getattr(plain(self), name)
        rec = _recorder()
        return result if rec is None else rec.attribute(self, name, result)

    return property(get)


def _to_python(name: str) -> Any:
    def read(self: Traced, *args: Any) -> Any:
        value = getattr(plain(self), name)(*args)  # plain may be a NumPy scalar
        rec = _recorder()
        if rec is not None:
            rec.guard(self, name, args, value)
        return value

    read.__name__ = name
    return read


for _name in _METHODS:
    setattr(Traced, _name, _method(_name))
for _name in _VIEWS:
    setattr(Traced, _name, _view(_name))
for _name in _TO_PYTHON:
    setattr(Traced, _name, _to_python(_name))


class _RecordedUfunc:
    """A ufunc whose calls are recorded even when no operand is traced."""

    def __init__(self, ufunc: np.ufunc) -> None:
        self._ufunc = ufunc

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._ufunc, name)
        if name in ("reduce", "accumulate", "reduceat", "outer", "at"):
            return _recorded(attr, writes_first=name == "at")
        return attr

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return _recorded(self._ufunc)(*args, **kwargs)


def _recorded(fn: Any, writes_first: bool = False) -> Any:
    def call(*args: Any, **kwargs: Any) -> Any:
        result = fn(*plain(args), **_plain_kwargs(kwargs))
        rec = _recorder()
        if rec is None:
            return result
        out = kwargs.get("out")
        if writes_first:
            return rec.call(fn, args, kwargs, None, writes=(args[0],))
        if out is not None:
            outs = out if isinstance(out, tuple) else (out,)
            rec.call(fn, args, kwargs, None, writes=outs)
            return out
        return rec.call(fn, args, kwargs, result)

    return call


_RECORDED_KERNELS: dict[Any, Any] = {}


def recorded_kernel(kernel: Any) -> Any:
    """A fused kernel (``_fused.Kernel``) as op bodies see it during a capture: NumPy's compiled
    kernel, its calls recorded as kernels of the schedule (None when NumPy's has none)."""
    compiled = kernel.get(NUMPY_OPS)
    if compiled is None:
        return None
    wrapped = _RECORDED_KERNELS.get(compiled)
    if wrapped is None:
        wrapped = _RECORDED_KERNELS[compiled] = _recorded(compiled)
    return wrapped


class TracingNumpy:
    """NumPy as seen by op bodies during a capture: functions and ufuncs record their calls,
    types and constants pass through."""

    def __getattr__(self, name: str) -> Any:
        value = getattr(np, name)
        if isinstance(value, np.ufunc):
            wrapped: Any = _RecordedUfunc(value)
        elif isinstance(value, type) or not callable(value) or name in ("errstate", "dtype"):
            wrapped = value
        else:
            wrapped = _recorded(value)
        setattr(self, name, wrapped)
        return wrapped


class TracingGenerator:
    """A random generator during a capture: each draw is a kernel, so replays draw anew."""

    def __init__(self, generator: Any) -> None:
        self._generator = generator

    def __getattr__(self, name: str) -> Any:
        from ..random import current_generator

        owner = self._generator  # None: the thread's global generator, at replay too

        def draw(*args: Any, **kwargs: Any) -> Any:
            fn = getattr((owner or current_generator()).np, name)
            result = fn(*plain(args), **_plain_kwargs(kwargs))
            rec = _recorder()
            return result if rec is None else rec.draw(owner, name, args, kwargs, result)

        return draw
