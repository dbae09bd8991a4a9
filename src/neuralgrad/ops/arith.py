"""Arithmetic with broadcasting: + - * / ** and unary minus, maximum, minimum, where.

NOTE: kinks follow PyTorch: ``maximum``/``minimum`` split the gradient evenly between tied
inputs; ``x ** 0`` has gradient 0 everywhere; ``a ** b`` has no gradient for ``b`` where a == 0.
"""

from __future__ import annotations

import operator
from typing import Any

from .._backend import array_ops
from .._devices import check_devices
from .._tensor import Tensor
from ..autograd.node import CONST, OUT, Node
from ._operands import as_tensor_arg, broadcast_error, operands

__all__ = [
    "add",
    "sub",
    "plus",
    "minus",
    "mul",
    "div",
    "pow",
    "neg",
    "maximum",
    "minimum",
    "where",
]


def _binary(name: str, op: Any, node_cls: type[Node]) -> Any:
    """A broadcasting binary op ``op(a, b)`` recording ``node_cls``, which saves nothing, the
    operands ``a`` and ``b``, or those and the result ``out``: a fast path for two same-dtype
    tensors (or a tensor and a Python number, a weak scalar that keeps the tensor's dtype),
    PyTorch's type promotion otherwise."""
    record = node_cls.record
    keeps = tuple(node_cls.saved)
    # the hottest call in the library passes the saved arrays by position (cheaper in CPython):
    # the order is the one checked here
    if keeps not in ((), ("a", "b"), ("a", "b", "out")) or node_cls.params:
        raise TypeError(f"{node_cls.__name__} must save nothing, (a, b) or (a, b, out)")
    n = len(keeps)

    def fn(a: Any, b: Any) -> Tensor:
        if isinstance(a, Tensor) and isinstance(b, Tensor):
            ad = a._data
            bd = b._data
            if ad.dtype is not bd.dtype and ad.dtype != bd.dtype:
                ad, bd = operands(a, b)
        elif isinstance(a, Tensor) and (
            type(b) is int or type(b) is float and a._data.dtype.kind == "f"
        ):
            ad = a._data
            bd = b
        else:
            ad, bd = operands(a, b)
        try:
            out = op(ad, bd)
        except ValueError:
            raise broadcast_error(name, ad, bd) from None
        except TypeError:
            check_devices(ad, bd)
            raise
        if n == 2:
            return record(out, (a, b), ad, bd)
        if n == 0:
            return record(out, (a, b))
        return record(out, (a, b), ad, bd, out)

    fn.__name__ = name
    return fn


class AddBackward(Node):
    fresh_grads = False  # g itself goes to both inputs

    def vjp(self, g, xp):
        return g, g


class SubBackward(Node):
    fresh_grads = False  # g itself goes to the first input

    def vjp(self, g, xp):
        return g, (-g if self.next[1] is not None else None)


class MulBackward(Node):
    saved = {"a": 0, "b": 1}
    saved_for = {"a": 1, "b": 0}

    def vjp(self, g, xp):
        nxt = self.next
        return (
            g * self.b if nxt[0] is not None else None,
            g * self.a if nxt[1] is not None else None,
        )


class DivBackward(Node):
    saved = {"a": 0, "b": 1, "out": OUT}
    saved_for = {"a": 1, "out": 1}

    def vjp(self, g, xp):
        ga = g / self.b
        return ga, (-ga * self.out if self.next[1] is not None else None)


plus = _binary("plus", operator.add, AddBackward)
plus.__doc__ = "``a + b`` with broadcasting (the ``+`` operator: ``add`` without ``alpha``)."
minus = _binary("minus", operator.sub, SubBackward)
minus.__doc__ = "``a - b`` with broadcasting (the ``-`` operator: ``sub`` without ``alpha``)."
mul = _binary("mul", operator.mul, MulBackward)
mul.__doc__ = "Elementwise product with broadcasting."
_div = _binary("div", operator.truediv, DivBackward)


def add(a: Any, b: Any, *, alpha: float = 1) -> Tensor:
    """``a + alpha * b`` with broadcasting."""
    return plus(a, b if alpha == 1 else mul(b, alpha))


def sub(a: Any, b: Any, *, alpha: float = 1) -> Tensor:
    """``a - alpha * b`` with broadcasting."""
    return minus(a, b if alpha == 1 else mul(b, alpha))


def div(a: Any, b: Any, *, rounding_mode: str | None = None) -> Tensor:
    """True division (integers give the default float dtype); ``rounding_mode='floor'`` floors."""
    if rounding_mode is not None:
        from .rounding import floor_divide

        return floor_divide(a, b, rounding_mode)
    if isinstance(a, Tensor) and a._data.dtype.kind == "f":  # the common case: no conversions
        return _div(a, b)
    a, b = as_tensor_arg(a), as_tensor_arg(b)
    if not _is_float(a) and not _is_float(b):
        from .. import _dtype

        a = _cast_float(a, _dtype.get_default_dtype())
    return _div(a, b)


class PowBackward(Node):
    saved = {"a": 0, "b": 1, "out": OUT}
    saved_for = {"out": 1}

    def vjp(self, g, xp):
        a, b, nxt = self.a, self.b, self.next
        ga = gb = None
        if nxt[0] is not None:
            if isinstance(b, (int, float)):
                ga = g * 0 if b == 0 else g * (b * a ** (b - 1)) if b != 2 else g * (2 * a)
            else:
                ga = xp.where(b == 0, 0.0, g * b * a ** (b - 1))
        if nxt[1] is not None:
            # NOTE: d(a**b)/db = a**b log a, taken as 0 where a == 0 and b >= 0 (PyTorch's choice).
            safe = xp.where(a == 0, 1.0, a)
            gb = xp.where((a == 0) & (b >= 0), 0.0, g * self.out * xp.log(safe))
        return ga, gb


def pow(a: Any, b: Any) -> Tensor:  # noqa: A001
    """``a ** b`` elementwise with broadcasting."""
    a, b = as_tensor_arg(a), as_tensor_arg(b)
    if isinstance(b, Tensor) and not _is_float(b) and not _is_float(a) and isinstance(a, Tensor):
        pass
    elif type(b) is int and isinstance(a, Tensor) and a._data.dtype.kind != "f" and b < 0:
        raise RuntimeError("integers to negative integer powers are not allowed")
    return _pow(a, b)


_pow = _binary("pow", operator.pow, PowBackward)


class NegBackward(Node):
    def vjp(self, g, xp):
        return (-g,)


def neg(a: Tensor) -> Tensor:
    """``-a``."""
    d = a._data
    if d.dtype.kind == "b":
        raise RuntimeError("negation of a bool tensor is not supported; use logical not (~)")
    return NegBackward.record(-d, (a,))


class MaximumBackward(Node):
    saved = {"a": 0, "b": 1}
    sign = 1

    def vjp(self, g, xp):
        # NOTE: ties split the gradient evenly between both inputs, as PyTorch does.
        a, b = self.a, self.b
        win = (a > b) if self.sign > 0 else (a < b)
        share = win + (a == b) * 0.5
        nxt = self.next
        return (
            g * share if nxt[0] is not None else None,
            g * (1 - share) if nxt[1] is not None else None,
        )


class MinimumBackward(MaximumBackward):
    sign = -1


def _maximum(x: Any, y: Any) -> Any:
    return array_ops(x).maximum(x, y)


def _minimum(x: Any, y: Any) -> Any:
    return array_ops(x).minimum(x, y)


maximum = _binary("maximum", _maximum, MaximumBackward)
maximum.__doc__ = "Elementwise maximum with broadcasting."
minimum = _binary("minimum", _minimum, MinimumBackward)
minimum.__doc__ = "Elementwise minimum with broadcasting."


class WhereBackward(Node):
    saved = {"cond": CONST}

    def vjp(self, g, xp):
        cond, nxt = self.cond, self.next
        return (
            None,
            xp.where(cond, g, 0.0) if nxt[1] is not None else None,
            xp.where(cond, 0.0, g) if nxt[2] is not None else None,
        )


def where(condition: Any, input: Any = None, other: Any = None) -> Any:
    """``input`` where ``condition`` holds, else ``other`` (both broadcast)."""
    cond = as_tensor_arg(condition)
    if input is None and other is None:
        from .index import nonzero

        return nonzero(cond, as_tuple=True)
    cd = cond._data if isinstance(cond, Tensor) else cond
    if getattr(cd, "dtype", None) is not None and cd.dtype.kind != "b":
        raise TypeError(f"where expected a bool condition, got dtype {cond.dtype}")
    ad, bd = operands(as_tensor_arg(input), as_tensor_arg(other))
    xp = array_ops(cd)
    try:
        out = xp.where(cd, ad, bd)
    except ValueError:
        raise broadcast_error("where", ad, bd) from None
    except TypeError:
        check_devices(cd, ad, bd)
        raise
    if not isinstance(input, Tensor) and not isinstance(other, Tensor):
        from .. import _dtype

        out = out.astype(_dtype.result_np_dtype([input, other]), copy=False)
    return WhereBackward.record(out, (cond, input, other), xp=xp, cond=cd)


def _is_float(x: Any) -> bool:
    return x._data.dtype.kind == "f" if isinstance(x, Tensor) else isinstance(x, float)


def _cast_float(x: Any, d: Any) -> Any:
    if isinstance(x, Tensor):
        from .cast import to_dtype

        return to_dtype(x, d)
    return float(x)
