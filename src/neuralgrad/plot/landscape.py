"""Loss landscapes with the paths optimizers take on them (the course's contour pictures of
SGD, momentum, RMSprop and Adam): a function of two parameters drawn as contours, and each
optimizer run from the same start with its iterates joined."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from ._figure import new_figure, save

__all__ = ["optimizer_path", "plot_loss_landscape", "ravine", "rosenbrock"]


def ravine(w: Any) -> Any:
    """``0.05 w₀² + 2 w₁²``: a long, narrow valley (curvatures 0.1 and 4), where plain SGD
    zig-zags across and momentum runs along it."""
    return 0.05 * w[0] ** 2 + 2.0 * w[1] ** 2


def rosenbrock(w: Any) -> Any:
    """``(1 − w₀)² + 100 (w₁ − w₀²)²``: a curved valley with its minimum at (1, 1)."""
    return (1 - w[0]) ** 2 + 100.0 * (w[1] - w[0] ** 2) ** 2


def optimizer_path(
    loss: Callable[[Any], Any],
    make_optimizer: Callable[[list], Any],
    start: tuple[float, float],
    steps: int = 50,
) -> np.ndarray:
    """The (steps + 1, 2) iterates of ``make_optimizer([w])`` minimising ``loss(w)`` from
    ``start`` (w a float64 parameter of shape (2,)); stops early at a non-finite point."""
    from .. import float64, nn, tensor

    w = nn.Parameter(tensor(list(start), dtype=float64))
    opt = make_optimizer([w])
    path = [w.detach().numpy().copy()]
    for _ in range(steps):
        opt.zero_grad()
        with np.errstate(over="ignore", invalid="ignore"):  # a diverging path ends the loop
            loss(w).backward()
            opt.step()
        path.append(w.detach().numpy().copy())
        if not np.isfinite(path[-1]).all():
            break
    return np.array(path)


def _grid(loss: Callable[[Any], Any], xlim: tuple, ylim: tuple, n: int) -> tuple:
    from .. import float64, no_grad, tensor

    xs, ys = np.linspace(*xlim, n), np.linspace(*ylim, n)
    X, Y = np.meshgrid(xs, ys)
    with no_grad():
        Z = loss(tensor(np.stack([X, Y]), dtype=float64)).numpy()
    return X, Y, Z


def plot_loss_landscape(
    loss: Callable[[Any], Any],
    optimizers: Mapping[str, Callable[[list], Any]],
    start: tuple[float, float],
    *,
    steps: int = 50,
    xlim: tuple[float, float] = (-10.0, 10.0),
    ylim: tuple[float, float] = (-3.0, 3.0),
    log_levels: bool = True,
    title: str | None = None,
    path: str | os.PathLike | None = None,
) -> Any:
    """Contours of ``loss(w)`` (a function of a tensor ``w`` of shape (2, ...), applied to
    the whole grid at once) and, for each ``{name: make_optimizer}``, the path of ``steps``
    steps from ``start``. Returns the Figure; the paths are ``fig.paths`` ({name: array})."""
    X, Y, Z = _grid(loss, xlim, ylim, 200)
    fig = new_figure(7.0, 4.6)
    ax = fig.subplots()
    finite = Z[np.isfinite(Z)]
    if log_levels and finite.min() >= 0:
        levels = np.geomspace(max(finite.min(), 1e-3 * finite.max()) + 1e-12, finite.max(), 20)
    else:
        levels = 20
    ax.contour(X, Y, Z, levels=levels, cmap="Greys", linewidths=0.7)
    fig.paths = {}
    for k, (name, make) in enumerate(optimizers.items()):
        p = optimizer_path(loss, make, start, steps)
        fig.paths[name] = p
        ax.plot(p[:, 0], p[:, 1], "-o", ms=2.5, lw=1.3, color=f"C{k}", label=name)
    ax.plot(*start, "k*", ms=10, label="start")
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_xlabel("w₀")
    ax.set_ylabel("w₁")
    ax.legend(fontsize="small", loc="upper right")
    if title:
        ax.set_title(title)
    return save(fig, path)
