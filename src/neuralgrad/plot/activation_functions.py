"""Each activation function of the course beside its derivative, the derivative taken by
autograd (so the picture shows what backpropagation uses, PyTorch's values at the kinks
included: ReLU'(0) = 0 where one slide writes 1)."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ._figure import new_figure, save

__all__ = ["plot_activation_functions", "activation_and_derivative", "ACTIVATION_FUNCTIONS"]


def _functions() -> dict[str, Callable[[Any], Any]]:
    from ..nn import functional as F

    return {
        "heaviside": F.heaviside,
        "sigmoid": F.sigmoid,
        "tanh": F.tanh,
        "relu": F.relu,
        "leaky_relu": lambda z: F.leaky_relu(z, 0.1),
        "elu": F.elu,
        "softplus": F.softplus,
        "gelu": F.gelu,
        "silu": F.silu,
    }


ACTIVATION_FUNCTIONS = (
    "heaviside", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "softplus", "gelu", "silu",
)  # fmt: skip


def activation_and_derivative(
    fn: str | Callable[[Any], Any], z: Sequence[float] | np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``(f(z), f'(z))`` as float64 arrays: ``fn`` is a name of ``ACTIVATION_FUNCTIONS``
    (leaky ReLU with slope 0.1, the course's α) or any function of a tensor; the derivative
    is autograd's, elementwise (the gradient of ``f(z).sum()``)."""
    from .. import float64, tensor

    if isinstance(fn, str):
        table = _functions()
        if fn not in table:
            raise ValueError(f"unknown activation {fn!r}; one of {', '.join(ACTIVATION_FUNCTIONS)}")
        fn = table[fn]
    x = tensor(np.asarray(z, dtype=np.float64), dtype=float64, requires_grad=True)
    y = fn(x)
    y.sum().backward()
    grad = x.grad.numpy() if x.grad is not None else np.zeros_like(x.detach().numpy())
    return y.detach().numpy().astype(np.float64), grad.astype(np.float64)


def plot_activation_functions(
    names: Sequence[str] = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "softplus"),
    z_range: tuple[float, float] = (-5.0, 5.0),
    *,
    ncols: int = 3,
    path: str | os.PathLike | None = None,
) -> Any:
    """One panel per activation: f(z) (solid) and f'(z) (dashed) over ``z_range``, with the
    derivative's value at 0 marked (where the slides and PyTorch may differ). Returns the
    Figure."""
    z = np.linspace(*z_range, 401)
    nrows = -(-len(names) // ncols)
    fig = new_figure(3.4 * min(ncols, len(names)), 2.8 * nrows)
    axes = np.atleast_1d(fig.subplots(nrows, min(ncols, len(names)), squeeze=False).ravel())
    for ax, name in zip(axes, names):
        f, df = activation_and_derivative(name, z)
        _, d0 = activation_and_derivative(name, [0.0])
        ax.plot(z, f, color="C0", label="f(z)")
        ax.plot(z, df, color="C3", ls="--", label="f'(z)")
        ax.plot([0.0], d0, "o", color="C3", ms=4)
        ax.set_title(f"{name}   f'(0) = {d0[0]:.3g}", fontsize=10)
        ax.axhline(0, color="0.7", lw=0.8)
        ax.axvline(0, color="0.7", lw=0.8)
        ax.grid(alpha=0.3)
        ax.legend(fontsize="small", loc="upper left")
    for ax in axes[len(names) :]:
        ax.set_axis_off()
    return save(fig, path)
