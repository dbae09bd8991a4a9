"""The op table's rows for the top-level functions and ``Tensor`` methods, with their NumPy
references and sample makers."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

import neuralgrad as ng

from .rows import (
    UNARY,
    X3,
    OpInfo,
    S,
    binary,
    c,
    distinct,
    donor,
    grid,
    inplace,
    ints,
    kinks,
    mask,
    off0,
    pos,
    rand,
    torch,
    unary,
)

__all__ = ["TENSOR_OPS"]


# ---- NumPy references -----------------------------------------------------------------------
def _axes(dim: Any) -> Any:
    """NumPy's axis for a PyTorch dim (None and () both mean every dim)."""
    return None if dim is None or dim == () else dim


def _np_var(
    x: np.ndarray,
    dim: Any = None,
    unbiased: Any = None,
    keepdim: bool = False,
    *,
    correction: Any = None,
) -> np.ndarray:
    """``torch.var`` in NumPy: Bessel's correction unless unbiased=False or correction= says."""
    ddof = correction if correction is not None else (0 if unbiased is False else 1)
    return np.var(x, axis=_axes(dim), ddof=ddof, keepdims=keepdim)


def _np_std(*args: Any, **kwargs: Any) -> np.ndarray:
    """``torch.std`` in NumPy."""
    return np.sqrt(_np_var(*args, **kwargs))


def _np_extreme_dim(fn: str) -> Callable:
    """``torch.max(x, dim)`` / ``torch.min(x, dim)`` in NumPy: (values, indices)."""

    def ref(x: np.ndarray, dim: int, keepdim: bool = False) -> tuple:
        if x.ndim == 0:
            return x.copy(), np.int64(0)
        arg = np.argmax if fn == "max" else np.argmin
        return (getattr(np, fn)(x, axis=dim, keepdims=keepdim), arg(x, axis=dim, keepdims=keepdim))

    return ref


def _np_logsumexp(x: np.ndarray, dim: Any, keepdim: bool = False) -> np.ndarray:
    """``torch.logsumexp`` in NumPy, shifted by the maximum."""
    m = np.max(x, axis=dim, keepdims=True)
    out = np.log(np.sum(np.exp(x - m), axis=dim, keepdims=True)) + m
    return out if keepdim else np.squeeze(out, axis=dim)


def _np_norm(x: np.ndarray, p: Any = "fro", dim: Any = None, keepdim: bool = False) -> Any:
    """``torch.norm`` (vector p-norms) in NumPy."""
    a = np.abs(x)
    if p in (math.inf, -math.inf):
        return (np.max if p > 0 else np.min)(a, axis=dim, keepdims=keepdim)
    p = 2.0 if p == "fro" else float(p)
    return np.sum(a**p, axis=dim, keepdims=keepdim) ** (1.0 / p)


def _np_softmax(x: np.ndarray, dim: int) -> np.ndarray:
    """``torch.softmax`` in NumPy."""
    e = np.exp(x - np.max(x, axis=dim, keepdims=True))
    return e / np.sum(e, axis=dim, keepdims=True)


def _np_log_softmax(x: np.ndarray, dim: int) -> np.ndarray:
    """``torch.log_softmax`` in NumPy."""
    return x - _np_logsumexp(x, dim, keepdim=True)


def _np_clamp(x: np.ndarray, min: Any = None, max: Any = None) -> np.ndarray:
    """``torch.clamp`` in NumPy (max wins when min > max)."""
    out = x if min is None else np.maximum(x, min)
    return out if max is None else np.minimum(out, max)


def _np_flatten(x: np.ndarray, start_dim: int = 0, end_dim: int = -1) -> np.ndarray:
    """``torch.flatten`` in NumPy (0-d gives shape (1,))."""
    if x.ndim == 0:
        return x.reshape(1)
    s, e = start_dim % x.ndim, end_dim % x.ndim
    return x.reshape(x.shape[:s] + (-1,) + x.shape[e + 1 :])


def _np_squeeze(x: np.ndarray, dim: Any = None) -> np.ndarray:
    """``torch.squeeze`` in NumPy: dims that are not size 1 are left alone."""
    dims = range(x.ndim) if dim is None else (dim,) if isinstance(dim, int) else dim
    return np.squeeze(x, tuple(d for d in dims if x.shape[d] == 1))


def _np_expand(x: np.ndarray, *sizes: int) -> np.ndarray:
    """``Tensor.expand`` in NumPy (-1 keeps a dim)."""
    lead = len(sizes) - x.ndim
    shape = tuple(x.shape[i - lead] if s == -1 else s for i, s in enumerate(sizes))
    return np.broadcast_to(x, shape)


def _np_gather(x: np.ndarray, index: np.ndarray, dim: int) -> np.ndarray:
    """``torch.gather`` in NumPy (the index may be smaller than x outside ``dim``)."""
    sub = tuple(
        slice(None) if i == dim % x.ndim else slice(0, n) for i, n in enumerate(index.shape)
    )
    return np.take_along_axis(x[sub], index, axis=dim)


def _np_split(x: np.ndarray, sizes: Any, dim: int = 0) -> tuple:
    """``torch.split`` in NumPy: pieces of ``sizes`` (the last one shorter) or a list of sizes."""
    n = x.shape[dim]
    if isinstance(sizes, int):
        sizes = [min(sizes, n - s) for s in range(0, n, sizes)]
    return tuple(np.split(x, np.cumsum(sizes)[:-1], axis=dim))


def _np_chunk(x: np.ndarray, chunks: int, dim: int = 0) -> tuple:
    """``torch.chunk`` in NumPy: pieces of ceil(n / chunks)."""
    return _np_split(x, -(-x.shape[dim] // chunks), dim)


def _set(x: Any, index: Any, value: Any) -> Any:
    """``x.clone()`` with ``value`` written at ``index`` (neuralgrad and PyTorch)."""
    y = x.clone()
    y[index] = value
    return y


def _np_set(x: np.ndarray, index: Any, value: Any) -> np.ndarray:
    """``_set`` in NumPy."""
    y = x.copy()
    y[index] = value
    return y


def _T(x: Any) -> Any:
    """``x.T`` in any of the three frameworks."""
    return x.T


# ---- samples shared by several rows ---------------------------------------------------------
def _reduce_samples(gen: Callable) -> Callable:
    """Reductions: no dim, int dims (negative too), tuples, keepdim, 0-d and size-1 dims."""
    return lambda r, d: [
        S(gen(r, d, X3)),
        S(gen(r, d, X3), dim=0),
        S(gen(r, d, X3), dim=-1, keepdim=True),
        S(gen(r, d, X3), dim=(0, 2)),
        S(gen(r, d, X3), dim=(1,), keepdim=True),
        S(gen(r, d, ())),
        S(gen(r, d, (5,)), dim=0),
        S(gen(r, d, (2, 1, 3)), dim=1),
    ]


def _var_samples(r: np.random.Generator, d: Any) -> list:
    """var/std: dims, keepdim, correction=, unbiased= (keyword and positional)."""
    return [
        S(rand(r, d, (6,))),
        S(rand(r, d, X3), dim=1),
        S(rand(r, d, X3), dim=(0, 2), keepdim=True),
        S(rand(r, d, X3), dim=-1, correction=0),
        S(rand(r, d, X3), 0, False),
        S(rand(r, d, (2, 3)), correction=2),
        S(rand(r, d, X3), dim=1, unbiased=True, keepdim=True),
    ]


_TIES = c([1.0, 3.0, 3.0], [2.0, 2.0, 0.0])


def _amax_samples(r: np.random.Generator, d: Any) -> list:
    """amax/amin without ties, plus ties (shared gradient) checked against PyTorch."""
    return [
        S(distinct(r, d, X3)),
        S(distinct(r, d, X3), dim=1),
        S(distinct(r, d, X3), dim=(0, 2), keepdim=True),
        S(distinct(r, d, X3), dim=-1, keepdim=True),
        S(distinct(r, d, ())),
        S(distinct(r, d, (1,)), dim=0),
        S(_TIES.astype(d), dim=1, fd=False),
        S(_TIES.astype(d), fd=False),
    ]


def _extreme_dim_samples(r: np.random.Generator, d: Any) -> list:
    """max(dim)/min(dim): values and indices; ties route the gradient to the index."""
    return [
        S(distinct(r, d, X3), 0),
        S(distinct(r, d, X3), -1, True),
        S(distinct(r, d, X3), dim=1, keepdim=False),
        S(distinct(r, d, (5,)), 0),
        S(distinct(r, d, ()), 0),
        S(_TIES.astype(d), 1, fd=False),
    ]


def _extreme_all_samples(r: np.random.Generator, d: Any) -> list:
    """max()/min() over all elements; ties share the gradient."""
    return [S(distinct(r, d, s)) for s in UNARY] + [S(_TIES.astype(d), fd=False)]


def _softmax_samples(r: np.random.Generator, d: Any) -> list:
    """softmax/log_softmax along each dim, 0-d, and logits of +-300."""
    return [
        S(rand(r, d, X3), 0),
        S(rand(r, d, X3), 1),
        S(rand(r, d, X3), -1),
        S(rand(r, d, (5,)), 0),
        S(rand(r, d, ()), 0),
        S(rand(r, d, (2, 3), -300, 300), -1),
    ]


def _cat_samples(r: np.random.Generator, d: Any) -> list:
    """cat of 1 to 3 tensors along positive and negative dims."""
    return [
        S(rand(r, d, (2, 3)), rand(r, d, (1, 3))),
        S(rand(r, d, (2, 3)), rand(r, d, (2, 1)), rand(r, d, (2, 2)), dim=1),
        S(rand(r, d, (2, 3, 2)), rand(r, d, (2, 1, 2)), dim=-2),
        S(rand(r, d, (4,))),
    ]


def _stack_samples(r: np.random.Generator, d: Any) -> list:
    """stack of 0-d, 1-d and 2-d tensors along new dims."""
    return [
        S(rand(r, d, (2, 3)), rand(r, d, (2, 3))),
        S(rand(r, d, ()), rand(r, d, ()), rand(r, d, ())),
        S(rand(r, d, (3,)), rand(r, d, (3,)), dim=1),
        S(rand(r, d, (2, 3)), rand(r, d, (2, 3)), dim=-1),
    ]


def _getitem_samples(r: np.random.Generator, d: Any) -> list:
    """Basic, advanced (repeated, negative, mixed with slices) and boolean indices."""
    x = lambda: rand(r, d, (3, 4, 2))  # noqa: E731
    sl = slice
    return [
        S(x(), 1),
        S(x(), -1),
        S(x(), (1, 2)),
        S(x(), (1, 2, 0)),
        S(x(), (sl(None, None, 2), sl(1, 3))),
        S(x(), (None, Ellipsis, 1)),
        S(x(), (Ellipsis, None)),
        S(x(), (sl(None), -1, sl(None, None, 2))),
        S(x(), ints(r, -3, 3, (6,))),
        S(x(), (sl(None), ints(r, 0, 4, (2, 3)))),
        S(x(), (ints(r, 0, 3, (5,)), sl(1, 3), ints(r, -2, 2, (5,)))),
        S(x(), (sl(None), ints(r, 0, 4, (6,)), ints(r, 0, 2, (6,)))),
        S(x(), (Ellipsis, ints(r, 0, 2, (3,)))),
        S(x(), (None, ints(r, 0, 3, (4,)), 1)),
        S(x(), mask(r, (3, 4, 2))),
        S(x(), mask(r, (3,))),
        S(x(), (sl(None), mask(r, (4,)))),
        S(x(), np.zeros(3, bool)),
        S(x(), [0, 2, 0]),
        S(rand(r, d, (5,)), ints(r, 0, 5, (7,))),
        S(rand(r, d, ()), None),
        S(rand(r, d, ()), Ellipsis),
    ]


def _setitem_samples(r: np.random.Generator, d: Any) -> list:
    """``x[i] = v`` with broadcast values (no repeated indices: their write order is unset)."""
    x = lambda: rand(r, d, (3, 4))  # noqa: E731
    return [
        S(x(), 1, rand(r, d, (4,))),
        S(x(), (slice(None), 2), rand(r, d, (3,))),
        S(x(), (slice(0, 2), slice(1, 3)), rand(r, d, ())),
        S(x(), np.array([2, 0]), rand(r, d, (2, 4))),
        S(x(), (slice(None), np.array([3, 0, 1])), rand(r, d, (1, 3))),
        S(x(), mask(r, (3, 4)), rand(r, d, ())),
        S(x(), (1,), 2.5),
    ]


def _gather_samples(r: np.random.Generator, d: Any) -> list:
    """gather with repeated indices, an index smaller than the input, 1-d and 3-d."""
    x = lambda: rand(r, d, (3, 4))  # noqa: E731
    return [
        S(x(), ints(r, 0, 3, (2, 4)), 0),
        S(x(), ints(r, 0, 4, (3, 6)), 1),
        S(x(), ints(r, 0, 4, (2, 2)), -1),
        S(rand(r, d, (5,)), ints(r, 0, 5, (8,)), 0),
        S(rand(r, d, X3), ints(r, 0, 3, (2, 5, 4)), 1),
    ]


def _split_samples(r: np.random.Generator, d: Any) -> list:
    """split by size (uneven last piece, bigger than the dim) and by lists (with a 0)."""
    return [
        S(rand(r, d, (5, 3)), 2),
        S(rand(r, d, (5, 3)), [1, 4]),
        S(rand(r, d, (2, 6)), 3, 1),
        S(rand(r, d, (2, 6)), [2, 0, 4], -1),
        S(rand(r, d, (4,)), 4),
        S(rand(r, d, (5,)), 10),
    ]


def _chunk_samples(r: np.random.Generator, d: Any) -> list:
    """chunk into even, uneven and more-than-size pieces."""
    return [
        S(rand(r, d, (5, 3)), 2),
        S(rand(r, d, (5, 3)), 4),
        S(rand(r, d, (2, 6)), 3, 1),
        S(rand(r, d, (2, 5)), 6, -1),
    ]


def _matmul_samples(r: np.random.Generator, d: Any) -> list:
    """matmul: vector/matrix combinations and broadcast batch dims."""
    pairs = (
        ((3,), (3,)),
        ((2, 3), (3,)),
        ((3,), (3, 4)),
        ((2, 3), (3, 4)),
        ((2, 2, 3), (3, 4)),
        ((2, 1, 2, 3), (3, 3, 2)),
        ((3,), (2, 3, 4)),
        ((2, 3, 4), (4,)),
        ((1, 3), (2, 3, 1)),
    )
    return [S(rand(r, d, a), rand(r, d, b)) for a, b in pairs]


def _where_samples(r: np.random.Generator, d: Any) -> list:
    """where with broadcast condition and branches, and a Python-number branch."""
    return [
        S(mask(r, (2, 3)), rand(r, d, (2, 3)), rand(r, d, (2, 3))),
        S(mask(r, (2, 1)), rand(r, d, (3,)), rand(r, d, (2, 3))),
        S(mask(r, ()), rand(r, d, (2,)), rand(r, d, ())),
        S(mask(r, (3,)), rand(r, d, (3,)), 0.5),
    ]


def _clamp_samples(r: np.random.Generator, d: Any) -> list:
    """clamp with number bounds, min > max, tensor bounds (broadcast), and ties at bounds."""
    x = lambda s=(2, 3): rand(r, d, s)  # noqa: E731
    return [
        S(x(), min=-0.5),
        S(x(), max=0.5),
        S(x(), min=-0.5, max=0.7),
        S(x(()), min=0.0, max=1.0),
        S(x(), min=0),
        S(x(), 0.3, -0.2),
        S(x(), rand(r, d, (3,), -1.0, -0.2), rand(r, d, (2, 1), 0.2, 1.0)),
        S(x((3,)), rand(r, d, (2, 1), -1.0, 1.0)),
        S(c(-0.5, 0.2, 0.7, 0.9).astype(d), min=-0.5, max=0.7, fd=False),
        S(
            c(1.0, 0.5, 2.0, 1.0, 2.0, 0.5, 1.5, 0.0).astype(d),
            c(1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0).astype(d),
            c(1.0, 1.0, 1.0, 2.0, 2.0, 0.0, 0.0, 2.0).astype(d),
            fd=False,
        ),
    ]


def _norm_samples(r: np.random.Generator, d: Any) -> list:
    """norm for p in 1, 1.5, 2, 3, +-inf, 'fro', with dims, and at zero vectors (kinks)."""
    x = lambda s=X3: distinct(r, d, s)  # noqa: E731
    inf = math.inf
    return [
        S(x()),
        S(x(), 1),
        S(x(), 3.0, dim=1),
        S(x(), inf, dim=(0, 1)),
        S(x(), 2, dim=-1, keepdim=True),
        S(x(), "fro", dim=(0, 2)),
        S(x((5,)), -inf),
        S(x(())),
        S(x((2, 3)), 1.5, 0, True),
        S(np.zeros(3, d), fd=False),
        S(np.zeros((2, 2), d), 1, fd=False),
        S(c([0.0, 0.0], [1.0, -2.0]).astype(d), dim=1, fd=False),
    ]


def _lse_samples(r: np.random.Generator, d: Any) -> list:
    """logsumexp with dims, keepdim, 0-d and large values (needs the max shift)."""
    return [
        S(rand(r, d, X3), 1),
        S(rand(r, d, X3), (0, 2), True),
        S(rand(r, d, X3), -1, True),
        S(rand(r, d, (5,)), 0),
        S(rand(r, d, ()), 0),
        S(rand(r, d, (2, 3), 400, 500), 1),
    ]


def _pow_scalar_samples(r: np.random.Generator, d: Any) -> list:
    """``x ** e`` for e in {0, 1, 2, 3, 0.5, -1.5, -2, 2.5}, bases inside the domain."""
    return [
        S(rand(r, d, (2, 3)), 2),
        S(rand(r, d, (4,)), 3),
        S(pos(r, d, (2, 3)), 0.5),
        S(pos(r, d, (3,)), -1.5),
        S(rand(r, d, (3,)), 0),
        S(rand(r, d, (3,)), 1),
        S(off0(r, d, (2, 2)), -2),
        S(pos(r, d, ()), 2.5),
        S(rand(r, d, ()), 3),
    ]


def _pow_kinks(r: np.random.Generator, d: Any) -> list:
    """``a ** b`` with a == 0 or b == 0, where PyTorch masks the gradient."""
    return [S(c(0.0, 0.0, 1.5, 2.0).astype(d), c(2.0, 1.5, 0.0, 1.0).astype(d), fd=False)]


def _scalars(*values: Any, gen: Callable = rand) -> Callable:
    """Samples ``(tensor, python_scalar)`` for the reflected operators."""
    return lambda r, d: [S(gen(r, d, s), v) for v in values for s in ((2, 3), ())]


def _binary_scalars(gen: Callable = rand, *values: Any) -> Callable:
    """Samples ``(tensor, python_number)``."""
    return lambda r, d: [S(gen(r, d, (2, 3)), v) for v in values]


def _alpha(r: np.random.Generator, d: Any) -> list:
    """add/sub with ``alpha=``."""
    return [S(rand(r, d, (2, 3)), rand(r, d, (3,)), alpha=2.5)]


def _shape_lenders(r: np.random.Generator, d: Any) -> list:
    """view_as/reshape_as: the second tensor only lends its shape."""
    return [
        S(rand(r, d, (2, 3)), donor(3, 2)),
        S(rand(r, d, ()), donor(1, 1)),
        S(rand(r, d, (2, 1, 2)), donor(4)),
    ]


def _expand_as_samples(r: np.random.Generator, d: Any) -> list:
    """expand_as: the second tensor only lends its shape."""
    return [
        S(rand(r, d, (3, 1)), donor(3, 4)),
        S(rand(r, d, ()), donor(2, 2)),
        S(rand(r, d, (2,)), donor(3, 2)),
    ]


# ---- the table ------------------------------------------------------------------------------
_T32 = (1e-4, 1e-5)  # float32 tolerance for ops that sum many terms or use transcendental chains

TENSOR_OPS: list[OpInfo] = [
    # arithmetic
    OpInfo(
        "add",
        lambda a, b, **k: ng.add(a, b, **k),
        lambda a, b, alpha=1: a + alpha * b,
        lambda a, b, **k: torch.add(a, b, **k),
        binary(rand, rand, _binary_scalars(rand, 2.5, 3, True), _alpha),
        ("add",),
    ),
    OpInfo(
        "sub",
        lambda a, b, **k: a.sub(b, **k),
        lambda a, b, alpha=1: a - alpha * b,
        lambda a, b, **k: a.sub(b, **k),
        binary(rand, rand, _binary_scalars(rand, 2.5, 3), _alpha),
        ("sub",),
    ),
    OpInfo(
        "plus",
        lambda a, b: a + b,
        np.add,
        lambda a, b: a + b,
        binary(rand, rand, _binary_scalars(rand, 2.5, 3)),
        ("Tensor.__add__",),
    ),
    OpInfo(
        "minus",
        lambda a, b: a - b,
        np.subtract,
        lambda a, b: a - b,
        binary(rand, rand, _binary_scalars(rand, 2.5, 3)),
        ("Tensor.__sub__",),
    ),
    OpInfo(
        "mul",
        lambda a, b: a * b,
        np.multiply,
        lambda a, b: a * b,
        binary(rand, rand, _binary_scalars(rand, 2.5, -3, False)),
        ("mul",),
    ),
    OpInfo(
        "div",
        lambda a, b: ng.div(a, b),
        np.divide,
        lambda a, b: torch.div(a, b),
        binary(rand, off0, _binary_scalars(rand, 2.5, 4)),
        ("div",),
    ),
    OpInfo(
        "pow_scalar",
        lambda a, e: ng.pow(a, e),
        np.power,
        lambda a, e: torch.pow(a, e),
        _pow_scalar_samples,
        ("pow",),
    ),
    OpInfo(
        "pow_tensor",
        lambda a, b: a**b,
        np.power,
        lambda a, b: a**b,
        binary(pos, rand, _pow_kinks),
        tol32=_T32,
    ),
    OpInfo("neg", lambda x: -x, np.negative, lambda x: -x, unary(), ("neg",)),
    OpInfo("pos", lambda x: +x, np.positive, lambda x: +x, unary(), ("Tensor.__pos__",)),
    OpInfo(
        "radd",
        lambda x, s: s + x,
        lambda x, s: s + x,
        lambda x, s: s + x,
        _scalars(2.5, 3),
        ("Tensor.__radd__",),
    ),
    OpInfo(
        "rsub",
        lambda x, s: s - x,
        lambda x, s: s - x,
        lambda x, s: s - x,
        _scalars(2.5, 3),
        ("Tensor.__rsub__",),
    ),
    OpInfo(
        "rmul",
        lambda x, s: s * x,
        lambda x, s: s * x,
        lambda x, s: s * x,
        _scalars(-1.5, 2),
        ("Tensor.__rmul__",),
    ),
    OpInfo(
        "rdiv",
        lambda x, s: s / x,
        lambda x, s: s / x,
        lambda x, s: s / x,
        _scalars(2.5, 3, gen=off0),
        ("Tensor.__rtruediv__",),
    ),
    OpInfo(
        "rpow",
        lambda x, s: s**x,
        lambda x, s: s**x,
        lambda x, s: s**x,
        _scalars(2.0, 3, 0.5),
        ("Tensor.__rpow__",),
    ),
    OpInfo(
        "maximum",
        lambda a, b: ng.maximum(a, b),
        np.maximum,
        lambda a, b: torch.maximum(a, b),
        binary(
            grid,
            lambda r, d, s: grid(r, d, s, 0.25),
            kinks(S(c(1.0, 2.0, 3.0), c(1.0, 0.0, 3.0), fd=False)),
        ),
        ("maximum",),
    ),
    OpInfo(
        "minimum",
        lambda a, b: ng.minimum(a, b),
        np.minimum,
        lambda a, b: torch.minimum(a, b),
        binary(
            grid,
            lambda r, d, s: grid(r, d, s, 0.25),
            kinks(S(c(1.0, 2.0, 3.0), c(1.0, 0.0, 3.0), fd=False)),
        ),
        ("minimum",),
    ),
    OpInfo(
        "max_other",
        lambda a, b: ng.max(a, b),
        np.maximum,
        lambda a, b: torch.max(a, b),
        binary(grid, lambda r, d, s: grid(r, d, s, 0.25)),
    ),
    OpInfo(
        "min_other",
        lambda a, b: a.min(b),
        np.minimum,
        lambda a, b: a.min(b),
        binary(grid, lambda r, d, s: grid(r, d, s, 0.25)),
    ),
    OpInfo(
        "where",
        lambda m, a, b: ng.where(m, a, b),
        np.where,
        lambda m, a, b: torch.where(m, a, b),
        _where_samples,
        ("where",),
    ),
    OpInfo(
        "where_method",
        lambda m, a, b: a.where(m, b),
        np.where,
        lambda m, a, b: a.where(m, b),
        _where_samples,
        ("Tensor.where",),
    ),
    # elementwise functions
    OpInfo(
        "abs",
        lambda x: ng.abs(x),
        np.abs,
        lambda x: torch.abs(x),
        unary(off0, kinks(S(c(0.0, -1.0, 2.0), fd=False))),
        ("abs",),
    ),
    OpInfo("exp", lambda x: x.exp(), np.exp, lambda x: x.exp(), unary(), ("exp",)),
    OpInfo("log", lambda x: x.log(), np.log, lambda x: x.log(), unary(pos), ("log",)),
    OpInfo(
        "log1p",
        lambda x: ng.log1p(x),
        np.log1p,
        lambda x: torch.log1p(x),
        unary(lambda r, d, s: rand(r, d, s, -0.5, 2.0)),
        ("log1p",),
    ),
    OpInfo("sqrt", lambda x: x.sqrt(), np.sqrt, lambda x: x.sqrt(), unary(pos), ("sqrt",)),
    OpInfo(
        "rsqrt",
        lambda x: ng.rsqrt(x),
        lambda x: 1 / np.sqrt(x),
        lambda x: torch.rsqrt(x),
        unary(pos),
        ("rsqrt",),
    ),
    OpInfo("square", lambda x: x.square(), np.square, lambda x: x.square(), unary(), ("square",)),
    OpInfo("sin", lambda x: ng.sin(x), np.sin, lambda x: torch.sin(x), unary(), ("sin",)),
    OpInfo("cos", lambda x: x.cos(), np.cos, lambda x: x.cos(), unary(), ("cos",)),
    OpInfo(
        "clamp",
        lambda x, *b, **k: x.clamp(*b, **k),
        lambda x, *b, **k: _np_clamp(x, *b, **k),
        lambda x, *b, **k: x.clamp(*b, **k),
        _clamp_samples,
        ("clamp",),
    ),
    # activations
    OpInfo(
        "relu",
        lambda x: x.relu(),
        lambda x: np.maximum(x, 0),
        lambda x: x.relu(),
        unary(off0, kinks(S(c(0.0, -1.0, 2.0), fd=False))),
        ("relu",),
    ),
    OpInfo(
        "sigmoid",
        lambda x: ng.sigmoid(x),
        lambda x: 1 / (1 + np.exp(-x)),
        lambda x: torch.sigmoid(x),
        unary(lambda r, d, s: rand(r, d, s, -6, 6)),
        ("sigmoid",),
    ),
    OpInfo("tanh", lambda x: x.tanh(), np.tanh, lambda x: x.tanh(), unary(), ("tanh",)),
    OpInfo(
        "softmax",
        lambda x, dim: x.softmax(dim),
        _np_softmax,
        lambda x, dim: x.softmax(dim),
        _softmax_samples,
        ("softmax",),
    ),
    OpInfo(
        "log_softmax",
        lambda x, dim: ng.log_softmax(x, dim),
        _np_log_softmax,
        lambda x, dim: torch.log_softmax(x, dim),
        _softmax_samples,
        ("log_softmax",),
        tol32=_T32,
    ),
    # linear algebra
    OpInfo(
        "matmul",
        lambda a, b: a @ b,
        np.matmul,
        lambda a, b: a @ b,
        _matmul_samples,
        ("matmul",),
        tol32=_T32,
    ),
    OpInfo(
        "rmatmul",
        lambda a, b: b.__rmatmul__(a),
        np.matmul,
        lambda a, b: b.__rmatmul__(a),
        lambda r, d: [
            S(rand(r, d, (2, 3)), rand(r, d, (3, 4))),
            S(rand(r, d, (3,)), rand(r, d, (3, 2))),
        ],
        ("Tensor.__rmatmul__",),
        tol32=_T32,
    ),
    OpInfo(
        "mm",
        lambda a, b: ng.mm(a, b),
        np.matmul,
        lambda a, b: torch.mm(a, b),
        lambda r, d: [S(rand(r, d, (2, 3)), rand(r, d, (3, 4)))],
        ("mm",),
        tol32=_T32,
    ),
    OpInfo(
        "dot",
        lambda a, b: a.dot(b),
        np.dot,
        lambda a, b: a.dot(b),
        lambda r, d: [S(rand(r, d, (5,)), rand(r, d, (5,)))],
        ("dot",),
        tol32=_T32,
    ),
    # reductions
    OpInfo(
        "sum",
        lambda x, **k: x.sum(**k),
        lambda x, dim=None, keepdim=False: np.sum(x, axis=dim, keepdims=keepdim),
        lambda x, **k: x.sum(**k),
        _reduce_samples(rand),
        ("sum",),
        tol32=_T32,
    ),
    OpInfo(
        "mean",
        lambda x, **k: ng.mean(x, **k),
        lambda x, dim=None, keepdim=False: np.mean(x, axis=dim, keepdims=keepdim),
        lambda x, **k: torch.mean(x, **k),
        _reduce_samples(rand),
        ("mean",),
        tol32=_T32,
    ),
    OpInfo(
        "var",
        lambda x, *a, **k: x.var(*a, **k),
        _np_var,
        lambda x, *a, **k: x.var(*a, **k),
        _var_samples,
        ("var",),
        tol32=_T32,
    ),
    OpInfo(
        "std",
        lambda x, *a, **k: ng.std(x, *a, **k),
        _np_std,
        lambda x, *a, **k: torch.std(x, *a, **k),
        _var_samples,
        ("std",),
        tol32=_T32,
    ),
    OpInfo(
        "amax",
        lambda x, **k: x.amax(**k),
        lambda x, dim=(), keepdim=False: np.amax(x, axis=_axes(dim), keepdims=keepdim),
        lambda x, **k: x.amax(**k),
        _amax_samples,
        ("amax",),
    ),
    OpInfo(
        "amin",
        lambda x, **k: ng.amin(x, **k),
        lambda x, dim=(), keepdim=False: np.amin(x, axis=_axes(dim), keepdims=keepdim),
        lambda x, **k: torch.amin(x, **k),
        _amax_samples,
        ("amin",),
    ),
    OpInfo(
        "max_dim",
        lambda x, *a, **k: x.max(*a, **k),
        _np_extreme_dim("max"),
        lambda x, *a, **k: x.max(*a, **k),
        _extreme_dim_samples,
        ("max",),
    ),
    OpInfo(
        "min_dim",
        lambda x, *a, **k: ng.min(x, *a, **k),
        _np_extreme_dim("min"),
        lambda x, *a, **k: torch.min(x, *a, **k),
        _extreme_dim_samples,
        ("min",),
    ),
    OpInfo("max_all", lambda x: ng.max(x), np.max, lambda x: torch.max(x), _extreme_all_samples),
    OpInfo("min_all", lambda x: x.min(), np.min, lambda x: x.min(), _extreme_all_samples),
    OpInfo(
        "logsumexp",
        lambda x, *a: x.logsumexp(*a),
        _np_logsumexp,
        lambda x, *a: x.logsumexp(*a),
        _lse_samples,
        ("logsumexp",),
        tol32=_T32,
    ),
    OpInfo(
        "norm",
        lambda x, *a, **k: x.norm(*a, **k),
        _np_norm,
        lambda x, *a, **k: x.norm(*a, **k),
        _norm_samples,
        ("norm",),
        tol32=_T32,
    ),
    # shapes
    OpInfo(
        "reshape",
        lambda x, s: ng.reshape(x, s),
        np.reshape,
        lambda x, s: torch.reshape(x, s),
        lambda r, d: [
            S(rand(r, d, (2, 3)), (3, 2)),
            S(rand(r, d, (2, 3)), (-1,)),
            S(rand(r, d, ()), (1,)),
            S(rand(r, d, (1,)), ()),
            S(rand(r, d, X3), (4, -1)),
        ],
        ("reshape",),
    ),
    OpInfo(
        "view",
        lambda x, *s: x.view(*s),
        lambda x, *s: x.reshape(*s),
        lambda x, *s: x.view(*s),
        lambda r, d: [
            S(rand(r, d, (2, 3)), 3, 2),
            S(rand(r, d, (2, 3)), -1),
            S(rand(r, d, ()), 1, 1),
            S(rand(r, d, X3), (2, 12)),
        ],
        ("Tensor.view",),
    ),
    OpInfo(
        "view_as",
        lambda x, o: x.view_as(o),
        lambda x, o: x.reshape(o.shape),
        lambda x, o: x.view_as(o),
        _shape_lenders,
        ("Tensor.view_as",),
    ),
    OpInfo(
        "reshape_as",
        lambda x, o: x.reshape_as(o),
        lambda x, o: x.reshape(o.shape),
        lambda x, o: x.reshape_as(o),
        _shape_lenders,
        ("Tensor.reshape_as",),
    ),
    OpInfo(
        "flatten",
        lambda x, *a: x.flatten(*a),
        _np_flatten,
        lambda x, *a: x.flatten(*a),
        lambda r, d: [
            S(rand(r, d, X3)),
            S(rand(r, d, X3), 1),
            S(rand(r, d, X3), 0, 1),
            S(rand(r, d, ())),
            S(rand(r, d, X3), -2, -1),
        ],
        ("flatten",),
    ),
    OpInfo(
        "squeeze",
        lambda x, *a: x.squeeze(*a),
        _np_squeeze,
        lambda x, *a: x.squeeze(*a),
        lambda r, d: [
            S(rand(r, d, (2, 1, 3, 1))),
            S(rand(r, d, (2, 1, 3, 1)), 1),
            S(rand(r, d, (2, 1, 3, 1)), -1),
            S(rand(r, d, (2, 1, 3, 1)), (1, 3)),
            S(rand(r, d, (2, 1, 3)), 0),
            S(rand(r, d, ())),
            S(rand(r, d, (1,))),
        ],
        ("squeeze",),
    ),
    OpInfo(
        "unsqueeze",
        lambda x, dim: ng.unsqueeze(x, dim),
        np.expand_dims,
        lambda x, dim: torch.unsqueeze(x, dim),
        lambda r, d: [
            S(rand(r, d, (2, 3)), 0),
            S(rand(r, d, (2, 3)), -1),
            S(rand(r, d, (2, 3)), 1),
            S(rand(r, d, ()), 0),
        ],
        ("unsqueeze",),
    ),
    OpInfo(
        "transpose",
        lambda x, a, b: x.transpose(a, b),
        np.swapaxes,
        lambda x, a, b: x.transpose(a, b),
        lambda r, d: [
            S(rand(r, d, (2, 3)), 0, 1),
            S(rand(r, d, X3), -1, 0),
            S(rand(r, d, X3), 1, 1),
            S(rand(r, d, (3,)), 0, -1),
        ],
        ("transpose",),
    ),
    OpInfo(
        "permute",
        lambda x, *p: x.permute(*p),
        lambda x, *p: x.transpose(*p),
        lambda x, *p: x.permute(*p),
        lambda r, d: [
            S(rand(r, d, X3), 2, 0, 1),
            S(rand(r, d, X3), -1, -3, 1),
            S(rand(r, d, (2, 3)), 1, 0),
            S(rand(r, d, ()), ()),
        ],
        ("permute",),
    ),
    OpInfo(
        "expand",
        lambda x, *s: x.expand(*s),
        _np_expand,
        lambda x, *s: x.expand(*s),
        lambda r, d: [
            S(rand(r, d, (3, 1)), 3, 4),
            S(rand(r, d, (3, 1)), -1, 4),
            S(rand(r, d, (1,)), 2, 3, 5),
            S(rand(r, d, ()), 2, 3),
            S(rand(r, d, (2, 1, 3)), 4, 2, 5, -1),
        ],
        ("Tensor.expand",),
    ),
    OpInfo(
        "expand_as",
        lambda x, o: x.expand_as(o),
        lambda x, o: np.broadcast_to(x, o.shape),
        lambda x, o: x.expand_as(o),
        _expand_as_samples,
        ("Tensor.expand_as",),
    ),
    OpInfo(
        "T", _T, _T, _T, lambda r, d: [S(rand(r, d, (2, 3))), S(rand(r, d, (1, 4)))], ("Tensor.T",)
    ),  # PyTorch deprecates .T on tensors that are not 2-D
    OpInfo(
        "mT",
        lambda x: x.mT,
        lambda x: np.swapaxes(x, -1, -2),
        lambda x: x.mT,
        lambda r, d: [S(rand(r, d, (2, 3))), S(rand(r, d, X3))],
        ("Tensor.mT",),
    ),
    OpInfo(
        "t",
        lambda x: ng.t(x),
        lambda x: x.T,
        lambda x: torch.t(x),
        lambda r, d: [S(rand(r, d, (2, 3))), S(rand(r, d, (4,))), S(rand(r, d, ()))],
        ("t",),
    ),
    OpInfo(
        "contiguous",
        lambda x: x.contiguous(),
        np.ascontiguousarray,
        lambda x: x.contiguous(),
        lambda r, d: [S(rand(r, d, (2, 3)))],
        ("Tensor.contiguous",),
    ),
    OpInfo(
        "cat",
        lambda *xs, dim=0: ng.cat(xs, dim),
        lambda *xs, dim=0: np.concatenate(xs, dim),
        lambda *xs, dim=0: torch.cat(xs, dim),
        _cat_samples,
        ("cat",),
    ),
    OpInfo(
        "stack",
        lambda *xs, dim=0: ng.stack(xs, dim),
        lambda *xs, dim=0: np.stack(xs, dim),
        lambda *xs, dim=0: torch.stack(xs, dim),
        _stack_samples,
        ("stack",),
    ),
    OpInfo(
        "split",
        lambda x, *a: x.split(*a),
        _np_split,
        lambda x, *a: x.split(*a),
        _split_samples,
        ("split",),
    ),
    OpInfo(
        "chunk",
        lambda x, *a: ng.chunk(x, *a),
        _np_chunk,
        lambda x, *a: torch.chunk(x, *a),
        _chunk_samples,
        ("chunk",),
    ),
    # indexing
    OpInfo(
        "getitem",
        lambda x, i: x[i],
        lambda x, i: x[i],
        lambda x, i: x[i],
        _getitem_samples,
        ("Tensor.__getitem__",),
    ),
    OpInfo("setitem", _set, _np_set, _set, _setitem_samples, ("Tensor.__setitem__",)),
    OpInfo(
        "gather",
        lambda x, i, dim: x.gather(dim, i),
        _np_gather,
        lambda x, i, dim: x.gather(dim, i),
        _gather_samples,
        ("gather",),
    ),
    # dtype conversion and copies
    OpInfo(
        "to_float64",
        lambda x: x.to(ng.float64),
        lambda x: x.astype(np.float64),
        lambda x: x.to(torch.float64),
        unary(),
        ("Tensor.to",),
    ),
    OpInfo(
        "double",
        lambda x: x.double(),
        lambda x: x.astype(np.float64),
        lambda x: x.double(),
        unary(),
        ("Tensor.double",),
    ),
    OpInfo(
        "float",
        lambda x: x.float(),
        lambda x: x.astype(np.float32),
        lambda x: x.float(),
        unary(),
        ("Tensor.float",),
        fd_eps=1e-3,
        fd_atol=1e-3,
    ),
    OpInfo(
        "type_as",
        lambda x: x.type_as(ng.zeros(1)),
        lambda x: x.astype(np.float32),
        lambda x: x.type_as(torch.zeros(1)),
        unary(),
        ("Tensor.type_as",),
        fd_eps=1e-3,
        fd_atol=1e-3,
    ),
    OpInfo("clone", lambda x: ng.clone(x), np.copy, lambda x: torch.clone(x), unary(), ("clone",)),
    OpInfo("cpu", lambda x: x.cpu(), np.asarray, lambda x: x.cpu(), unary(), ("Tensor.cpu",)),
    # in place (on a clone, so the input stays a leaf)
    OpInfo(
        "add_",
        lambda x, y, **k: x.clone().add_(y, **k),
        lambda x, y, alpha=1: x + alpha * y,
        lambda x, y, **k: x.clone().add_(y, **k),
        lambda r, d: inplace()(r, d) + _alpha(r, d),
        ("Tensor.add_",),
    ),
    OpInfo(
        "sub_",
        lambda x, y, **k: x.clone().sub_(y, **k),
        lambda x, y, alpha=1: x - alpha * y,
        lambda x, y, **k: x.clone().sub_(y, **k),
        lambda r, d: inplace()(r, d) + _alpha(r, d),
        ("Tensor.sub_",),
    ),
    OpInfo(
        "mul_",
        lambda x, y: x.clone().mul_(y),
        np.multiply,
        lambda x, y: x.clone().mul_(y),
        inplace(),
        ("Tensor.mul_",),
    ),
    OpInfo(
        "div_",
        lambda x, y: x.clone().div_(y),
        np.divide,
        lambda x, y: x.clone().div_(y),
        inplace(off0),
        ("Tensor.div_",),
    ),
    OpInfo(
        "pow_",
        lambda x, y: x.clone().pow_(y),
        np.power,
        lambda x, y: x.clone().pow_(y),
        inplace(rand, pos, 2),
        ("Tensor.pow_",),
        tol32=_T32,
    ),
    OpInfo(
        "neg_",
        lambda x: x.clone().neg_(),
        np.negative,
        lambda x: x.clone().neg_(),
        unary(),
        ("Tensor.neg_",),
    ),
    OpInfo(
        "clamp_",
        lambda x, *b, **k: x.clone().clamp_(*b, **k),
        lambda x, *b, **k: _np_clamp(x, *b, **k),
        lambda x, *b, **k: x.clone().clamp_(*b, **k),
        lambda r, d: [
            s
            for s in _clamp_samples(r, d)
            if all(
                not isinstance(a, np.ndarray) or a.shape == s.args[0].shape
                for a in (*s.args, *s.kwargs.values())
            )
        ],
        ("Tensor.clamp_",),
    ),
    OpInfo(
        "zero_",
        lambda x: x.clone().zero_(),
        np.zeros_like,
        lambda x: x.clone().zero_(),
        unary(),
        ("Tensor.zero_",),
    ),
    OpInfo(
        "fill_",
        lambda x, v: x.clone().fill_(v),
        np.full_like,
        lambda x, v: x.clone().fill_(v),
        lambda r, d: [
            S(rand(r, d, (2, 3)), rand(r, d, ())),
            S(rand(r, d, ()), rand(r, d, ())),
            S(rand(r, d, (3,)), 1.5),
        ],
        ("Tensor.fill_",),
    ),
    OpInfo(
        "copy_",
        lambda x, y: x.clone().copy_(y),
        lambda x, y: np.broadcast_to(y, x.shape),
        lambda x, y: x.clone().copy_(y),
        inplace(),
        ("Tensor.copy_",),
    ),
    OpInfo(
        "iadd",
        lambda x, y: x.clone().__iadd__(y),
        np.add,
        lambda x, y: x.clone().__iadd__(y),
        inplace(),
        ("Tensor.__iadd__",),
    ),
    OpInfo(
        "isub",
        lambda x, y: x.clone().__isub__(y),
        np.subtract,
        lambda x, y: x.clone().__isub__(y),
        inplace(),
        ("Tensor.__isub__",),
    ),
    OpInfo(
        "imul",
        lambda x, y: x.clone().__imul__(y),
        np.multiply,
        lambda x, y: x.clone().__imul__(y),
        inplace(),
        ("Tensor.__imul__",),
    ),
    OpInfo(
        "itruediv",
        lambda x, y: x.clone().__itruediv__(y),
        np.divide,
        lambda x, y: x.clone().__itruediv__(y),
        inplace(off0),
        ("Tensor.__itruediv__",),
    ),
]
