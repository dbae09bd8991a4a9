"""What a row of the op table is (``OpInfo``, ``Sample``) and the input makers rows share."""

from __future__ import annotations

import importlib
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["OpInfo", "Sample", "S", "torch"]


class _LazyTorch:
    """``torch``, imported on first use so this table loads without PyTorch installed."""

    def __getattr__(self, name: str) -> Any:
        return getattr(importlib.import_module("torch"), name)


torch = _LazyTorch()


@dataclass(frozen=True)
class Sample:
    """One call: positional ``args``, keyword ``kwargs``; ``fd=False`` marks inputs sitting on a
    kink (ties, |x| = 0, clamp bounds), checked against PyTorch's subgradient only."""

    args: tuple
    kwargs: dict = field(default_factory=dict)
    fd: bool = True


def S(*args: Any, fd: bool = True, **kwargs: Any) -> Sample:
    """Shorthand for a ``Sample``."""
    return Sample(args, kwargs, fd)


@dataclass(frozen=True)
class OpInfo:
    """One row: how to call the op in neuralgrad, NumPy and PyTorch, and on what.

    ``covers`` names the exports this row exercises (``"add"`` for ``neuralgrad.add``,
    ``"Tensor.__radd__"`` for a method); aliases bound to the same object count as covered.
    """

    name: str
    ng: Callable
    ref: Callable
    torch: Callable
    samples: Callable[[np.random.Generator, Any], list]
    covers: tuple = ()
    tol32: tuple = (1e-5, 1e-6)  # (rtol, atol) for float32 against NumPy and PyTorch
    fd_eps: float = 1e-6
    fd_atol: float = 1e-6
    second_order: bool = True


# ---- input makers ---------------------------------------------------------------------------
def rand(
    r: np.random.Generator, dt: Any, shape: tuple, lo: float = -2.0, hi: float = 2.0
) -> np.ndarray:
    """Uniform values in [lo, hi)."""
    return np.asarray(r.uniform(lo, hi, shape)).astype(dt)


def pos(r: np.random.Generator, dt: Any, shape: tuple) -> np.ndarray:
    """Positive values in [0.5, 2): inside the domains of log, sqrt, pow's base."""
    return rand(r, dt, shape, 0.5, 2.0)


def off0(r: np.random.Generator, dt: Any, shape: tuple, gap: float = 0.25) -> np.ndarray:
    """Values with |x| >= gap: off the kink at 0 of abs and relu, safe as divisors."""
    sign = np.where(r.random(shape) < 0.5, -1.0, 1.0)
    return np.asarray(r.uniform(gap, 2.0, shape) * sign).astype(dt)


def distinct(r: np.random.Generator, dt: Any, shape: tuple) -> np.ndarray:
    """No ties in value or magnitude and |x| >= 0.3: max/amax/norm(inf) without kinks."""
    n = math.prod(shape)
    mag = 0.3 + 0.25 * r.permutation(n) + r.uniform(0.0, 0.05, n)
    sign = np.where(r.random(n) < 0.5, -1.0, 1.0)
    return (mag * sign).reshape(shape).astype(dt)


def grid(r: np.random.Generator, dt: Any, shape: tuple, offset: float = 0.0) -> np.ndarray:
    """Multiples of 0.5 plus ``offset`` plus noise < 0.1: grids 0.25 apart never tie."""
    return np.asarray(r.integers(-4, 4, shape) * 0.5 + offset + r.uniform(0.0, 0.1, shape)).astype(
        dt
    )


def ints(r: np.random.Generator, lo: int, hi: int, shape: tuple) -> np.ndarray:
    """An int64 index array in [lo, hi); bigger than the range, so indices repeat."""
    return r.integers(lo, hi, shape).astype(np.int64)


def mask(r: np.random.Generator, shape: tuple) -> np.ndarray:
    """A random boolean mask."""
    return np.asarray(r.random(shape) < 0.5)


def donor(*shape: int) -> np.ndarray:
    """A non-differentiable int64 tensor whose only job is to lend its shape or dtype."""
    return np.zeros(shape, np.int64)


def c(*values: Any, dt: Any = None) -> np.ndarray:
    """A fixed float array (kink samples)."""
    return np.asarray(values, dtype=dt)


UNARY = ((), (1,), (5,), (2, 3), (2, 1, 3))
BINARY = (
    ((), ()),
    ((4,), (4,)),
    ((2, 3), (3,)),
    ((2, 1), (1, 3)),
    ((3, 1, 2), (4, 1)),
    ((), (2, 3)),
    ((2, 3), ()),
    ((1,), (2, 1)),
)
INPLACE = (((2, 3), (2, 3)), ((2, 3), (3,)), ((2, 3), ()), ((3, 1), (1,)), ((), ()))
X3 = (2, 3, 4)


def unary(gen: Callable = rand, *extra: Callable) -> Callable:
    """Samples over UNARY shapes drawn by ``gen``, plus ``extra(r, dt) -> [Sample]`` makers."""
    return lambda r, d: [S(gen(r, d, s)) for s in UNARY] + [x for e in extra for x in e(r, d)]


def binary(ga: Callable = rand, gb: Callable = rand, *extra: Callable) -> Callable:
    """Samples over BINARY broadcasting pairs, plus ``extra`` makers."""
    return lambda r, d: (
        [S(ga(r, d, a), gb(r, d, b)) for a, b in BINARY] + [x for e in extra for x in e(r, d)]
    )


def inplace(gb: Callable = rand, ga: Callable = rand, scalar: Any = 1.5) -> Callable:
    """Samples for ``x.clone().op_(y)``: y broadcasts to x's shape, or is a Python scalar."""
    return lambda r, d: (
        [S(ga(r, d, a), gb(r, d, b)) for a, b in INPLACE] + [S(ga(r, d, (2, 3)), scalar)]
    )


def kinks(*samples: Sample) -> Callable:
    """Fixed samples (on kinks, ``fd=False``), cast to the dtype under test."""
    return lambda r, d: [
        Sample(
            tuple(
                a.astype(d) if isinstance(a, np.ndarray) and a.dtype.kind == "f" else a
                for a in s.args
            ),
            s.kwargs,
            s.fd,
        )
        for s in samples
    ]
