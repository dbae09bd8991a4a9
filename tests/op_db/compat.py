"""Op-table rows for the ops that PyTorch scripts use beyond the core set (hyperbolic and base-2/10
logarithms, running sums and products, sorting, moments, grids, smooth L1, embeddings, dtype
conversion by name), and the exports that need no row, each with where it is tested instead.

``op_db`` puts ``COMPAT_OPS`` in its table; the coverage test exempts ``EXEMPT``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

import neuralgrad as ng

from .rows import UNARY, X3, OpInfo, S, c, distinct, ints, pos, rand
from .rows import torch as torch_lazy
from .rows import unary as unary_samples
from .tensor_ops import _T32, _axes, _var_samples

__all__ = ["COMPAT_OPS", "EXEMPT"]

torch = torch_lazy


# ---- NumPy references -----------------------------------------------------------------------
def _np_scan(fn: Any) -> Any:
    """``torch.cumsum``/``cumprod`` in NumPy (a 0-d array is its own scan)."""
    return lambda x, dim: x.copy() if x.ndim == 0 else fn(x, axis=dim)


def _np_sort(x: np.ndarray, dim: int = -1, descending: bool = False) -> tuple:
    """``torch.sort`` on tie-free values: (values, indices)."""
    idx = np.argsort(-x if descending else x, axis=dim)
    return np.take_along_axis(x, idx, dim), idx


def _np_topk(x: np.ndarray, k: int, dim: int = -1, largest: bool = True) -> tuple:
    """``torch.topk`` on tie-free values: the k best along ``dim``, best first."""
    values, idx = _np_sort(x, dim, descending=largest)
    keep = (slice(None),) * (dim % x.ndim) + (slice(0, k),)
    return values[keep], idx[keep]


def _np_moments(spread: str) -> Any:
    """``torch.var_mean``/``std_mean`` in NumPy."""

    def ref(x: np.ndarray, dim: Any = None, unbiased: Any = None, keepdim: bool = False, **k: Any):
        ddof = k.get("correction", 0 if unbiased is False else 1)
        v = np.var(x, axis=_axes(dim), ddof=ddof, keepdims=keepdim)
        return (v if spread == "var" else np.sqrt(v)), np.mean(x, axis=_axes(dim), keepdims=keepdim)

    return ref


def _np_meshgrid(*xs: np.ndarray, indexing: str) -> tuple:
    return tuple(np.meshgrid(*xs, indexing=indexing))


def _np_smooth_l1(x: np.ndarray, y: np.ndarray, reduction: str = "mean", beta: float = 1.0):
    d = np.abs(x - y)
    loss = d if beta == 0 else np.where(d < beta, 0.5 * d * d / beta, d - 0.5 * beta)
    return {"none": loss, "sum": loss.sum(), "mean": loss.mean()}[reduction]


# ---- samples --------------------------------------------------------------------------------
def _scan_samples(gen: Any) -> Any:
    return lambda r, d: [
        S(gen(r, d, (5,)), 0),
        S(gen(r, d, (2, 3)), 1),
        S(gen(r, d, (2, 3)), -2),
        S(gen(r, d, X3), 1),
        S(gen(r, d, ()), 0),
    ]


def _cumprod_samples(r: np.random.Generator, d: Any) -> list:
    """Random values, and slices with one or several zeros (exact gradients there too)."""
    zeros = [
        S(c(1.5, 2.0, 0.0, 3.0, 0.0, 2.0, dt=d), 0),
        S(c([0.0, 2.0, 1.5], [1.5, 0.0, 0.0], dt=d), 1),
        S(c([0.5, 0.0], [2.0, 3.0], dt=d), 0),
    ]
    return _scan_samples(rand)(r, d) + zeros


def _sort_samples(r: np.random.Generator, d: Any) -> list:
    return [
        S(distinct(r, d, (6,))),
        S(distinct(r, d, (2, 5)), dim=0),
        S(distinct(r, d, (2, 5)), descending=True),
        S(distinct(r, d, X3), dim=1, descending=True),
    ]


def _topk_samples(r: np.random.Generator, d: Any) -> list:
    return [
        S(distinct(r, d, (6,)), 3),
        S(distinct(r, d, (2, 5)), 2, dim=0),
        S(distinct(r, d, (2, 5)), 4, largest=False),
        S(distinct(r, d, X3), 1, dim=1),
        S(distinct(r, d, (4,)), 0),
    ]


def _meshgrid_samples(r: np.random.Generator, d: Any) -> list:
    return [
        S(rand(r, d, (2,)), rand(r, d, (3,)), indexing="ij"),
        S(rand(r, d, (2,)), rand(r, d, (3,)), indexing="xy"),
        S(rand(r, d, (2,)), rand(r, d, (3,)), rand(r, d, (4,)), indexing="xy"),
        S(rand(r, d, (3,)), indexing="ij"),
    ]


def _smooth_l1_samples(r: np.random.Generator, d: Any) -> list:
    return [
        S(rand(r, d, (2, 3)), rand(r, d, (2, 3))),
        S(rand(r, d, (5,)), rand(r, d, (5,)), reduction="sum", beta=0.5),
        S(rand(r, d, (2, 3)), rand(r, d, (2, 3)), reduction="none", beta=2.0),
        S(rand(r, d, (4,)), rand(r, d, (4,)), beta=0.0),
    ]


def _embedding_samples(r: np.random.Generator, d: Any) -> list:
    """Repeated indices (their gradients add up), 2-D index batches, a padding row."""
    return [
        S(ints(r, 0, 5, (4,)), rand(r, d, (5, 3))),
        S(ints(r, 0, 5, (2, 3)), rand(r, d, (5, 2))),
        # the padding row gets no gradient by design: checked against PyTorch only
        S(c([1, 2, 1, 0], dt=np.int64), rand(r, d, (4, 3)), padding_idx=1, fd=False),
    ]


def _type_samples(r: np.random.Generator, d: Any) -> list:
    return [S(rand(r, d, s), name) for s in UNARY[:3] for name in ("float64", "float32")]


COMPAT_OPS: list[OpInfo] = [
    OpInfo("sinh", lambda x: x.sinh(), np.sinh, lambda x: x.sinh(), unary_samples(), ("sinh",)),
    OpInfo("cosh", lambda x: ng.cosh(x), np.cosh, torch.cosh, unary_samples(), ("cosh",)),
    OpInfo(
        "log10", lambda x: x.log10(), np.log10, lambda x: x.log10(), unary_samples(pos), ("log10",)
    ),
    OpInfo("log2", lambda x: ng.log2(x), np.log2, torch.log2, unary_samples(pos), ("log2",)),
    OpInfo(
        "cumsum",
        lambda x, dim: x.cumsum(dim),
        _np_scan(np.cumsum),
        lambda x, dim: x.cumsum(dim),
        _scan_samples(rand),
        ("cumsum",),
    ),
    OpInfo(
        "cumprod",
        lambda x, dim: ng.cumprod(x, dim),
        _np_scan(np.cumprod),
        torch.cumprod,
        _cumprod_samples,
        ("cumprod",),
        tol32=_T32,
    ),
    OpInfo(
        "sort",
        lambda x, **k: x.sort(**k),
        _np_sort,
        lambda x, **k: x.sort(**k),
        _sort_samples,
        ("sort",),
    ),
    OpInfo(
        "topk",
        lambda x, k, **kw: ng.topk(x, k, **kw),
        _np_topk,
        lambda x, k, **kw: torch.topk(x, k, **kw),
        _topk_samples,
        ("topk",),
    ),
    OpInfo(
        "var_mean",
        lambda x, *a, **k: ng.var_mean(x, *a, **k),
        _np_moments("var"),
        lambda x, *a, **k: torch.var_mean(x, *a, **k),
        _var_samples,
        ("var_mean",),
        tol32=_T32,
    ),
    OpInfo(
        "std_mean",
        lambda x, *a, **k: ng.std_mean(x, *a, **k),
        _np_moments("std"),
        lambda x, *a, **k: torch.std_mean(x, *a, **k),
        _var_samples,
        ("std_mean",),
        tol32=_T32,
    ),
    OpInfo(
        "meshgrid",
        lambda *xs, **k: ng.meshgrid(*xs, **k),
        _np_meshgrid,
        lambda *xs, **k: torch.meshgrid(*xs, **k),
        _meshgrid_samples,
        ("meshgrid",),
    ),
    OpInfo(
        "type",
        lambda x, name: x.type(getattr(ng, name)),
        lambda x, name: x.astype(name),
        lambda x, name: x.type(getattr(torch, name)),
        _type_samples,
        ("Tensor.type",),
        fd_eps=1e-3,  # through float32: central differences need a wider step
        fd_atol=1e-3,
    ),
    OpInfo(
        "smooth_l1_loss",
        lambda x, y, **k: ng.nn.functional.smooth_l1_loss(x, y, **k),
        _np_smooth_l1,
        lambda x, y, **k: torch.nn.functional.smooth_l1_loss(x, y, **k),
        _smooth_l1_samples,
        ("F.smooth_l1_loss",),
        tol32=_T32,
    ),
    OpInfo(
        "embedding",
        lambda i, w, **k: ng.nn.functional.embedding(i, w, **k),
        lambda i, w, padding_idx=None: w[i],
        lambda i, w, **k: torch.nn.functional.embedding(i, w, **k),
        _embedding_samples,
        ("F.embedding",),
    ),
]

# Exports that need no row, and where they are tested instead.
EXEMPT = {
    "argsort": "indices only: tests/ops/test_sorting.py",
    "histc": "counts, not differentiable: tests/ops/test_histogram.py",
    "histogram": "counts, not differentiable: tests/ops/test_histogram.py",
    "normal": "random draws: tests/ops/test_sampling.py",
    "bernoulli": "random draws: tests/ops/test_sampling.py",
    "bernoulli_": "random draws: tests/ops/test_sampling.py",
    "multinomial": "random draws: tests/ops/test_sampling.py",
    "int": "integer result: tests/test_legacy.py",
    "short": "integer result: tests/test_legacy.py",
    "char": "integer result: tests/test_legacy.py",
    "byte": "integer result: tests/test_legacy.py",
    "half": "float16 steps are too coarse for central differences: tests/test_legacy.py",
    "nelement": "a count: tests/test_legacy.py",
    "numel": "a count: tests/test_legacy.py",
    "is_tensor": "a predicate: tests/test_legacy.py",
    "cuda": "a device move: tests/test_cuda.py",
    "get_num_threads": "BLAS threads: tests/test_threads.py",
    "set_num_threads": "BLAS threads: tests/test_threads.py",
    "install_as_torch": "the import hook: tests/test_torch_alias.py",
    "uninstall_as_torch": "the import hook: tests/test_torch_alias.py",
}
