"""Small generated teaching sets: 2-D classification (XOR, moons, circles, spirals, blobs), a
noisy linear regression and a 1-D function to fit.

Each returns ``(X, y)`` NumPy arrays: ``X`` float32 of shape (n, features); class labels ``y``
int64 of shape (n,), regression targets float32 of shape (n, 1) (the shape a one-output model
gives, so ``MSELoss`` does not broadcast). An int ``seed`` gives the same data on every call;
``seed=None`` draws from the global generator (``neuralgrad.manual_seed``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..utils.seeding import rng_from_seed

__all__ = [
    "make_xor",
    "make_moons",
    "make_circles",
    "make_spirals",
    "make_blobs",
    "make_regression",
    "make_1d_function",
    "FUNCTIONS",
]


def _check(n: int, noise: float, least: int = 1) -> None:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < least:
        raise ValueError(f"n must be an integer >= {least}, got {n!r}")
    if not noise >= 0:
        raise ValueError(f"noise must be >= 0, got {noise!r}")


def _classes(
    points: list[np.ndarray], noise: float, g: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Stack per-class point sets, add Gaussian noise (std ``noise``) and shuffle."""
    X = np.concatenate(points)
    y = np.concatenate([np.full(len(p), k, dtype=np.int64) for k, p in enumerate(points)])
    X = X + noise * g.standard_normal(X.shape)
    order = g.permutation(len(y))
    return X[order].astype(np.float32), y[order]


def _even(n: int, parts: int) -> list[int]:
    """``n`` split into ``parts`` counts differing by at most one."""
    return [n // parts + (k < n % parts) for k in range(parts)]


def make_xor(
    n: int = 200, noise: float = 0.1, seed: int | None = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Points around the four corners of the unit square, labelled ``x1 XOR x2``: class 1 at
    (0, 1) and (1, 0). ``make_xor(4, noise=0)`` is the truth table itself."""
    _check(n, noise)
    g = rng_from_seed(seed)
    corners = np.array([[0, 0], [1, 1], [0, 1], [1, 0]], dtype=np.float64)
    counts = _even(n, 4)
    points = [np.repeat(corners[:2], counts[:2], axis=0), np.repeat(corners[2:], counts[2:], 0)]
    return _classes(points, noise, g)


def make_moons(
    n: int = 200, noise: float = 0.1, seed: int | None = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles (scikit-learn's ``make_moons``): class 0 the upper arc of
    the unit circle, class 1 the lower arc shifted to (1, 0.5)."""
    _check(n, noise, 2)
    g = rng_from_seed(seed)
    n_out, n_in = _even(n, 2)
    t_out, t_in = np.linspace(0, np.pi, n_out), np.linspace(0, np.pi, n_in)
    outer = np.stack([np.cos(t_out), np.sin(t_out)], axis=1)
    inner = np.stack([1 - np.cos(t_in), 0.5 - np.sin(t_in)], axis=1)
    return _classes([outer, inner], noise, g)


def make_circles(
    n: int = 200, noise: float = 0.05, factor: float = 0.5, seed: int | None = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Two concentric circles: class 0 of radius 1, class 1 of radius ``factor`` (< 1)."""
    _check(n, noise, 2)
    if not 0 < factor < 1:
        raise ValueError(f"factor must lie in (0, 1), got {factor!r}")
    g = rng_from_seed(seed)
    rings = []
    for radius, m in zip((1.0, factor), _even(n, 2)):
        t = np.linspace(0, 2 * np.pi, m, endpoint=False)
        rings.append(radius * np.stack([np.cos(t), np.sin(t)], axis=1))
    return _classes(rings, noise, g)


def make_spirals(
    n: int = 300, classes: int = 2, noise: float = 0.05, seed: int | None = 0, turns: float = 1.5
) -> tuple[np.ndarray, np.ndarray]:
    """``classes`` interleaved spiral arms (two spirals, or CS231n's three): arm k has radius
    r from 0.1 to 1 at angle 2πk/classes + 2π·turns·r."""
    _check(n, noise, classes)
    if isinstance(classes, bool) or not isinstance(classes, (int, np.integer)) or classes < 2:
        raise ValueError(f"classes must be an integer >= 2, got {classes!r}")
    g = rng_from_seed(seed)
    arms = []
    for k, m in enumerate(_even(n, classes)):
        r = np.linspace(0.1, 1.0, m)
        theta = 2 * np.pi * k / classes + 2 * np.pi * turns * r
        arms.append(r[:, None] * np.stack([np.cos(theta), np.sin(theta)], axis=1))
    return _classes(arms, noise, g)


def make_blobs(
    n: int = 300, centers: Any = 3, std: float = 1.0, n_features: int = 2, seed: int | None = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Gaussian clusters of standard deviation ``std``: ``centers`` is a count (centres drawn
    uniformly in [-10, 10]^n_features, as scikit-learn) or an array of centres."""
    _check(n, std)
    g = rng_from_seed(seed)
    if isinstance(centers, (int, np.integer)):
        if centers < 1:
            raise ValueError(f"centers must be >= 1, got {centers}")
        centers = g.uniform(-10, 10, size=(int(centers), n_features))
    c = np.asarray(centers, dtype=np.float64)
    if c.ndim != 2:
        raise ValueError(f"centers must be a count or an array (k, features), got shape {c.shape}")
    points = [np.repeat(c[k : k + 1], m, axis=0) for k, m in enumerate(_even(n, len(c)))]
    return _classes(points, std, g)


def make_regression(
    n: int = 100,
    noise: float = 0.1,
    seed: int | None = 0,
    n_features: int = 1,
    return_coef: bool = False,
) -> tuple[np.ndarray, ...]:
    """A noisy line (plane): ``y = X·w + b + noise·ε`` with X uniform in [-1, 1], true weights
    w uniform in [-2, 2] and b in [-1, 1] (drawn from the seed). ``return_coef`` also returns
    ``w`` (n_features,) and ``b``, the values a fitted model should recover."""
    _check(n, noise)
    g = rng_from_seed(seed)
    w = g.uniform(-2, 2, size=n_features)
    b = float(g.uniform(-1, 1))
    X = g.uniform(-1, 1, size=(n, n_features))
    y = (X @ w + b + noise * g.standard_normal(n))[:, None]
    out = (X.astype(np.float32), y.astype(np.float32))
    return (*out, w, b) if return_coef else out


FUNCTIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "sin": np.sin,
    "cubic": lambda x: 0.1 * x**3 - 0.5 * x,
    "sinc": lambda x: np.sinc(x / np.pi),  # sin(x)/x
    "abs": np.abs,
}


def make_1d_function(
    n: int = 100,
    fn: str | Callable[[np.ndarray], np.ndarray] = "sin",
    noise: float = 0.1,
    low: float = -3.0,
    high: float = 3.0,
    seed: int | None = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Samples of a 1-D function for curve fitting: x uniform in [low, high], ``y = f(x) +
    noise·ε``; ``fn`` is a name from ``FUNCTIONS`` or a callable on NumPy arrays."""
    _check(n, noise)
    if isinstance(fn, str):
        if fn not in FUNCTIONS:
            raise ValueError(
                f"unknown function {fn!r}; choose one of {sorted(FUNCTIONS)} or pass a callable"
            )
        fn = FUNCTIONS[fn]
    if not low < high:
        raise ValueError(f"need low < high, got low={low}, high={high}")
    g = rng_from_seed(seed)
    x = g.uniform(low, high, size=n)
    y = np.asarray(fn(x), dtype=np.float64) + noise * g.standard_normal(n)
    return x[:, None].astype(np.float32), y[:, None].astype(np.float32)
