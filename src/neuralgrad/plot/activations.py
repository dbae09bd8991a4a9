"""Hidden-unit activations per layer, collected with forward hooks: a histogram for each
activation layer and its sparsity (the share of activations that are zero), the course's
"pattern of hidden-unit activations" (dropout and weight decay change it)."""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from ..metrics import as_numpy
from ._figure import new_figure, save

__all__ = ["plot_activations", "collect_activations", "sparsity"]

_ACTIVATIONS = (
    "ReLU",
    "LeakyReLU",
    "PReLU",
    "ELU",
    "Sigmoid",
    "Tanh",
    "Softplus",
    "GELU",
    "SiLU",
    "Heaviside",
)


def _activation_layers(model: Any) -> list[tuple[str, Any]]:
    """The model's activation modules (ReLU, Tanh, Sigmoid...) with their dotted names."""
    from .. import nn

    kinds = tuple(getattr(nn, k) for k in _ACTIVATIONS if hasattr(nn, k))
    return [(name, m) for name, m in model.named_modules() if isinstance(m, kinds)]


def _recorder(store: dict[str, np.ndarray], name: str) -> Any:
    """A forward hook that keeps its layer's output in ``store[name]`` as (N, units)."""

    def hook(module: Any, args: Any, result: Any) -> None:
        a = np.asarray(as_numpy(result), dtype=np.float64)
        store[name] = a.reshape(len(a), -1)

    return hook


def collect_activations(model: Any, X: Any, layers: Any = None) -> dict[str, np.ndarray]:
    """Run ``model`` on ``X`` (evaluation mode, no gradients) and return each layer's output
    as a (N, units) array, keyed by the layer's name. ``layers``: modules or names (default:
    every activation module). The hooks are removed afterwards."""
    from .. import no_grad, tensor

    named = dict(model.named_modules())
    if layers is None:
        chosen = _activation_layers(model)
    else:
        by_id = {id(m): n for n, m in named.items()}
        chosen = [
            (lay, named[lay]) if isinstance(lay, str) else (by_id[id(lay)], lay) for lay in layers
        ]
    if not chosen:
        raise ValueError("the model has no activation layers; pass layers=[...]")
    out: dict[str, np.ndarray] = {}
    handles = [m.register_forward_hook(_recorder(out, name)) for name, m in chosen]
    params = list(model.parameters())
    was_training = model.training
    model.eval()
    try:
        with no_grad():
            model(tensor(np.asarray(as_numpy(X)), dtype=params[0].dtype if params else None))
    finally:
        model.train(was_training)
        for h in handles:
            h.remove()
    return {name: out[name] for name, _ in chosen if name in out}


def sparsity(a: np.ndarray, tol: float = 1e-6) -> float:
    """The share of activations with ``|a| <= tol`` (exact zeros of a ReLU)."""
    return float(np.mean(np.abs(a) <= tol))


def plot_activations(
    model: Any,
    X: Any,
    layers: Any = None,
    *,
    bins: int = 40,
    title: str | None = None,
    path: str | os.PathLike | None = None,
) -> Any:
    """One histogram per activation layer of ``model``'s outputs on ``X``, titled with the
    layer's sparsity and the share of units that never fire (dead ReLUs). Returns the Figure."""
    acts = collect_activations(model, X, layers)
    fig = new_figure(3.2 * len(acts) + 0.3, 3.0 + (0.3 if title else 0))
    for ax, (name, a) in zip(fig.subplots(1, len(acts), squeeze=False)[0], acts.items()):
        dead = float(np.mean(np.all(np.abs(a) <= 1e-6, axis=0)))
        ax.hist(a.ravel(), bins=bins, color="tab:blue", alpha=0.85)
        ax.set_title(f"layer {name}: sparsity {sparsity(a):.0%}\ndead units {dead:.0%}", fontsize=9)
        ax.set_xlabel("activation")
        ax.set_yscale("log")
    if title:
        fig.suptitle(title)
    return save(fig, path)
