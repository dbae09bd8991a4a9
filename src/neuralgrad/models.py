"""Ready-made models built from ``nn`` layers, described by a JSON-able config.

``MLP`` is the one model builder behind every front end (command line, scikit-learn
estimators, search, the main job), so a model can be named in a recipe, rebuilt from a run
directory and searched over without each caller wiring its own layers. Its vocabulary
(``ACTIVATIONS``, ``NORMS``, ``INITS``) is listed here once, with each choice's settings.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from . import nn
from ._tensor import Tensor
from .autograd import no_grad
from .ops.creation import tensor
from .options import Option, canonical, resolve

__all__ = ["ACTIVATIONS", "NORMS", "INITS", "MLP", "parameter_shapes", "glorot_"]

#: Hidden-layer activations by name.
ACTIVATIONS: dict[str, Option] = {
    o.name: o
    for o in (
        Option("relu", nn.ReLU, "max(0, x)"),
        Option("leaky_relu", nn.LeakyReLU, "x, or slope·x below 0", {"negative_slope": 0.01}),
        Option(
            "prelu",
            nn.PReLU,
            "x, or a·x below 0 with a learned a (starting at init)",
            {"init": 0.25},
        ),
        Option("elu", nn.ELU, "x, or alpha·(exp(x) − 1) below 0", {"alpha": 1.0}),
        Option("tanh", nn.Tanh, "tanh(x)"),
        Option("sigmoid", nn.Sigmoid, "1 / (1 + exp(−x)) (scikit-learn's 'logistic')"),
        Option("gelu", nn.GELU, "x·Φ(x)"),
        Option("silu", nn.SiLU, "x·sigmoid(x)"),
        Option(
            "softplus",
            nn.Softplus,
            "log(1 + exp(beta·x)) / beta: a smooth ReLU",
            {"beta": 1.0, "threshold": 20.0},
        ),
        Option(
            "heaviside",
            nn.Heaviside,
            "the perceptron's step, 1 if x > 0 else 0: its gradient is 0, so nothing before it "
            "learns (straight_through: pass the gradient through as if it were x)",
            {"straight_through": False},
        ),
        Option("identity", nn.Identity, "x: a linear network"),
    )
}

#: Normalisation after each hidden Linear layer (before its activation).
NORMS: dict[str, Option] = {
    o.name: o
    for o in (
        Option("none", None, "no normalisation"),
        Option("batch", nn.BatchNorm1d, "BatchNorm1d", {"eps": 1e-5, "momentum": 0.1}),
        Option("layer", nn.LayerNorm, "LayerNorm", {"eps": 1e-5}),
    )
}


def glorot_(layer: nn.Linear, activation: Any = "relu", rng: Any = None) -> None:
    """scikit-learn's MLP init, in place: weights and biases U(±sqrt(f / (fan_in + fan_out))),
    f = 6 (2 for a sigmoid network). ``rng``: a NumPy ``RandomState`` to draw from in
    scikit-learn's order (the (fan_in, fan_out) matrix, then the biases), so the same
    ``random_state`` starts from scikit-learn's weights; None draws from neuralgrad's stream."""
    fan_out, fan_in = layer.weight.shape
    name, _ = resolve(activation, ACTIVATIONS, "activation")
    bound = math.sqrt((2.0 if name == "sigmoid" else 6.0) / (fan_in + fan_out))
    with no_grad():
        if rng is None:
            nn.init.uniform_(layer.weight, -bound, bound)
            nn.init.uniform_(layer.bias, -bound, bound)
            return
        weight = rng.uniform(-bound, bound, (fan_in, fan_out)).T
        layer.weight.copy_(tensor(np.ascontiguousarray(weight), dtype=layer.weight.dtype))
        layer.bias.copy_(tensor(rng.uniform(-bound, bound, fan_out), dtype=layer.bias.dtype))


#: How the Linear layers' weights start (biases zero, except 'default' and 'glorot').
INITS: dict[str, Option] = {
    o.name: o
    for o in (
        Option("default", None, "PyTorch's Linear init: U(±1/sqrt(fan_in)) (kaiming, a=√5)"),
        Option("xavier_uniform", nn.init.xavier_uniform_, "Glorot uniform", {"gain": 1.0}),
        Option("xavier_normal", nn.init.xavier_normal_, "Glorot normal", {"gain": 1.0}),
        Option(
            "kaiming_uniform",
            nn.init.kaiming_uniform_,
            "He uniform",
            {"mode": "fan_in", "nonlinearity": "relu"},
        ),
        Option(
            "kaiming_normal",
            nn.init.kaiming_normal_,
            "He normal",
            {"mode": "fan_in", "nonlinearity": "relu"},
        ),
        Option("normal", nn.init.normal_, "the course's small normal N(0, std²)", {"std": 0.01}),
        Option("glorot", glorot_, "scikit-learn's MLP init (Glorot uniform, biases too)"),
    )
}


def _check(in_features: int, hidden: tuple[int, ...], out_features: int, dropout: float) -> None:
    """Reject sizes and rates that would only fail later, deep inside a layer."""
    for what, n in (("in_features", in_features), ("out_features", out_features)):
        if int(n) != n or n < 1:
            raise ValueError(f"{what} must be a positive integer, got {n!r}")
    if any(int(h) != h or h < 1 for h in hidden):
        raise ValueError(f"hidden sizes must be positive integers, got {hidden!r}")
    if not 0.0 <= dropout < 1.0:
        raise ValueError(f"dropout must be in [0, 1), got {dropout!r}")


def parameter_shapes(
    in_features: int,
    hidden: Iterable[int],
    out_features: int,
    norm: Any = "none",
    dropout: float = 0.0,
    activation: Any = "relu",
) -> dict[str, tuple[int, ...]]:
    """The ``state_dict`` shapes of ``MLP(in_features, hidden, out_features, activation,
    dropout, norm)``, computed without building it: a saved model's sizes are checked against
    its description before anything is allocated."""
    norm_name, _ = resolve(norm, NORMS, "norm")
    learned_slope = resolve(activation, ACTIVATIONS, "activation")[0] == "prelu"
    shapes: dict[str, tuple[int, ...]] = {}
    index, width = 0, int(in_features)
    for h in hidden:
        h = int(h)
        shapes[f"net.{index}.weight"], shapes[f"net.{index}.bias"] = (h, width), (h,)
        if norm_name != "none":
            index += 1
            shapes[f"net.{index}.weight"] = shapes[f"net.{index}.bias"] = (h,)
            if norm_name == "batch":
                shapes[f"net.{index}.running_mean"] = shapes[f"net.{index}.running_var"] = (h,)
                shapes[f"net.{index}.num_batches_tracked"] = ()
        if learned_slope:
            shapes[f"net.{index + 1}.weight"] = (1,)  # PReLU's one shared slope
        index += 2 + (dropout > 0)  # the activation [and dropout], then the next Linear
        width = h
    shapes[f"net.{index}.weight"] = (int(out_features), width)
    shapes[f"net.{index}.bias"] = (int(out_features),)
    return shapes


class MLP(nn.Module):
    """A multilayer perceptron: per hidden layer ``Linear [+ norm] + activation [+ Dropout]``,
    then an output ``Linear`` producing logits (or regression outputs).

    ``activation``, ``norm`` and ``init`` are choices from ``ACTIVATIONS``, ``NORMS`` and
    ``INITS``: a name, or ``{"name": ..., setting: value}``. The layers live in ``self.net``
    (an ``nn.Sequential``), so ``state_dict`` keys read ``net.0.weight``, ... ; ``config()``
    gives back the constructor arguments.
    """

    def __init__(
        self,
        in_features: int,
        hidden: Iterable[int] = (128, 64),
        out_features: int = 10,
        activation: Any = "relu",
        dropout: float = 0.0,
        norm: Any = "none",
        init: Any = "default",
    ) -> None:
        super().__init__()
        hidden = tuple(int(h) for h in ([hidden] if isinstance(hidden, int) else hidden))
        _check(in_features, hidden, out_features, dropout)
        self.in_features, self.out_features = int(in_features), int(out_features)
        self.hidden, self.dropout = hidden, float(dropout)
        self.activation = canonical(activation, ACTIVATIONS, "activation")
        self.norm = canonical(norm, NORMS, "norm")
        self.init = canonical(init, INITS, "init")
        layers: list[nn.Module] = []
        width = self.in_features
        for h in hidden:
            layers.append(nn.Linear(width, h))
            layers += self._norm(h)
            layers.append(self._activation())
            if self.dropout > 0:
                layers.append(nn.Dropout(self.dropout))
            width = h
        layers.append(nn.Linear(width, self.out_features))
        self.net = nn.Sequential(*layers)
        self._initialise()

    def _activation(self) -> nn.Module:
        name, settings = resolve(self.activation, ACTIVATIONS, "activation")
        return ACTIVATIONS[name].target(**settings)

    def _norm(self, width: int) -> list[nn.Module]:
        name, settings = resolve(self.norm, NORMS, "norm")
        return [] if name == "none" else [NORMS[name].target(width, **settings)]

    def _initialise(self) -> None:
        name, settings = resolve(self.init, INITS, "init")
        if name == "default":
            return
        with no_grad():
            for layer in self.linears():
                if name == "glorot":
                    glorot_(layer, self.activation)
                    continue
                INITS[name].target(layer.weight, **settings)
                nn.init.zeros_(layer.bias)

    def linears(self) -> list[nn.Linear]:
        """The Linear layers, input to output."""
        return [layer for layer in self.net if isinstance(layer, nn.Linear)]

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
            "norm": self.norm,
            "init": self.init,
        }

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> MLP:
        """Build an ``MLP`` from a dict such as ``config()`` returns; unknown keys are an error."""
        unknown = set(config) - set(_CONFIG_KEYS)
        if unknown:
            raise ValueError(f"unknown MLP config keys: {sorted(unknown)}")
        return cls(**config)

    def extra_repr(self) -> str:
        return (
            f"in_features={self.in_features}, hidden={self.hidden}, "
            f"out_features={self.out_features}, activation={self.activation!r}"
        )


_CONFIG_KEYS = ("in_features", "hidden", "out_features", "activation", "dropout", "norm", "init")
