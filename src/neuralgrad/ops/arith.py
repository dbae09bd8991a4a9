"""Arithmetic with broadcasting: + - * / ** and unary minus, maximum, minimum, where.

NOTE: kinks follow PyTorch: ``maximum``/``minimum`` split the gradient evenly between tied
inputs; ``x ** 0`` has gradient 0 everywhere; ``a ** b`` has no gradient for ``b`` where a == 0.
"""

from __future__ import annotations

from typing import Any

from .._backend import array_ops
from .._tensor import Tensor, record
from ..autograd.node import OUT, Node
from ._operands import as_tensor_arg, broadcast_error, operands

__all__ = ["add", "sub", "mul", "div", "pow", "neg", "maximum", "minimum", "where"]


def _binary(name: str, fn: Any, node_cls: type, a: Any, b: Any, saved: str) -> Tensor:
    ad, bd = operands(a, b)
    xp = array_ops(ad if isinstance(a, Tensor) else bd)
    try:
        out = fn(ad, bd)
    except ValueError:
        raise broadcast_error(name, ad, bd) from None
    sv = (ad, bd) if saved == "ab" else (bd,) if saved == "b" else (ad, bd, out)
    return record(node_cls, out, (a, b), sv if saved else (), xp)


class AddBackward(Node):
    __slots__ = ()

    def vjp(self, g, xp):
        return g, g


class SubBackward(Node):
    __slots__ = ()

    def vjp(self, g, xp):
        return g, (-g if self.next[1] is not None else None)


class MulBackward(Node):
    __slots__ = ()
    saved_as = (0, 1)

    def vjp(self, g, xp, a, b):
        nxt = self.next
        return (g * b if nxt[0] is not None else None, g * a if nxt[1] is not None else None)


class DivBackward(Node):
    __slots__ = ()
    saved_as = (0, 1, OUT)

    def vjp(self, g, xp, a, b, out):
        ga = g / b
        return ga, (-ga * out if self.next[1] is not None else None)


def add(a: Any, b: Any, *, alpha: float = 1) -> Tensor:
    """``a + alpha * b`` with broadcasting."""
    if alpha != 1:
        b = mul(b, alpha)
    return _binary("add", _add, AddBackward, a, b, "")


def sub(a: Any, b: Any, *, alpha: float = 1) -> Tensor:
    """``a - alpha * b`` with broadcasting."""
    if alpha != 1:
        b = mul(b, alpha)
    return _binary("sub", _sub, SubBackward, a, b, "")


def mul(a: Any, b: Any) -> Tensor:
    """Elementwise product with broadcasting."""
    return _binary("mul", _mul, MulBackward, a, b, "ab")


def div(a: Any, b: Any, *, rounding_mode: str | None = None) -> Tensor:
    """True division (integers give the default float dtype); ``rounding_mode='floor'`` floors."""
    if rounding_mode is not None:
        from .compare import floor_divide

        return floor_divide(a, b, rounding_mode)
    a, b = as_tensor_arg(a), as_tensor_arg(b)
    if not _is_float(a) and not _is_float(b):
        from .. import _dtype

        a = _cast_float(a, _dtype.get_default_dtype())
    return _binary("div", _div, DivBackward, a, b, "abo")


class PowBackward(Node):
    __slots__ = ()
    saved_as = (0, 1, OUT)

    def vjp(self, g, xp, a, b, out):
        nxt = self.next
        ga = gb = None
        if nxt[0] is not None:
            if isinstance(b, (int, float)):
                ga = g * 0 if b == 0 else g * (b * a ** (b - 1)) if b != 2 else g * (2 * a)
            else:
                ga = xp.where(b == 0, 0.0, g * b * a ** (b - 1))
        if nxt[1] is not None:
            # NOTE: d(a**b)/db = a**b log a, taken as 0 where a == 0 and b >= 0 (PyTorch's choice).
            safe = xp.where(a == 0, 1.0, a)
            gb = xp.where((a == 0) & (b >= 0), 0.0, g * out * xp.log(safe))
        return ga, gb


def pow(a: Any, b: Any) -> Tensor:  # noqa: A001
    """``a ** b`` elementwise with broadcasting."""
    a, b = as_tensor_arg(a), as_tensor_arg(b)
    if isinstance(b, Tensor) and not _is_float(b) and not _is_float(a) and isinstance(a, Tensor):
        pass
    elif type(b) is int and isinstance(a, Tensor) and a._data.dtype.kind != "f" and b < 0:
        raise RuntimeError("integers to negative integer powers are not allowed")
    return _binary("pow", _pow, PowBackward, a, b, "abo")


class NegBackward(Node):
    __slots__ = ()

    def vjp(self, g, xp):
        return (-g,)


def neg(a: Tensor) -> Tensor:
    """``-a``."""
    d = a._data
    if d.dtype.kind == "b":
        raise RuntimeError("negation of a bool tensor is not supported; use logical not (~)")
    return record(NegBackward, -d, (a,), (), array_ops(d))


class MaximumBackward(Node):
    __slots__ = ()
    saved_as = (0, 1)
    sign = 1

    def vjp(self, g, xp, a, b):
        # NOTE: ties split the gradient evenly between both inputs, as PyTorch does.
        win = (a > b) if self.sign > 0 else (a < b)
        share = win + (a == b) * 0.5
        nxt = self.next
        return (g * share if nxt[0] is not None else None,
                g * (1 - share) if nxt[1] is not None else None)


class MinimumBackward(MaximumBackward):
    __slots__ = ()
    sign = -1


def maximum(a: Any, b: Any) -> Tensor:
    """Elementwise maximum with broadcasting."""
    return _binary("maximum", _max, MaximumBackward, a, b, "ab")


def minimum(a: Any, b: Any) -> Tensor:
    """Elementwise minimum with broadcasting."""
    return _binary("minimum", _min, MinimumBackward, a, b, "ab")


class WhereBackward(Node):
    __slots__ = ()
    saved_as = (None,)

    def vjp(self, g, xp, cond):
        nxt = self.next
        return (None,
                xp.where(cond, g, 0.0) if nxt[1] is not None else None,
                xp.where(cond, 0.0, g) if nxt[2] is not None else None)


def where(condition: Any, input: Any = None, other: Any = None) -> Any:  # noqa: A002
    """``input`` where ``condition`` holds, else ``other`` (both broadcast)."""
    cond = as_tensor_arg(condition)
    if input is None and other is None:
        from .compare import nonzero

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
    if not isinstance(input, Tensor) and not isinstance(other, Tensor):
        from .. import _dtype

        out = out.astype(_dtype.result_np_dtype([input, other]), copy=False)
    return record(WhereBackward, out, (cond, input, other), (cd,), xp)


def _is_float(x: Any) -> bool:
    return x._data.dtype.kind == "f" if isinstance(x, Tensor) else isinstance(x, float)


def _cast_float(x: Any, d: Any) -> Any:
    if isinstance(x, Tensor):
        from .cast import to_dtype

        return to_dtype(x, d)
    return float(x)


def _add(x, y):
    return x + y


def _sub(x, y):
    return x - y


def _mul(x, y):
    return x * y


def _div(x, y):
    return x / y


def _pow(x, y):
    return x ** y


def _max(x, y):
    return array_ops(x).maximum(x, y)


def _min(x, y):
    return array_ops(x).minimum(x, y)
