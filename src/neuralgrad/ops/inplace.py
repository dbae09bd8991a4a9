"""In-place ops (``add_``, ``mul_``, ``zero_``, ``copy_``, ``x[i] = v``, ``+=`` ...).

Every in-place change bumps the tensor's version counter, so a backward that needs the old
values fails with an error naming the op instead of giving a wrong gradient. As in PyTorch,
changing a leaf that requires grad (or a view of one) is refused outside ``no_grad``. Without
autograd involved the data changes in place with no copy (the optimizer's path); with autograd
involved the op runs out of place on a snapshot and the result is written back, the tensor
taking the op as its new ``grad_fn`` (and, for a view, its base a ``CopySlices`` history:
``autograd.views``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .._backend import array_ops, is_basic_index
from .._devices import check_devices
from .._modes import modes
from .._tensor import Tensor, bump_version, wrap
from ..autograd import grad_mode
from ..autograd.node import NO_GRAD, Node
from ..autograd.views import rebase
from . import arith, unary
from ._operands import as_tensor_arg
from .index import getitem, normalize_index

__all__ = [
    "add_",
    "sub_",
    "mul_",
    "div_",
    "pow_",
    "neg_",
    "clamp_",
    "zero_",
    "fill_",
    "copy_",
    "setitem",
    "apply_inplace",
]


def _needs_graph(t: Tensor, args: tuple) -> bool:
    if not modes.grad_enabled:
        return False
    return t.requires_grad or any(isinstance(a, Tensor) and a.requires_grad for a in args)


def _check(t: Tensor, name: str) -> None:
    """PyTorch's checks before an in-place change that autograd records."""
    if t._base is not None:
        kind = getattr(t, "_view_kind", None)  # unset for an ordinary view
        if kind == NO_GRAD:
            raise RuntimeError(
                f"A view was created in no_grad mode and is being modified inplace with grad mode "
                f"enabled ({name}). Given that this use case is ambiguous and error-prone, it is "
                "forbidden. You can clarify your code by moving both the view and the inplace "
                "either both inside the no_grad block (if you don't want the inplace to be "
                "tracked) or both outside (if you want the inplace to be tracked)."
            )
        if kind is not None:
            op, k = kind
            raise RuntimeError(
                f"Output {k} of {op} is a view and is being modified inplace ({name}). This view "
                "is the output of a function that returns multiple views. Such functions do not "
                "allow the output views to be modified inplace. You should replace the inplace "
                "operation by an out-of-place one."
            )
        if t.requires_grad and t._base.grad_fn is None:
            raise RuntimeError(
                f"a view of a leaf Variable that requires grad is being used in an in-place "
                f"operation ({name}); change the leaf inside neuralgrad.no_grad(), or .clone() it"
            )
    if t.requires_grad and t.grad_fn is None:
        raise RuntimeError(
            f"a leaf Variable that requires grad is being used in an in-place operation "
            f"({name}); wrap the update in neuralgrad.no_grad() or work on a .clone()"
        )


def _writable(t: Tensor) -> Any:
    """``t``'s array, ready to be written in place."""
    base = t._base
    if base is not None and isinstance(base._data, np.generic):
        # a 0-d base holds a NumPy scalar, which no view can share: give both one array
        base._data = np.array(base._data)
        t._data = base._data.reshape(t._data.shape)
    d = t._data
    if isinstance(d, np.generic):  # 0-d results are NumPy scalars: give them an array
        d = t._data = np.array(d)
    # NumPy marks broadcast views read-only; CuPy has no such flag, so its strides are read
    writeable = getattr(getattr(d, "flags", None), "writeable", None)
    if not writeable and any(s == 0 and n > 1 for s, n in zip(d.strides, d.shape)):
        raise RuntimeError(
            "unsupported operation: more than one element of the written-to tensor refers "
            "to a single memory location. Please clone() the tensor before performing the "
            "operation."
        )
    if writeable is False:
        raise RuntimeError("the tensor's memory is read-only; .clone() it before writing")
    return d


def _bump(t: Tensor) -> Tensor:
    bump_version(t)
    return t


def apply_inplace(t: Tensor, name: str, op: Callable[..., Tensor], *args: Any) -> Tensor:
    """Run ``op(t, *args)`` and make the result ``t``'s new value (and history, when autograd is
    involved: see ``autograd.views`` for a view): the in-place form of any out-of-place op,
    named ``name`` in errors."""
    if _needs_graph(t, args):
        _check(t, name)
        d = _writable(t)
        snap = wrap(d.copy())
        snap.grad_fn, snap.requires_grad = t.grad_fn, t.requires_grad
        r = op(snap, *args)
        d[...] = r._data
        rebase(t, r)
        return _bump(t)
    d = _writable(t)
    with grad_mode.no_grad():
        r = op(wrap(d), *args)
    if r._data.dtype != d.dtype and not np.can_cast(r._data.dtype, d.dtype, "same_kind"):
        raise RuntimeError(
            f"{name}: result type {r.dtype} can't be cast to the desired output type {t.dtype}"
        )
    d[...] = r._data
    return _bump(t)


def _fast(t: Tensor, name: str, ufunc: str, other: Any, op: Callable[..., Tensor]) -> Tensor:
    """The no-autograd path through the ufunc's ``out=``; otherwise the general path."""
    o = as_tensor_arg(other)
    if _needs_graph(t, (o,)):
        return apply_inplace(t, name, op, o)
    d = _writable(t)
    od = o._data if isinstance(o, Tensor) else o
    try:
        getattr(array_ops(d), ufunc)(d, od, out=d)
    except TypeError:  # NumPy's UFuncTypeError (casting) is a TypeError
        check_devices(d, od)
        raise RuntimeError(
            f"{name}: result type of {t.dtype} and {type(other).__name__} can't be "
            f"cast to the desired output type {t.dtype}"
        ) from None
    except ValueError:
        raise RuntimeError(
            f"{name}: output with shape {tuple(d.shape)} doesn't match the "
            f"broadcast shape with {tuple(getattr(od, 'shape', ()))}"
        ) from None
    return _bump(t)


def add_(t: Tensor, other: Any, *, alpha: float = 1) -> Tensor:
    """``t += alpha * other`` in place."""
    if alpha != 1:
        other = (
            arith.mul(as_tensor_arg(other), alpha) if isinstance(other, Tensor) else other * alpha
        )
    return _fast(t, "add_", "add", other, arith.add)


def sub_(t: Tensor, other: Any, *, alpha: float = 1) -> Tensor:
    """``t -= alpha * other`` in place."""
    if alpha != 1:
        other = (
            arith.mul(as_tensor_arg(other), alpha) if isinstance(other, Tensor) else other * alpha
        )
    return _fast(t, "sub_", "subtract", other, arith.sub)


def mul_(t: Tensor, other: Any) -> Tensor:
    """``t *= other`` in place."""
    return _fast(t, "mul_", "multiply", other, arith.mul)


def div_(t: Tensor, other: Any) -> Tensor:
    """``t /= other`` in place (float tensors only)."""
    if t._data.dtype.kind != "f":
        raise RuntimeError(
            f"div_: result type Float can't be cast to the desired output type {t.dtype}"
        )
    return _fast(t, "div_", "true_divide", other, arith.div)


def pow_(t: Tensor, exponent: Any) -> Tensor:
    """``t **= exponent`` in place."""
    return apply_inplace(t, "pow_", arith.pow, as_tensor_arg(exponent))


def neg_(t: Tensor) -> Tensor:
    """``t = -t`` in place."""
    return apply_inplace(t, "neg_", arith.neg)


def clamp_(t: Tensor, min: Any = None, max: Any = None) -> Tensor:
    """Clamp in place."""
    return apply_inplace(t, "clamp_", unary.clamp, min, max)


def zero_(t: Tensor) -> Tensor:
    """Fill with zeros in place."""
    return fill_(t, 0)


def fill_(t: Tensor, value: Any) -> Tensor:
    """Fill with ``value`` (a number or a 0-d tensor) in place."""
    v = as_tensor_arg(value)
    if isinstance(v, Tensor) and v.ndim:
        raise RuntimeError(f"fill_ only supports 0-dimension value tensors, got {v.ndim} dims")
    if _needs_graph(t, (v,)):
        return apply_inplace(t, "fill_", lambda s, x: arith.add(arith.mul(s, 0), x), v)
    d = _writable(t)
    d[...] = v._data if isinstance(v, Tensor) else v
    return _bump(t)


def copy_(t: Tensor, src: Any, non_blocking: bool = False) -> Tensor:
    """Copy ``src`` (broadcast to ``t``'s shape, cast to its dtype) into ``t`` in place."""
    s = as_tensor_arg(src)
    if isinstance(s, Tensor) and type(s._data) is not type(t._data):
        s = _on_device_of(s, t)  # copy_ moves across devices, as in PyTorch
    if _needs_graph(t, (s,)):
        from .cast import to_dtype

        def copy(a: Tensor, x: Any) -> Tensor:  # a Python number src stays a weak scalar
            return arith.add(arith.mul(a, 0), to_dtype(x, a.dtype) if isinstance(x, Tensor) else x)

        return apply_inplace(t, "copy_", copy, s)
    d = _writable(t)
    sd = s._data if isinstance(s, Tensor) else s
    try:
        d[...] = sd
    except ValueError:
        raise RuntimeError(
            f"copy_: source of shape {tuple(getattr(sd, 'shape', ()))} can't be broadcast to "
            f"the destination's shape {tuple(d.shape)}"
        ) from None
    return _bump(t)


def _on_device_of(s: Tensor, t: Tensor) -> Tensor:
    """``s`` on ``t``'s device (a differentiable move when they differ)."""
    if s.device == t.device:
        return s
    from .device import to_device

    return to_device(s, t.device)


class IndexPutBackward(Node):
    params = ("index",)
    fresh_grads = False  # g[index] may be a view of g

    def vjp(self, g, xp):
        nxt = self.next
        gs = _masked(g, self.index, xp) if nxt[0] is not None else None
        return gs, (g[self.index] if nxt[1] is not None else None)


def _masked(g: Any, index: Any, xp: Any) -> Any:
    """``g`` with the positions ``index`` set to zero (out of place)."""
    keep = xp.ones_like(g)
    keep[index] = 0
    return g * keep


def index_put(t: Tensor, index: Any, value: Any) -> Tensor:
    """A copy of ``t`` with ``value`` written at ``index`` (the out-of-place ``t[index] = v``)."""
    d = t._data.copy()
    v = as_tensor_arg(value)
    d[index] = v._data if isinstance(v, Tensor) else v
    return IndexPutBackward.record(d, (t, v), index=index)


def setitem(t: Tensor, index: Any, value: Any) -> None:
    """``t[index] = value``, in place."""
    idx = normalize_index(index)
    v = as_tensor_arg(value)
    if _needs_graph(t, (v,)):
        if is_basic_index(idx):  # a copy into the view t[idx], as PyTorch does it
            copy_(getitem(t, idx), v)
        else:
            apply_inplace(t, "setitem", index_put, idx, v)
        return
    d = _writable(t)
    try:
        d[idx] = v._data if isinstance(v, Tensor) else v
    except (ValueError, IndexError) as e:
        raise type(e)(f"{e} (assigning into a tensor of shape {tuple(d.shape)})") from None
    _bump(t)
