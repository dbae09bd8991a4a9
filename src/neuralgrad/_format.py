"""Printing tensors the way PyTorch does: ``tensor([1.5000, 2.0000], grad_fn=<MulBackward>)``."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from . import _dtype

__all__ = ["tensor_repr"]

_PREFIX = "tensor("


_LINEWIDTH, _EDGE, _THRESHOLD = 80, 3, 1000  # PyTorch's default print options


def _formatter(a: np.ndarray) -> tuple[Callable[[Any], str], int]:
    """PyTorch's ``_Formatter``: one format for all of ``a``'s values and their common width.

    Floats print as integers (``2.``) when every nonzero finite value is whole, in scientific
    notation when max/min of the nonzero magnitudes exceeds 1e3, the max exceeds 1e8 or the min
    is below 1e-4, and with 4 decimals otherwise; nan/inf are ignored when choosing.
    """
    if a.dtype.kind != "f":
        width = max((len(str(v)) for v in a.ravel().tolist()), default=1)
        return (lambda v: str(v).rjust(width)), width
    nz = a[np.isfinite(a) & (a != 0)].astype(np.float64)
    if nz.size == 0:
        return (lambda v: _int_str(v).rjust(1)), 1
    mag = np.abs(nz)
    lo, hi = mag.min(), mag.max()
    sci = hi / lo > 1000.0 or hi > 1.0e8 or lo < 1.0e-4
    if np.all(nz == np.ceil(nz)) and not sci:
        width = max(len(f"{v:.0f}") + 1 for v in nz.tolist())
        return (lambda v: _int_str(v).rjust(width)), width
    spec = ".4e" if sci else ".4f"
    width = max(len(format(v, spec)) for v in nz.tolist())
    return (lambda v: format(v, spec).rjust(width)), width


def _int_str(v: float) -> str:
    s = f"{v:.0f}"
    return s if math.isinf(v) or math.isnan(v) else s + "."


def _summarized(a: np.ndarray) -> np.ndarray:
    """The edge items PyTorch bases the format on when printing a summary (``...``)."""
    for axis, n in enumerate(a.shape):
        if n > 2 * _EDGE:
            a = np.take(a, list(range(_EDGE)) + list(range(n - _EDGE, n)), axis=axis)
    return a


def _vector(vals: list, indent: int, summarize: bool, fmt: Callable[[Any], str], width: int) -> str:
    per_line = max(1, (_LINEWIDTH - indent) // (width + 2))
    if summarize and len(vals) > 2 * _EDGE:
        data = [fmt(v) for v in vals[:_EDGE]] + [" ..."] + [fmt(v) for v in vals[-_EDGE:]]
    else:
        data = [fmt(v) for v in vals]
    lines = [", ".join(data[i : i + per_line]) for i in range(0, len(data), per_line)]
    return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"


def _nested(
    a: np.ndarray, indent: int, summarize: bool, fmt: Callable[[Any], str], width: int
) -> str:
    """PyTorch's ``_tensor_str_with_formatter``: rows separated by ``ndim - 1`` newlines."""
    if a.ndim == 0:
        return fmt(a.item())
    if a.ndim == 1:
        return _vector(a.tolist(), indent, summarize, fmt, width)
    n = a.shape[0]
    rows = (
        [range(n)]
        if not (summarize and n > 2 * _EDGE)
        else [range(_EDGE), None, range(n - _EDGE, n)]
    )
    parts = []
    for r in rows:
        parts += (
            ["..."] if r is None else [_nested(a[i], indent + 1, summarize, fmt, width) for i in r]
        )
    return "[" + ("," + "\n" * (a.ndim - 1) + " " * (indent + 1)).join(parts) + "]"


def _body(a: np.ndarray) -> str:
    summarize = a.size > _THRESHOLD
    fmt, width = _formatter(_summarized(a) if summarize else a)
    return _nested(a, len(_PREFIX), summarize, fmt, width)


def _add_suffixes(body: str, suffixes: list) -> str:
    """Join ``tensor(body`` and the suffixes, wrapping a suffix that would pass 80 columns."""
    out = [body]
    last = len(body) - body.rfind("\n") + 1
    for s in suffixes:
        if last + len(s) + 2 > _LINEWIDTH:
            out.append(",\n" + " " * len(_PREFIX) + s)
            last = len(_PREFIX) + len(s)
        else:
            out.append(", " + s)
            last += len(s) + 2
    return "".join(out) + ")"


def tensor_repr(t: Any) -> str:
    a = np.asarray(t.__array__())
    parts = [_body(a) if a.size else "[]"]
    if a.size == 0 and a.ndim > 1:
        parts.append(f"size={tuple(a.shape)}")
    dt = _dtype.from_np(a.dtype)
    if dt not in (_dtype.get_default_dtype(), _dtype.int64, _dtype.bool_) or (
        a.size == 0 and dt is not _dtype.get_default_dtype()
    ):
        parts.append(f"dtype={dt!r}")
    if t.device.type != "cpu":
        parts.append(f"device='{t.device}'")
    if t.grad_fn is not None:
        parts.append(f"grad_fn=<{t.grad_fn.name()}>")
    elif t.requires_grad:
        parts.append("requires_grad=True")
    return _add_suffixes(_PREFIX + parts[0], parts[1:])
