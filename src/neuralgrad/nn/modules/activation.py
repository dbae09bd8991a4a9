"""Activation layers (``torch.nn``): each ``forward`` calls its ``nn.functional`` twin, so the
maths exists once; ``extra_repr`` prints the settings as PyTorch does."""

from __future__ import annotations

from ..._tensor import Tensor
from ...ops.creation import full
from .. import functional as F
from ..parameter import Parameter
from .module import Module

__all__ = [
    "ReLU",
    "LeakyReLU",
    "PReLU",
    "ELU",
    "Sigmoid",
    "Tanh",
    "Softplus",
    "Softmax",
    "LogSoftmax",
    "GELU",
    "SiLU",
    "Heaviside",
]


def _inplace(inplace: bool) -> str:
    return "inplace=True" if inplace else ""


class ReLU(Module):
    """``max(x, 0)`` elementwise (``torch.nn.ReLU``)."""

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:
        return F.relu(input, inplace=self.inplace)

    def extra_repr(self) -> str:
        return _inplace(self.inplace)


class LeakyReLU(Module):
    """``x if x > 0 else negative_slope * x`` (``torch.nn.LeakyReLU``)."""

    def __init__(self, negative_slope: float = 1e-2, inplace: bool = False) -> None:
        super().__init__()
        self.negative_slope = negative_slope
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:
        return F.leaky_relu(input, self.negative_slope, self.inplace)

    def extra_repr(self) -> str:
        return f"negative_slope={self.negative_slope}" + (", inplace=True" if self.inplace else "")


class PReLU(Module):
    """``x if x > 0 else a * x`` with a learnable slope ``a``, shared (``num_parameters=1``) or
    one per channel (dim 1), initialised to ``init`` (``torch.nn.PReLU``)."""

    def __init__(
        self,
        num_parameters: int = 1,
        init: float = 0.25,
        device: object = None,
        dtype: object = None,
    ) -> None:
        super().__init__()
        self.num_parameters = num_parameters
        self.init = init
        self.weight = Parameter(full((num_parameters,), init, dtype=dtype, device=device))

    def reset_parameters(self) -> None:
        """Refill the slopes with ``init``."""
        self.weight.data.fill_(self.init)

    def forward(self, input: Tensor) -> Tensor:
        return F.prelu(input, self.weight)

    def extra_repr(self) -> str:
        return f"num_parameters={self.num_parameters}"


class ELU(Module):
    """``x if x > 0 else alpha * (e^x - 1)`` (``torch.nn.ELU``)."""

    def __init__(self, alpha: float = 1.0, inplace: bool = False) -> None:
        super().__init__()
        self.alpha = alpha
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:
        return F.elu(input, self.alpha, self.inplace)

    def extra_repr(self) -> str:
        return f"alpha={self.alpha}" + (", inplace=True" if self.inplace else "")


class Sigmoid(Module):
    """``1 / (1 + e^-x)`` (``torch.nn.Sigmoid``)."""

    def forward(self, input: Tensor) -> Tensor:
        return F.sigmoid(input)


class Tanh(Module):
    """Hyperbolic tangent (``torch.nn.Tanh``)."""

    def forward(self, input: Tensor) -> Tensor:
        return F.tanh(input)


class Softplus(Module):
    """``log(1 + e^(beta x)) / beta``, linear above ``threshold`` (``torch.nn.Softplus``)."""

    def __init__(self, beta: float = 1.0, threshold: float = 20.0) -> None:
        super().__init__()
        self.beta = beta
        self.threshold = threshold

    def forward(self, input: Tensor) -> Tensor:
        return F.softplus(input, self.beta, self.threshold)

    def extra_repr(self) -> str:
        return f"beta={self.beta}, threshold={self.threshold}"


class Softmax(Module):
    """``e^x / sum(e^x)`` along ``dim`` (``torch.nn.Softmax``)."""

    def __init__(self, dim: int | None = None) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, input: Tensor) -> Tensor:
        return F.softmax(input, self.dim, _stacklevel=5)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class LogSoftmax(Module):
    """``x - logsumexp(x)`` along ``dim`` (``torch.nn.LogSoftmax``)."""

    def __init__(self, dim: int | None = None) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, input: Tensor) -> Tensor:
        return F.log_softmax(input, self.dim, _stacklevel=5)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class GELU(Module):
    """``x * Phi(x)``, exact or with the tanh approximation (``torch.nn.GELU``)."""

    def __init__(self, approximate: str = "none") -> None:
        super().__init__()
        self.approximate = approximate

    def forward(self, input: Tensor) -> Tensor:
        return F.gelu(input, approximate=self.approximate)

    def extra_repr(self) -> str:
        return f"approximate={self.approximate!r}"


class SiLU(Module):
    """``x * sigmoid(x)`` (``torch.nn.SiLU``)."""

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:
        return F.silu(input, inplace=self.inplace)

    def extra_repr(self) -> str:
        return _inplace(self.inplace)


class Heaviside(Module):
    """Ours: the step function of Rosenblatt's perceptron, ``1 if x > 0 else 0``.

    At exactly 0 it outputs ``value_at_zero``, 0 by default: the course's perceptron predicts 1
    only when the weighted sum is strictly positive (pass 1.0 for the ``x >= 0`` convention).
    Its gradient is zero almost everywhere (the step is flat on both sides; 0 is used at the
    jump too), so backward gives exactly zero and nothing before it learns. For experiments,
    ``straight_through=True`` uses the straight-through estimator: the gradient of the identity,
    passing the upstream gradient through unchanged.
    """

    def __init__(self, straight_through: bool = False, value_at_zero: float = 0.0) -> None:
        super().__init__()
        self.straight_through = straight_through
        self.value_at_zero = value_at_zero

    def forward(self, input: Tensor) -> Tensor:
        return F.heaviside(input, self.value_at_zero, self.straight_through)

    def extra_repr(self) -> str:
        parts = [f"straight_through={self.straight_through}"] if self.straight_through else []
        if self.value_at_zero != 0:
            parts.append(f"value_at_zero={self.value_at_zero}")
        return ", ".join(parts)
