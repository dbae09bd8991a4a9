"""``embedding``: rows of a weight matrix picked by integer indices (``torch.nn.functional``).

It is indexing, ``weight[input]``, so the gradient adds back into the picked rows. The options
shape that gradient: none for the ``padding_idx`` row, divided by each index's count in the
batch with ``scale_grad_by_freq``; ``max_norm`` first rescales the picked rows in place.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..._tensor import Tensor, wrap
from ...autograd.grad_mode import no_grad
from ...ops.arith import where
from ...ops.index import getitem
from ...ops.reduce import norm

__all__ = ["embedding", "check_padding_idx"]


def check_padding_idx(padding_idx: int | None, num_embeddings: int) -> int | None:
    """``padding_idx`` as a row number (negative counts from the end), or an error if outside."""
    if padding_idx is None:
        return None
    if not -num_embeddings <= padding_idx < num_embeddings:
        raise ValueError(
            f"padding_idx must be within num_embeddings ({num_embeddings}), got {padding_idx}"
        )
    return padding_idx % num_embeddings


def _check_indices(input: Any, num: int) -> np.ndarray:
    if not isinstance(input, Tensor) or input._data.dtype.kind not in "iu":
        got = input.dtype if isinstance(input, Tensor) else type(input).__name__
        raise RuntimeError(f"embedding: the indices must be an integer tensor, got {got}")
    idx = np.asarray(input.__array__())
    if idx.size and (idx.min() < 0 or idx.max() >= num):
        bad = idx.min() if idx.min() < 0 else idx.max()
        raise IndexError(f"embedding: index {bad} is out of range for {num} embeddings")
    return idx


def _renorm_(weight: Tensor, idx: np.ndarray, max_norm: float, norm_type: float) -> None:
    """Scale the picked rows whose ``norm_type``-norm exceeds ``max_norm`` down to it, in place
    (PyTorch's ``embedding_renorm_``, with its 1e-7 guard)."""
    rows = np.unique(idx)
    with no_grad():
        picked = weight[wrap(rows)]
        n = norm(picked, norm_type, 1, keepdim=True)
        scale = where(n > max_norm, max_norm / (n + 1e-7), 1.0)
        weight[wrap(rows)] = picked * scale


def _scaled_gradient(out: Tensor, scale: Tensor) -> Tensor:
    """``out`` unchanged in value, its gradient multiplied by ``scale``."""
    frozen = out.detach()
    return frozen + (out - frozen) * scale


def embedding(
    input: Tensor,
    weight: Tensor,
    padding_idx: int | None = None,
    max_norm: float | None = None,
    norm_type: float = 2.0,
    scale_grad_by_freq: bool = False,
    sparse: bool = False,
) -> Tensor:
    """``weight[input]``: one row of the (num_embeddings, embedding_dim) ``weight`` per index."""
    if weight.ndim != 2:
        raise RuntimeError(f"'weight' must be 2-D, got {weight.ndim} dims")
    if sparse:
        raise ValueError("embedding: sparse gradients are not supported; use sparse=False")
    num = weight.shape[0]
    idx = _check_indices(input, num)
    padding_idx = check_padding_idx(padding_idx, num)
    if max_norm is not None:
        _renorm_(weight, idx, max_norm, norm_type)
    out = getitem(weight, input)
    if padding_idx is not None and out.requires_grad:
        out = where((input == padding_idx).unsqueeze(-1), out.detach(), out)
    if scale_grad_by_freq and out.requires_grad:
        counts = np.bincount(idx.ravel(), minlength=num)[idx]
        out = _scaled_gradient(out, wrap((1.0 / counts).astype(out._data.dtype)[..., None]))
    return out
