"""Ready-made models built from ``nn`` layers, described by a JSON-able config.

``MLP`` is the one model builder shared by the command line, the scikit-learn estimators and
hyperparameter search, so a model can be named in a config file, rebuilt from a checkpoint's
``config()`` and searched over without each caller wiring its own layers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from . import nn
from ._tensor import Tensor

__all__ = ["ACTIVATIONS", "MLP"]

#: Activation names accepted by ``MLP``, mapped to their ``nn`` layer.
ACTIVATIONS: dict[str, type[nn.Module]] = {
    "relu": nn.ReLU,
    "leaky_relu": nn.LeakyReLU,
    "elu": nn.ELU,
    "tanh": nn.Tanh,
    "sigmoid": nn.Sigmoid,
    "gelu": nn.GELU,
    "silu": nn.SiLU,
}


def _activation(name: str) -> nn.Module:
    """The activation layer called ``name`` (case-insensitive), or a ``ValueError`` listing them."""
    try:
        return ACTIVATIONS[name.lower()]()
    except (KeyError, AttributeError):
        raise ValueError(
            f"unknown activation {name!r}; choose one of {sorted(ACTIVATIONS)}"
        ) from None


def _check(in_features: int, hidden: tuple[int, ...], out_features: int, dropout: float) -> None:
    """Reject sizes and rates that would only fail later, deep inside a layer."""
    for what, n in (("in_features", in_features), ("out_features", out_features)):
        if int(n) != n or n < 1:
            raise ValueError(f"{what} must be a positive integer, got {n!r}")
    if any(int(h) != h or h < 1 for h in hidden):
        raise ValueError(f"hidden sizes must be positive integers, got {hidden!r}")
    if not 0.0 <= dropout < 1.0:
        raise ValueError(f"dropout must be in [0, 1), got {dropout!r}")


class MLP(nn.Module):
    """A multilayer perceptron: per hidden layer ``Linear [+ BatchNorm1d] + activation
    [+ Dropout]``, then an output ``Linear`` producing logits (or regression outputs).

    The layers live in ``self.net`` (an ``nn.Sequential``), so ``state_dict`` keys read
    ``net.0.weight``, ... ; ``config()`` gives back the constructor arguments.
    """

    def __init__(
        self,
        in_features: int,
        hidden: Iterable[int] = (128, 64),
        out_features: int = 10,
        activation: str = "relu",
        dropout: float = 0.0,
        batch_norm: bool = False,
    ) -> None:
        super().__init__()
        hidden = tuple(int(h) for h in ([hidden] if isinstance(hidden, int) else hidden))
        _check(in_features, hidden, out_features, dropout)
        _activation(activation)  # fail early on an unknown name
        self.in_features, self.out_features = int(in_features), int(out_features)
        self.hidden, self.activation = hidden, activation.lower()
        self.dropout, self.batch_norm = float(dropout), bool(batch_norm)
        layers: list[nn.Module] = []
        width = self.in_features
        for h in hidden:
            layers.append(nn.Linear(width, h))
            if self.batch_norm:
                layers.append(nn.BatchNorm1d(h))
            layers.append(_activation(self.activation))
            if self.dropout > 0:
                layers.append(nn.Dropout(self.dropout))
            width = h
        layers.append(nn.Linear(width, self.out_features))
        self.net = nn.Sequential(*layers)

    def forward(self, x: Tensor) -> Tensor:
        """Flatten all but the batch dimension (images work too), then run the layers."""
        if x.ndim > 2:
            x = x.reshape(x.shape[0], -1)
        return self.net(x)

    def config(self) -> dict[str, Any]:
        """The constructor arguments as a JSON-able dict: ``MLP.from_config(m.config())``
        builds the same architecture (fresh weights; load a ``state_dict`` for the rest)."""
        return {
            "in_features": self.in_features,
            "hidden": list(self.hidden),
            "out_features": self.out_features,
            "activation": self.activation,
            "dropout": self.dropout,
            "batch_norm": self.batch_norm,
        }

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> MLP:
        """Build an ``MLP`` from a dict such as ``config()`` returns; unknown keys are an error."""
        unknown = set(config) - {
            "in_features",
            "hidden",
            "out_features",
            "activation",
            "dropout",
            "batch_norm",
        }
        if unknown:
            raise ValueError(f"unknown MLP config keys: {sorted(unknown)}")
        return cls(**config)

    def extra_repr(self) -> str:
        return (
            f"in_features={self.in_features}, hidden={self.hidden}, "
            f"out_features={self.out_features}, activation={self.activation!r}"
        )
