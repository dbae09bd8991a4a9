"""Turning op arguments into arrays: PyTorch's type promotion and readable shape errors."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import _dtype
from .._tensor import Tensor
from ..errors import DtypeError

__all__ = ["operands", "broadcast_error", "as_tensor_arg", "require_float"]

_PY = (int, float, bool)


def as_tensor_arg(x: Any) -> Any:
    """A Tensor or Python number stays; a NumPy scalar becomes a Python number; arrays and lists
    become tensors."""
    if isinstance(x, (Tensor, int, float)):
        return x
    if isinstance(x, np.generic):
        return x.item()
    from .creation import tensor

    return tensor(x)


def require_float(t: Tensor, what: str) -> None:
    """Refuse a tensor of a non-floating dtype where an op is defined for floats only (``what``
    names the op and the argument: "normal: mean")."""
    if t._data.dtype.kind != "f":
        raise DtypeError(f"{what} must be a floating-point tensor, got {t.dtype}")


def operands(a: Any, b: Any) -> tuple[Any, Any]:
    """The arrays (or Python numbers) to compute ``a op b`` with, promoted as PyTorch does."""
    ad = a._data if isinstance(a, Tensor) else a
    bd = b._data if isinstance(b, Tensor) else b
    if isinstance(a, Tensor) and isinstance(b, Tensor):
        if ad.dtype == bd.dtype:
            return ad, bd
    elif isinstance(a, Tensor) and type(b) in _PY:
        if type(b) is not float or ad.dtype.kind == "f":
            return ad, bd
    elif isinstance(b, Tensor) and type(a) in _PY:
        if type(a) is not float or bd.dtype.kind == "f":
            return ad, bd
    else:
        a, b = as_tensor_arg(a), as_tensor_arg(b)
        if not isinstance(a, Tensor) and not isinstance(b, Tensor):
            return a, b  # two Python numbers (where(c, 1.0, 0.0)): the caller sets the dtype
        return operands(a, b)
    target = _dtype.result_np_dtype([a, b])
    if isinstance(a, Tensor):
        ad = ad.astype(target, copy=False)
    if isinstance(b, Tensor):
        bd = bd.astype(target, copy=False)
    return ad, bd


def broadcast_error(op: str, a: Any, b: Any) -> RuntimeError:
    """The error for operands whose shapes do not broadcast, naming both shapes."""
    sa, sb = tuple(getattr(a, "shape", ())), tuple(getattr(b, "shape", ()))
    for i in range(1, min(len(sa), len(sb)) + 1):
        if sa[-i] != sb[-i] and 1 not in (sa[-i], sb[-i]):
            dim = max(len(sa), len(sb)) - i
            return RuntimeError(
                f"{op}: the size of tensor a ({sa[-i]}) must match the size of tensor b "
                f"({sb[-i]}) at non-singleton dimension {dim}; shapes {sa} and {sb} do not "
                f"broadcast"
            )
    return RuntimeError(f"{op}: shapes {sa} and {sb} do not broadcast")
