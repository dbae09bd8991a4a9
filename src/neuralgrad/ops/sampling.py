"""Random draws shaped by tensors: normal (all four overloads), bernoulli, multinomial.

Draws come from ``generator`` or the global generator (``manual_seed``), NumPy's PCG64 stream,
so seeds reproduce neuralgrad runs but not PyTorch's numbers. ``normal`` with tensor arguments
is ``mean + std * eps`` in value; as in PyTorch, the gradients it passes to ``mean`` and ``std``
are zero (a sample is not reparameterised: use ``mean + std * randn_like(mean)`` for that).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import _dtype
from .._backend import array_ops
from .._devices import move, to_numpy
from .._tensor import Tensor, wrap
from ..random import Generator, rng
from ._operands import require_float
from .arith import where
from .creation import _device_of, _draws, _float_np, _on, _size

__all__ = ["normal", "bernoulli", "bernoulli_", "multinomial"]


def _check_std(std: Any) -> None:
    if isinstance(std, Tensor):
        if (std._data < 0).any():
            raise RuntimeError("normal expects all elements of std >= 0.0")
    elif std < 0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {std}")


def normal(
    mean: Any,
    std: Any = 1.0,
    size: Any = None,
    *,
    generator: Generator | None = None,
    dtype: Any = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """Samples of N(mean, std²): ``normal(mean_t, std_t)``, ``normal(mean_t, std=1.0)``,
    ``normal(mean, std_t)`` (each shaped like its tensors) or ``normal(mean, std, size)``."""
    for name, arg in (("mean", mean), ("std", std)):
        if isinstance(arg, Tensor):
            require_float(arg, f"normal: {name}")
    _check_std(std)
    if not isinstance(mean, Tensor) and not isinstance(std, Tensor):
        if size is None:
            raise TypeError(
                "normal(mean, std) with two numbers needs a size: normal(mean, std, size)"
            )
        npd = _float_np(dtype)
        eps = _draws(generator, device).standard_normal(_size((size,)), dtype=npd)
        out = wrap(_on((eps * npd.type(std) + npd.type(mean)).astype(npd, copy=False), device))
        return out.requires_grad_(True) if requires_grad else out
    if size is not None:
        raise TypeError("normal() with a mean or std tensor takes no size: it has their shape")
    shapes = [tuple(t.shape) for t in (mean, std) if isinstance(t, Tensor)]
    try:
        shape = np.broadcast_shapes(*shapes)
    except ValueError:
        raise RuntimeError(
            f"normal: the shapes of mean and std {shapes} do not broadcast"
        ) from None
    npd = _dtype.result_np_dtype([mean, std])
    like = mean if isinstance(mean, Tensor) else std
    eps = rng(generator, _device_of(like)).standard_normal(shape, dtype=npd)
    m, s = (t._data if isinstance(t, Tensor) else t for t in (mean, std))
    draw = wrap((m + s * eps).astype(npd, copy=False))
    # NOTE: PyTorch's normal passes zero gradients to mean and std (it is not reparameterised);
    # a where() that never picks them gives exactly that, and no nan from inf inputs.
    return where(wrap(array_ops(like._data).zeros(shape, bool)), mean + std, draw)


def _probabilities(p: Any, op: str) -> np.ndarray:
    """``p`` (a number or a tensor) as an array, checked to lie in [0, 1]."""
    a = to_numpy(p._data) if isinstance(p, Tensor) else np.asarray(p)
    if a.dtype.kind not in "fiub":
        raise TypeError(f"{op}: p must be a number or a tensor, got {type(p).__name__}")
    if not ((a >= 0) & (a <= 1)).all():
        raise RuntimeError(f"{op}: expected every probability p to satisfy 0 <= p <= 1")
    return a


def bernoulli(x: Tensor, p: Any = None, *, generator: Generator | None = None) -> Tensor:
    """0/1 draws in ``x``'s dtype: 1 with probability ``x`` elementwise, or ``p`` everywhere.
    Not differentiable."""
    d = x._data
    if p is None:
        require_float(x, "bernoulli: the probabilities")
    probs = _probabilities(x if p is None else p, "bernoulli")
    draw = rng(generator, _device_of(x)).random(d.shape) < move(probs, x.device)
    return wrap(draw.astype(d.dtype))


def bernoulli_(x: Tensor, p: Any = 0.5, *, generator: Generator | None = None) -> Tensor:
    """Fill ``x`` in place with 0/1 draws, 1 with probability ``p`` (a number or a tensor)."""
    from .inplace import copy_

    probs = move(_probabilities(p, "bernoulli_"), x.device)
    draw = rng(generator, _device_of(x)).random(x._data.shape) < probs
    return copy_(x, wrap(draw.astype(x._data.dtype)))


def _check_weights(w: Any, num_samples: int, replacement: bool) -> None:
    if w.dtype.kind != "f":
        got = _dtype.from_np(w.dtype)
        raise RuntimeError(f"multinomial only supports floating-point dtypes for input, got {got}")
    if w.ndim not in (1, 2):
        raise RuntimeError(f"prob_dist must be 1 or 2 dim, got {w.ndim} dims")
    if num_samples <= 0:
        raise RuntimeError(f"cannot sample n_sample <= 0 samples (got {num_samples})")
    if not replacement and num_samples > w.shape[-1]:
        raise RuntimeError(
            f"cannot sample n_sample > prob_dist.size(-1) samples without replacement "
            f"({num_samples} > {w.shape[-1]})"
        )
    if not (np.isfinite(w) & (w >= 0)).all():
        raise RuntimeError("probability tensor contains either `inf`, `nan` or element < 0")
    if (w.sum(axis=-1) <= 0).any():
        raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")


def multinomial(
    x: Tensor, num_samples: int, replacement: bool = False, *, generator: Generator | None = None
) -> Tensor:
    """``num_samples`` category indices per row of non-negative weights ``x`` (1-D or 2-D).

    With replacement each draw inverts the row's cumulative distribution; without, the rows'
    weights divided by exponential draws are ranked (PyTorch's method), so each index is drawn
    at most once with the right probabilities.
    """
    # NOTE: drawn on the host from the global generator whatever x's device: a few indices
    w = to_numpy(x._data)
    _check_weights(w, num_samples, replacement)
    w = w.astype(np.float64)
    rows = w.reshape(-1, w.shape[-1])
    r = rng(generator)
    if replacement:
        cdf = np.cumsum(rows, axis=1)
        cdf /= cdf[:, -1:]
        cdf[:, -1] = 1.0
        u = r.random((rows.shape[0], num_samples))
        # one search over all rows: row i's distribution is shifted to [i, i + 1)
        offset = np.arange(rows.shape[0])[:, None]
        flat = np.searchsorted((cdf + offset).ravel(), (u + offset).ravel(), side="right")
        out = flat.reshape(u.shape) - offset * rows.shape[1]
    else:
        keys = rows / r.exponential(1.0, rows.shape)
        out = np.argsort(-keys, axis=1, kind="stable")[:, :num_samples]
    out = out.astype(np.int64).reshape(*w.shape[:-1], num_samples)
    return wrap(_on(out, _device_of(x)))
