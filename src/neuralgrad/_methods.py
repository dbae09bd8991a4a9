"""Binds the ops to ``Tensor`` as methods and operators, with PyTorch's names."""

from __future__ import annotations

from typing import Any

from . import _dtype
from ._devices import device as device_cls
from ._tensor import Tensor, wrap
from .ops import (
    activation,
    arith,
    bitwise,
    cast,
    compare,
    creation,
    extremes,
    index,
    inplace,
    linalg,
    reduce,
    rounding,
    shape,
    softmax,
    unary,
)


def _reflected(fn: Any) -> Any:
    def op(self: Tensor, other: Any) -> Tensor:
        return fn(other, self)

    return op


def _to(
    self: Tensor,
    *args: Any,
    dtype: Any = None,
    device: Any = None,
    copy: bool = False,
    non_blocking: bool = False,
) -> Tensor:
    """``to(dtype)``, ``to(device)``, ``to(other)`` or keywords: the converted tensor."""
    for a in args:
        if isinstance(a, _dtype.dtype):
            dtype = a
        elif isinstance(a, Tensor):
            dtype, device = a.dtype, a.device
        elif isinstance(a, (str, device_cls)):
            device = a
        else:
            raise TypeError(f"to() got an unexpected argument {a!r}")
    out = self if dtype is None else cast.to_dtype(self, dtype, copy)
    if device is not None and device_cls(device) != self.device:
        from .ops.device import to_device

        out = to_device(out, device_cls(device))
    elif copy and out is self:
        out = cast.clone(self)
    return out


def _T(self: Tensor) -> Tensor:
    """The dimensions in reverse order (a view; the transpose of a matrix)."""
    nd = self._data.ndim
    if nd == 2:
        return shape.transpose(self, 0, 1)
    return self if nd < 2 else shape.permute(self, *reversed(range(nd)))


def _iop(fn: Any) -> Any:
    def op(self: Tensor, other: Any) -> Tensor:
        return fn(self, other)

    return op


def _random_fill(kind: str) -> Any:
    def op(self: Tensor, a: float = 0.0, b: float = 1.0, *, generator: Any = None) -> Tensor:
        from .random import rng

        d = self._data
        r = rng(generator, None if self.device.type == "cpu" else self.device)
        draw = r.uniform(a, b, d.shape) if kind == "uniform" else r.normal(a, b, d.shape)
        return inplace.copy_(self, wrap(draw.astype(d.dtype)))

    op.__name__ = f"{kind}_"
    op.__doc__ = (
        "Fill in place with U(from, to) samples."
        if kind == "uniform"
        else "Fill in place with N(mean, std) samples."
    )
    return op


def _where(self: Tensor, condition: Any, other: Any) -> Tensor:
    """``self`` where ``condition`` holds, else ``other`` (``neuralgrad.where(condition, self,
    other)``)."""
    return arith.where(condition, self, other)


def _view_as(self: Tensor, other: Tensor) -> Tensor:
    """A view of ``self`` with ``other``'s shape."""
    return shape.view(self, other.shape)


def _reshape_as(self: Tensor, other: Tensor) -> Tensor:
    """``self`` reshaped to ``other``'s shape (a view where the memory allows)."""
    return shape.reshape(self, other.shape)


def _expand_as(self: Tensor, other: Tensor) -> Tensor:
    """``self`` broadcast to ``other``'s shape, as a view."""
    return shape.expand(self, other.shape)


def _caster(dtype: _dtype.dtype, name: str) -> Any:
    def op(self: Tensor) -> Tensor:
        return cast.to_dtype(self, dtype)

    op.__name__ = name
    op.__doc__ = f"The tensor as {dtype} (itself when it already is)."
    return op


def _type_as(self: Tensor, other: Tensor) -> Tensor:
    """The tensor with ``other``'s dtype."""
    return cast.to_dtype(self, other.dtype)


def _cpu(self: Tensor) -> Tensor:
    """The tensor on the CPU (itself when it is there already)."""
    return _to(self, "cpu")


def _new_zeros(self: Tensor, *size: Any) -> Tensor:
    """A tensor of zeros of the given size with this tensor's dtype."""
    return creation.zeros(*size, dtype=self.dtype)


def _new_ones(self: Tensor, *size: Any) -> Tensor:
    """A tensor of ones of the given size with this tensor's dtype."""
    return creation.ones(*size, dtype=self.dtype)


def _new_tensor(self: Tensor, data: Any) -> Tensor:
    """A new tensor of ``data`` (copied) with this tensor's dtype."""
    return creation.tensor(data, dtype=self.dtype)


def _mT(self: Tensor) -> Tensor:
    """The last two dimensions swapped (a view; a batch of matrices transposed)."""
    return shape.transpose(self, -2, -1)


_METHODS = {
    # arithmetic
    "__add__": arith.plus,
    "__radd__": _reflected(arith.plus),
    "add": arith.add,
    "__sub__": arith.minus,
    "__rsub__": _reflected(arith.minus),
    "sub": arith.sub,
    "__mul__": arith.mul,
    "__rmul__": _reflected(arith.mul),
    "mul": arith.mul,
    "__truediv__": arith.div,
    "__rtruediv__": _reflected(arith.div),
    "div": arith.div,
    "__floordiv__": rounding.floor_divide,
    "__rfloordiv__": _reflected(rounding.floor_divide),
    "__pow__": arith.pow,
    "__rpow__": _reflected(arith.pow),
    "pow": arith.pow,
    "__matmul__": linalg.matmul,
    "__rmatmul__": _reflected(linalg.matmul),
    "matmul": linalg.matmul,
    "mm": linalg.mm,
    "dot": linalg.dot,
    "__neg__": arith.neg,
    "neg": arith.neg,
    "__abs__": unary.abs,
    "abs": unary.abs,
    "__pos__": lambda self: self,
    "maximum": arith.maximum,
    "minimum": arith.minimum,
    "where": _where,
    # unary and activations
    "exp": unary.exp,
    "log": unary.log,
    "log1p": unary.log1p,
    "sqrt": unary.sqrt,
    "rsqrt": unary.rsqrt,
    "square": unary.square,
    "sin": unary.sin,
    "cos": unary.cos,
    "clamp": unary.clamp,
    "clip": unary.clamp,
    "relu": activation.relu,
    "sigmoid": activation.sigmoid,
    "tanh": activation.tanh,
    "softmax": softmax.softmax,
    "log_softmax": softmax.log_softmax,
    # reductions
    "sum": reduce.sum,
    "mean": reduce.mean,
    "var": reduce.var,
    "std": reduce.std,
    "max": extremes.max,
    "min": extremes.min,
    "amax": extremes.amax,
    "amin": extremes.amin,
    "logsumexp": reduce.logsumexp,
    "norm": reduce.norm,
    # shape and indexing
    "reshape": shape.reshape,
    "view": shape.view,
    "flatten": shape.flatten,
    "squeeze": shape.squeeze,
    "unsqueeze": shape.unsqueeze,
    "transpose": shape.transpose,
    "permute": shape.permute,
    "expand": shape.expand,
    "t": shape.t,
    "contiguous": shape.contiguous,
    "split": shape.split,
    "chunk": shape.chunk,
    "view_as": _view_as,
    "reshape_as": _reshape_as,
    "expand_as": _expand_as,
    "__getitem__": index.getitem,
    "__setitem__": inplace.setitem,
    "gather": index.gather,
    # comparisons and other non-differentiable ops
    "__eq__": compare.eq,
    "__ne__": compare.ne,
    "__lt__": compare.lt,
    "__le__": compare.le,
    "__gt__": compare.gt,
    "__ge__": compare.ge,
    "eq": compare.eq,
    "ne": compare.ne,
    "lt": compare.lt,
    "le": compare.le,
    "gt": compare.gt,
    "ge": compare.ge,
    "__and__": bitwise.bitwise_and,
    "__or__": bitwise.bitwise_or,
    "__xor__": bitwise.bitwise_xor,
    "__invert__": bitwise.bitwise_not,
    "__rand__": _reflected(bitwise.bitwise_and),
    "__ror__": _reflected(bitwise.bitwise_or),
    "__rxor__": _reflected(bitwise.bitwise_xor),
    "logical_not": compare.logical_not,
    "logical_and": compare.logical_and,
    "logical_or": compare.logical_or,
    "argmax": extremes.argmax,
    "argmin": extremes.argmin,
    "sign": rounding.sign,
    "round": rounding.round,
    "floor": rounding.floor,
    "ceil": rounding.ceil,
    "isnan": compare.isnan,
    "isfinite": compare.isfinite,
    "isinf": compare.isinf,
    "all": compare.all,
    "any": compare.any,
    "allclose": compare.allclose,
    "isclose": compare.isclose,
    "equal": compare.equal,
    "nonzero": index.nonzero,
    # conversion
    "to": _to,
    "float": _caster(_dtype.float32, "float"),
    "double": _caster(_dtype.float64, "double"),
    "long": _caster(_dtype.int64, "long"),
    "bool": _caster(_dtype.bool_, "bool"),
    "type_as": _type_as,
    "clone": cast.clone,
    "cpu": _cpu,
    "new_zeros": _new_zeros,
    "new_ones": _new_ones,
    "new_tensor": _new_tensor,
    # in place
    "add_": inplace.add_,
    "sub_": inplace.sub_,
    "mul_": inplace.mul_,
    "div_": inplace.div_,
    "pow_": inplace.pow_,
    "neg_": inplace.neg_,
    "clamp_": inplace.clamp_,
    "clip_": inplace.clamp_,
    "zero_": inplace.zero_,
    "fill_": inplace.fill_,
    "copy_": inplace.copy_,
    "__iadd__": _iop(inplace.add_),
    "__isub__": _iop(inplace.sub_),
    "__imul__": _iop(inplace.mul_),
    "__itruediv__": _iop(inplace.div_),
    "uniform_": _random_fill("uniform"),
    "normal_": _random_fill("normal"),
}

for _name, _fn in _METHODS.items():
    setattr(Tensor, _name, _fn)
Tensor.T = property(_T)
Tensor.mT = property(_mT)
