"""Printing tensors the way PyTorch does: ``tensor([1.5000, 2.0000], grad_fn=<MulBackward>)``."""

from __future__ import annotations

from typing import Any

import numpy as np

from . import _dtype

__all__ = ["tensor_repr"]

_PREFIX = "tensor("


def _float_formatter(a: np.ndarray) -> Any:
    finite = a[np.isfinite(a)]
    if finite.size == 0:
        return lambda v: _special(v) or f"{v:.4f}"
    absmax, absmin = np.abs(finite).max(), np.abs(finite[finite != 0]).min(initial=np.inf)
    if np.all(finite == np.round(finite)) and absmax < 1e8:
        return lambda v: _special(v) or f"{v:.0f}."
    if absmax >= 1e8 or absmin < 1e-4 or (absmin != np.inf and absmax / absmin > 1e3):
        return lambda v: _special(v) or f"{v:.4e}"
    return lambda v: _special(v) or f"{v:.4f}"


def _special(v: float) -> str | None:
    if np.isnan(v):
        return "nan"
    if np.isinf(v):
        return "inf" if v > 0 else "-inf"
    return None


def _body(a: np.ndarray) -> str:
    if a.dtype.kind == "f":
        fmt = _float_formatter(a)
        sample = a if a.size <= 1000 else a.ravel()[:1000]
        width = max((len(fmt(v)) for v in sample.ravel()), default=1)
        return np.array2string(
            a, separator=", ", prefix=_PREFIX, threshold=1000, edgeitems=3, max_line_width=80,
            formatter={"float_kind": lambda v: fmt(v).rjust(width)})
    return np.array2string(a, separator=", ", prefix=_PREFIX, threshold=1000, edgeitems=3,
                           max_line_width=80)


def tensor_repr(t: Any) -> str:
    a = np.asarray(t.__array__())
    parts = [_body(a) if a.size or a.ndim == 0 else "[]"]
    if a.size == 0 and a.ndim > 1:
        parts.append(f"size={tuple(a.shape)}")
    dt = _dtype.from_np(a.dtype)
    if dt not in (_dtype.get_default_dtype(), _dtype.int64, _dtype.bool_) or \
            (a.size == 0 and dt is not _dtype.get_default_dtype()):
        parts.append(f"dtype={dt!r}")
    if t.device.type != "cpu":
        parts.append(f"device='{t.device}'")
    if t.grad_fn is not None:
        parts.append(f"grad_fn=<{t.grad_fn.name()}>")
    elif t.requires_grad:
        parts.append("requires_grad=True")
    return _PREFIX + ", ".join(parts) + ")"
