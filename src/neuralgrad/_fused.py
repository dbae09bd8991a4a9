"""Fused kernels: loops that Numba compiles, doing in one pass over memory what NumPy does in
several (an optimizer's update, ReLU's backward, softmax cross-entropy), on CPU NumPy arrays.

A kernel is a plain Python function written as a loop over elements; ``@fused`` makes it a
``Kernel``, compiled on first use (``import neuralgrad`` does not import Numba) with
``error_model="numpy"`` (IEEE results instead of Python's ZeroDivisionError, which lets LLVM
vectorise the loop) and without ``fastmath`` (contractions into multiply-adds would change the
last bit), and cached on disk (``cache=True``: later processes load it instead of compiling;
where the package directory is read-only Numba uses its user-wide cache, or ``NUMBA_CACHE_DIR``).
Each kernel does the same float operations in the same order as the NumPy code it replaces, so
the results are the same bits (the tests compare both paths).

``kernel.get(xp)`` is the compiled function for NumPy's namespace, or None: Numba is not
installed (``pip install 'neuralgrad[fast]'``), it is switched off (``NEURALGRAD_NUMBA=0`` in the
environment), or ``xp`` is another array namespace (CuPy, ...), whose arrays take the generic
code. A layer that substitutes its own namespace for NumPy's (capture) can offer the kernels
there too: ``register_kernel_provider(xp, provider)``.
"""

from __future__ import annotations

import contextlib
import os
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from ._backend import NUMPY

__all__ = [
    "Kernel",
    "fused",
    "helper",
    "numba_enabled",
    "register_kernel_provider",
    "contiguous",
    "contiguous_views",
    "switched",
    "ENV",
]

ENV = "NEURALGRAD_NUMBA"  # "0" (or "false", "off", "no"): the NumPy code everywhere
_OPTIONS = {"error_model": "numpy", "nogil": True}
_NDARRAY = np.ndarray
_PROVIDERS: dict[int, Callable[[Kernel], Any]] = {}  # id(namespace) -> kernels it offers


class _Switch:
    """Whether kernels are compiled: None until the first kernel asks (environment, Numba)."""

    on: bool | None = None


def numba_enabled() -> bool:
    """Whether fused kernels run: Numba importable and not switched off by ``NEURALGRAD_NUMBA``."""
    if _Switch.on is None:
        wanted = os.environ.get(ENV, "1").strip().lower() not in ("0", "false", "off", "no")
        if wanted:
            try:
                import numba  # noqa: F401  (optional: the fast path)
            except ImportError:
                wanted = False
        _Switch.on = wanted
    return _Switch.on


class Kernel:
    """One fused loop (``source``), compiled by Numba on first use."""

    __slots__ = ("source", "_compiled")

    def __init__(self, source: Callable) -> None:
        self.source = source
        self._compiled: Any = None  # the dispatcher, once compiled

    def get(self, xp: Any) -> Callable | None:
        """The compiled kernel for arrays of namespace ``xp``, or None (use the NumPy code)."""
        if xp is NUMPY:
            if _Switch.on:
                c = self._compiled
                if c is None:
                    c = self._compiled = _compile(self.source)
                return c
            if _Switch.on is None and numba_enabled():
                return self.get(xp)
            return None
        provider = _PROVIDERS.get(id(xp))
        return None if provider is None else provider(self)

    def __repr__(self) -> str:
        return f"<fused kernel {self.source.__name__}>"


def fused(source: Callable) -> Kernel:
    """Declare ``source`` (a loop Numba can compile) a fused kernel."""
    return Kernel(source)


def helper(source: Callable) -> Callable:
    """Declare ``source`` a function that kernels of its module call: it is compiled (and its
    module's name rebound to the compiled one) when the first of them is."""
    source.fused_helper = True
    return source


def _compile(source: Callable) -> Any:
    names = source.__globals__
    for name, value in list(names.items()):
        if getattr(value, "fused_helper", False) and not hasattr(value, "py_func"):
            names[name] = _jit(value)  # (a compiled one has py_func: done already)
    return _jit(source)


def _jit(source: Callable) -> Any:
    import numba

    try:
        return numba.njit(cache=True, **_OPTIONS)(source)
    except RuntimeError as e:  # no writable cache directory: compile in every process
        warnings.warn(
            f"neuralgrad: Numba cannot cache its kernels ({e}); set NUMBA_CACHE_DIR to a "
            "writable directory to avoid compiling them in every process",
            RuntimeWarning,
            stacklevel=3,
        )
        return numba.njit(**_OPTIONS)(source)


def register_kernel_provider(xp: Any, provider: Callable[[Kernel], Any] | None) -> None:
    """Arrays of namespace ``xp`` run ``provider(kernel)`` (a callable, or None for the generic
    code) where NumPy's run the kernel; None removes it."""
    if provider is None:
        _PROVIDERS.pop(id(xp), None)
    else:
        _PROVIDERS[id(xp)] = provider


def contiguous(*arrays: Any) -> bool:
    """Whether ``arrays`` are NumPy arrays (subclasses included) of the first one's float dtype
    and size, each 1-D or C-contiguous: what a kernel's loop can read (a 1-D array with a
    stride is read as it is)."""
    first = arrays[0]
    dtype, size = first.dtype, first.size
    if dtype.kind != "f":
        return False
    for a in arrays:  # (the cheap tests first: this runs at every update)
        if (
            (a.__class__ is not _NDARRAY and not isinstance(a, _NDARRAY))
            or (a.dtype is not dtype and a.dtype != dtype)
            or a.size != size
            or (a.ndim != 1 and not a.flags.c_contiguous)
        ):
            return False
    return True


def contiguous_views(*arrays: Any) -> Any:
    """1-D views of ``arrays`` when they are ``contiguous``, else None."""
    if not contiguous(*arrays):
        return None
    for a in arrays:
        if a.ndim != 1:
            return [a if a.ndim == 1 else a.reshape(-1) for a in arrays]
    return arrays


@contextlib.contextmanager
def switched(on: bool) -> Iterator[None]:
    """Within the block, fused kernels are (``on``) or are not used, whatever the environment
    says (tests and benchmarks compare both paths; ``on`` needs Numba)."""
    saved = _Switch.on
    _Switch.on = on and numba_enabled_by_import()
    try:
        yield
    finally:
        _Switch.on = saved


def numba_enabled_by_import() -> bool:
    """Whether Numba can be imported (whatever ``NEURALGRAD_NUMBA`` says)."""
    try:
        import numba  # noqa: F401
    except ImportError:
        return False
    return True
