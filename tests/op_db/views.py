"""Op-table rows for in-place changes through views (``b[1:, ::2].add_(y)``, ``b.t()[1].mul_``,
``z[:, 1:].add_(...)`` on a buffer that needs no gradient, a view read after its base changed):
the base takes the change into its history (``CopySlices``), as in PyTorch.

Each row works on a clone (or a fresh buffer), so the inputs stay leaves; the rows go through
every check of the table: NumPy, finite differences, PyTorch first and second order, capture.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .rows import OpInfo, S, pos, rand

__all__ = ["VIEW_OPS"]


def _strided_add(x: Any, y: Any) -> Any:
    b = x.clone()
    b[1:, ::2].add_(y)
    return b


def _np_strided_add(x: np.ndarray, y: Any) -> np.ndarray:
    b = x.copy()
    b[1:, ::2] += y
    return b


def _transposed_mul(x: Any, y: Any) -> Any:
    b = x.clone()
    b.t()[1].mul_(y)  # column 1 of b
    return b * x


def _np_transposed_mul(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    b = x.copy()
    b[:, 1] *= y
    return b * x


def _other_view(x: Any, y: Any) -> Any:
    """A view made before its base changed through another view sees the change."""
    b = x.clone()
    column = b[:, 0]
    b[1].div_(y)  # row 1 of b, which column 0 crosses
    return column * column


def _np_other_view(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    b = x.copy()
    b[1] /= y
    return b[:, 0] ** 2


def _buffer(lib: Any) -> Any:
    def fill(x: Any, y: Any) -> Any:
        z = lib.zeros(x.shape, dtype=x.dtype, device=x.device)  # no gradient until written
        z.view(-1)[2:].copy_((x * y).view(-1)[:-2])
        return z.exp()

    return fill


def _np_buffer(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    z = np.zeros_like(x)
    z.reshape(-1)[2:] = (x * y).reshape(-1)[:-2]
    return np.exp(z)


def _buffer_ng(x: Any, y: Any) -> Any:
    import neuralgrad as ng

    return _buffer(ng)(x, y)


def _buffer_torch(x: Any, y: Any) -> Any:
    import torch

    return _buffer(torch)(x, y)


VIEW_OPS = [
    OpInfo(
        "add_ through a strided view",
        _strided_add,
        _np_strided_add,
        _strided_add,
        lambda r, d: [
            S(rand(r, d, (3, 4)), rand(r, d, (2, 2))),
            S(rand(r, d, (3, 4)), rand(r, d, (2,))),
            S(rand(r, d, (3, 4)), 1.5),
        ],
    ),
    OpInfo(
        "mul_ through a transposed view",
        _transposed_mul,
        _np_transposed_mul,
        _transposed_mul,
        lambda r, d: [
            S(rand(r, d, (3, 4)), rand(r, d, (3,))),
            S(rand(r, d, (3, 4)), rand(r, d, ())),
        ],
    ),
    OpInfo(
        "div_ through a view, read through another",
        _other_view,
        _np_other_view,
        _other_view,
        lambda r, d: [S(rand(r, d, (3, 4)), pos(r, d, (4,)))],
    ),
    OpInfo(
        "copy_ into a view of a buffer",
        _buffer_ng,
        _np_buffer,
        _buffer_torch,
        lambda r, d: [S(rand(r, d, (2, 3)), rand(r, d, (3,)))],
    ),
]
