"""The Tensor: a NumPy (or CuPy) array plus what autograd needs to know about it."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

import numpy as np

from . import _dtype
from ._backend import array_ops
from ._devices import device, device_of, to_numpy
from ._size import Size, size_of

__all__ = [
    "Tensor",
    "wrap",
    "allocate",
    "clock",
    "bump_version",
    "version_counter",
    "live_views",
    "prune_views",
]


class _Clock:
    """Ticks at every in-place change anywhere; a graph node remembers the tick it was made at."""

    __slots__ = ("now",)


clock = _Clock()
clock.now = 0


def version_counter(t: Tensor) -> list:
    """``t``'s version counter, made on first need: most results are never changed in place or
    viewed, so ops leave it None and save the allocation."""
    counter = t._version_counter
    if counter is None:
        counter = t._version_counter = [0, 0]
    return counter


def live_views(counter: list) -> list[Tensor]:
    """The views registered in ``counter`` (made in grad mode, of a base that could get a new
    history) that are still alive."""
    return [t for t in (ref() for ref in counter[2:]) if t is not None]


def prune_views(counter: list) -> None:
    """Drop the registrations of views that died, so a long-lived base's list stays short."""
    counter[2:] = [ref for ref in counter[2:] if ref() is not None]


def bump_version(*tensors: Tensor) -> None:
    """Record an in-place change of each of ``tensors`` (and of every view sharing its version
    counter)."""
    clock.now += 1
    now = clock.now
    for t in tensors:
        counter = t._version_counter
        if counter is None:
            counter = t._version_counter = [0, 0]
        counter[0] += 1
        counter[1] = now


class Tensor:
    """A multi-dimensional array that can record the ops applied to it for reverse-mode autograd.

    ``_data`` is the array (a NumPy array or, for 0-d results, a NumPy scalar);
    ``_version_counter`` is ``[version, clock tick of the last in-place change, *views]``,
    shared with views and bumped by every in-place change (``bump_version``); None until first
    needed. The weak references after the first two items are the views to give a new
    history when their base gets one (``autograd.views``).
    """

    __slots__ = {
        "_data": "The array holding the values (NumPy, or CuPy on a GPU).",
        "grad": "The gradient accumulated by ``backward`` (a tensor of this shape, or None).",
        "grad_fn": "The graph node that made this tensor (None for leaves and constants).",
        "requires_grad": "Whether operations on this tensor are recorded for autograd.",
        "_version_counter": "Shared with views: ``[version, tick, *weakrefs of views]``.",
        "_base": "For a view made by a view op (slicing, view, transpose...): the tensor whose "
        "memory it shares (never itself a view), as PyTorch's ``_base``; None otherwise.",
        "_view_kind": "How a view was made, where it matters for in-place changes: ``'no_grad'``"
        " or ``(op, output index)`` for an output of split/chunk; unset otherwise.",
        "__weakref__": "Weak references (views are registered with their base by one).",
    }
    __array_priority__ = 1000  # NumPy defers `ndarray * tensor` to Tensor.__rmul__

    def __init__(self, *args: Any, dtype: _dtype.dtype | None = None) -> None:
        """``Tensor(data)``, ``Tensor(2, 3)`` (uninitialised) or ``Tensor()``: PyTorch's legacy
        constructor, in the default dtype unless ``dtype`` is given."""
        from ._legacy import legacy_array

        self._data = legacy_array(dtype or _dtype.get_default_dtype(), args)
        self.grad = None
        self.grad_fn = None
        self.requires_grad = False
        self._version_counter = None
        self._base = None

    # ---- attributes -------------------------------------------------------------------------
    @property
    def shape(self) -> Size:
        """The size of each dimension, a ``Size`` (a tuple, as ``torch.Size``)."""
        return size_of(self._data.shape)

    @property
    def ndim(self) -> int:
        """The number of dimensions."""
        return self._data.ndim

    @property
    def dtype(self) -> _dtype.dtype:
        """The element type (``neuralgrad.float32``, ``int64``...)."""
        return _dtype.from_np(self._data.dtype)

    @property
    def device(self) -> device:
        """Where the values live: ``cpu``, or ``cuda:i`` with the GPU backend."""
        return device_of(self._data)

    @property
    def is_leaf(self) -> bool:
        """True for a tensor no recorded op made (its ``.grad`` is kept by backward)."""
        return self.grad_fn is None

    @property
    def data(self) -> Tensor:
        """The values without history, sharing memory (and not the version counter)."""
        return wrap(self._data)

    @data.setter
    def data(self, value: Tensor) -> None:
        self._data = value._data if isinstance(value, Tensor) else np.asarray(value)

    @property
    def retains_grad(self) -> bool:
        """Whether this non-leaf keeps its ``.grad`` after backward (``retain_grad()``)."""
        from .autograd.node import retained

        fn = self.grad_fn
        return fn is not None and fn in retained

    @property
    def _version(self) -> int:
        """How many in-place changes this tensor (or a view of it) has seen (PyTorch's name)."""
        counter = self._version_counter
        return 0 if counter is None else counter[0]

    @property
    def is_cuda(self) -> bool:
        """Whether the values live on a GPU."""
        return array_ops(self._data).device_type == "cuda"

    def size(self, dim: int | None = None) -> Any:
        """The shape (a ``Size``), or the size of dimension ``dim``."""
        return size_of(self._data.shape) if dim is None else self._data.shape[dim]

    def numel(self) -> int:
        """The number of elements."""
        return int(self._data.size)

    def dim(self) -> int:
        """The number of dimensions (as ``ndim``)."""
        return self._data.ndim

    def element_size(self) -> int:
        """The size of one element in bytes."""
        return self._data.dtype.itemsize

    def is_floating_point(self) -> bool:
        """Whether the dtype is a floating-point one."""
        return self._data.dtype.kind == "f"

    # ---- autograd ---------------------------------------------------------------------------
    def backward(
        self,
        gradient: Any = None,
        retain_graph: bool | None = None,
        create_graph: bool = False,
        inputs: Any = None,
    ) -> None:
        """Accumulate d(self)/d(leaf) into every leaf's ``.grad``; see ``autograd.backward``."""
        from .autograd.engine import backward

        backward(
            [self],
            None if gradient is None else [gradient],
            retain_graph,
            create_graph,
            inputs=inputs,
        )

    def detach(self) -> Tensor:
        """The same values (shared memory and version counter) cut off from the graph."""
        return wrap(self._data, version_counter(self))

    def detach_(self) -> Tensor:
        """Cut this tensor off from the graph in place, making it a leaf; returns it."""
        self.grad_fn = None
        self.requires_grad = False
        return self

    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        """Set ``requires_grad`` in place (leaves only; floating-point dtypes only); returns the
        tensor."""
        if self.grad_fn is not None:
            if not requires_grad:
                raise RuntimeError(
                    "you can only change requires_grad flags of leaf variables; use detach() "
                    "to get a tensor that does not require grad"
                )
            return self
        if requires_grad and self._data.dtype.kind != "f":
            raise RuntimeError(
                f"only tensors of floating point dtype can require gradients, got {self.dtype}; "
                "convert with .float() first"
            )
        self.requires_grad = bool(requires_grad)
        return self

    def retain_grad(self) -> None:
        """Keep ``.grad`` for this non-leaf after backward (leaves always keep theirs)."""
        if self.grad_fn is None:
            if not self.requires_grad:
                raise RuntimeError("can't retain_grad on a tensor that has requires_grad=False")
            return
        import weakref

        from .autograd.node import retained

        retained[self.grad_fn] = weakref.ref(self)

    # ---- conversion -------------------------------------------------------------------------
    def numpy(self, *, force: bool = False) -> np.ndarray:
        """The values as a NumPy array sharing memory (a copy for GPU tensors)."""
        if self.requires_grad and not force:
            raise RuntimeError(
                "can't call numpy() on a tensor that requires grad; use tensor.detach().numpy()"
            )
        return to_numpy(self._data)

    def item(self) -> Any:
        """The value of a one-element tensor as a Python number."""
        if self._data.size != 1:
            raise RuntimeError(
                f"a tensor with {self._data.size} elements cannot be converted to a Python number"
            )
        return self._data.item()

    def tolist(self) -> Any:
        """The values as (nested) Python lists of numbers."""
        return to_numpy(self._data).tolist()

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        a = to_numpy(self._data)
        return a if dtype is None else a.astype(dtype, copy=False)

    def __len__(self) -> int:
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._data.shape[0]

    def __iter__(self) -> Iterator[Tensor]:
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return (self[i] for i in range(self._data.shape[0]))

    def __bool__(self) -> bool:
        if self._data.size != 1:
            raise RuntimeError(
                f"the truth value of a tensor with {self._data.size} elements is ambiguous; "
                "use .any() or .all()"
            )
        return bool(self._data)

    def __float__(self) -> float:
        return float(self.item())

    def __int__(self) -> int:
        return int(self.item())

    def __index__(self) -> int:
        if self._data.dtype.kind not in "iub" or self._data.size != 1:
            raise TypeError("only integer tensors of a single element can be used as an index")
        return int(self._data)

    def __format__(self, spec: str) -> str:
        """A 0-d tensor formats as its number (``f"{loss:.4f}"``, ``'{}'.format(t)``); others
        only with an empty spec, as their ``repr``."""
        if self._data.ndim == 0:
            return format(self.item(), spec)
        if spec:
            raise TypeError("unsupported format string passed to Tensor.__format__")
        return repr(self)

    __hash__ = object.__hash__

    def __repr__(self) -> str:
        from ._format import tensor_repr

        return tensor_repr(self)

    def __reduce_ex__(self, protocol: Any) -> Any:
        raise TypeError("neuralgrad tensors are not picklable; use neuralgrad.save")

    def __deepcopy__(self, memo: dict) -> Tensor:
        """A copy with its own memory; only leaves can be deep-copied, as in PyTorch."""
        if self.grad_fn is not None:
            raise RuntimeError(
                "only tensors created explicitly by the user (graph leaves) "
                "support deepcopy; use .detach().clone()"
            )
        if id(self) in memo:
            return memo[id(self)]
        out = wrap(self._data.copy())
        out.requires_grad = self.requires_grad
        if self.grad is not None:
            out.grad = wrap(self.grad._data.copy())
        memo[id(self)] = out
        return out


def wrap(data: Any, shared: list | None = None) -> Tensor:
    """A tensor with no history around ``data`` (``shared``: a version counter to share, for
    a tensor that views another's memory)."""
    t = allocate()
    t._data = data
    t.grad = None
    t.grad_fn = None
    t.requires_grad = False
    t._version_counter = shared
    t._base = None
    return t


# An uninitialised Tensor, for code that sets every slot itself (``wrap``, ``autograd.record``):
# the type call without ``__init__`` is the fastest allocation.
allocate = partial(object.__new__, Tensor)
