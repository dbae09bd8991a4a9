"""Weight initialisation (``torch.nn.init``): in-place fills drawn from the global generator.

Every function works under ``no_grad`` on the tensor's own memory and returns it, so
``init.normal_(layer.weight, std=0.01)`` re-draws a layer's weights. The scaled schemes share one
fan helper, ``_calculate_fan_in_and_fan_out``: for a weight of shape (out, in, *kernel) the
fan-in is ``in * prod(kernel)`` and the fan-out ``out * prod(kernel)``.
"""

from __future__ import annotations

import math
import warnings

import numpy as np

from .._backend import array_ops
from .._tensor import Tensor, wrap
from ..autograd.grad_mode import no_grad
from ..ops.inplace import copy_, fill_
from ..random import Generator, rng

__all__ = [
    "calculate_gain",
    "uniform_",
    "normal_",
    "trunc_normal_",
    "constant_",
    "ones_",
    "zeros_",
    "xavier_uniform_",
    "xavier_normal_",
    "kaiming_uniform_",
    "kaiming_normal_",
]

_LINEAR = (
    "linear",
    "conv1d",
    "conv2d",
    "conv3d",
    "conv_transpose1d",
    "conv_transpose2d",
    "conv_transpose3d",
    "sigmoid",
)


def calculate_gain(nonlinearity: str, param: float | None = None) -> float:
    """The factor that keeps activations' variance steady through ``nonlinearity``: 1 for
    linear/conv/sigmoid, 5/3 for tanh, sqrt(2) for relu, sqrt(2 / (1 + slope^2)) for leaky_relu
    (slope ``param``, default 0.01), 3/4 for selu (``torch.nn.init.calculate_gain``)."""
    if nonlinearity in _LINEAR:
        return 1
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            slope = 0.01
        elif isinstance(param, (int, float)) and not isinstance(param, bool):
            slope = param
        else:
            raise ValueError(f"negative_slope {param} not a valid number")
        return math.sqrt(2.0 / (1 + slope**2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(f"Unsupported nonlinearity {nonlinearity}")


def _calculate_fan_in_and_fan_out(tensor: Tensor) -> tuple[int, int]:
    """``(fan_in, fan_out)`` of a weight of shape (out, in, *receptive field)."""
    if tensor.dim() < 2:
        raise ValueError(
            "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions"
        )
    receptive = math.prod(tensor.shape[2:])
    return tensor.shape[1] * receptive, tensor.shape[0] * receptive


def _calculate_correct_fan(tensor: Tensor, mode: str) -> int:
    mode = mode.lower()
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"Mode {mode} not supported, please use one of ['fan_in', 'fan_out']")
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return fan_in if mode == "fan_in" else fan_out


def _fill_(tensor: Tensor, values: np.ndarray) -> Tensor:
    """Write ``values`` (cast to the tensor's dtype) into ``tensor`` in place, unrecorded."""
    with no_grad():
        return copy_(tensor, wrap(array_ops(tensor._data).asarray(values)))


def uniform_(
    tensor: Tensor, a: float = 0.0, b: float = 1.0, generator: Generator | None = None
) -> Tensor:
    """Fill with U(a, b) samples: mean (a+b)/2, variance (b-a)^2/12."""
    with no_grad():
        return tensor.uniform_(a, b, generator=generator)


def normal_(
    tensor: Tensor, mean: float = 0.0, std: float = 1.0, generator: Generator | None = None
) -> Tensor:
    """Fill with N(mean, std^2) samples. The course's "small random normal" init is
    ``normal_(w, std=0.01)``."""
    with no_grad():
        return tensor.normal_(mean, std, generator=generator)


def _phi(x: float) -> float:
    """The standard normal CDF."""
    return (1.0 + math.erf(x / math.sqrt(2.0))) / 2.0


def trunc_normal_(
    tensor: Tensor,
    mean: float = 0.0,
    std: float = 1.0,
    a: float = -2.0,
    b: float = 2.0,
    generator: Generator | None = None,
) -> Tensor:
    """Fill with N(mean, std^2) samples conditioned on [a, b] (exact, by rejection: draws
    outside [a, b] are redrawn) (``torch.nn.init.trunc_normal_``)."""
    if mean < a - 2 * std or mean > b + 2 * std:
        warnings.warn(
            "mean is more than 2 std from [a, b] in nn.init.trunc_normal_. The "
            "distribution of values may be incorrect.",
            stacklevel=2,
        )
    accept = _phi((b - mean) / std) - _phi((a - mean) / std) if std > 0 else 1.0
    if accept < 1e-6:
        raise ValueError(
            f"trunc_normal_: [a, b] = [{a}, {b}] holds only {accept:.2g} of the "
            f"mass of N({mean}, {std}^2); sampling it by rejection is impractical"
        )
    r, n = rng(generator), tensor.numel()
    out = np.empty(n)
    filled = 0
    while filled < n:
        need = n - filled
        draw = r.normal(mean, std, min(int(need / accept * 1.1) + 16, 1 << 22))
        ok = draw[(draw >= a) & (draw <= b)][:need]
        out[filled : filled + ok.size] = ok
        filled += ok.size
    return _fill_(tensor, out.reshape(tensor.shape))


def constant_(tensor: Tensor, val: float) -> Tensor:
    """Fill with the value ``val``."""
    with no_grad():
        return fill_(tensor, val)


def ones_(tensor: Tensor) -> Tensor:
    """Fill with ones."""
    return constant_(tensor, 1.0)


def zeros_(tensor: Tensor) -> Tensor:
    """Fill with zeros."""
    return constant_(tensor, 0.0)


def xavier_uniform_(
    tensor: Tensor, gain: float = 1.0, generator: Generator | None = None
) -> Tensor:
    """Glorot: U(-a, a) with ``a = gain * sqrt(6 / (fan_in + fan_out))``, variance
    ``gain^2 * 2 / (fan_in + fan_out)``."""
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    return uniform_(tensor, -math.sqrt(3.0) * std, math.sqrt(3.0) * std, generator)


def xavier_normal_(tensor: Tensor, gain: float = 1.0, generator: Generator | None = None) -> Tensor:
    """Glorot: N(0, std^2) with ``std = gain * sqrt(2 / (fan_in + fan_out))``."""
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    return normal_(tensor, 0.0, std, generator)


def _kaiming_std(tensor: Tensor, a: float, mode: str, nonlinearity: str) -> float | None:
    """``gain / sqrt(fan)``, or None (after PyTorch's warning) for a zero-element tensor."""
    if 0 in tensor.shape:
        warnings.warn("Initializing zero-element tensors is a no-op", stacklevel=3)
        return None
    fan = _calculate_correct_fan(tensor, mode)
    return calculate_gain(nonlinearity, a) / math.sqrt(fan)


def kaiming_uniform_(
    tensor: Tensor,
    a: float = 0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
    generator: Generator | None = None,
) -> Tensor:
    """He: U(-bound, bound) with ``bound = sqrt(3) * gain / sqrt(fan)`` (``mode`` picks fan_in
    or fan_out; ``a`` is leaky_relu's slope for the gain). ``Linear`` uses ``a=sqrt(5)``."""
    std = _kaiming_std(tensor, a, mode, nonlinearity)
    if std is None:
        return tensor
    return uniform_(tensor, -math.sqrt(3.0) * std, math.sqrt(3.0) * std, generator)


def kaiming_normal_(
    tensor: Tensor,
    a: float = 0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
    generator: Generator | None = None,
) -> Tensor:
    """He: N(0, std^2) with ``std = gain / sqrt(fan)``."""
    std = _kaiming_std(tensor, a, mode, nonlinearity)
    if std is None:
        return tensor
    return normal_(tensor, 0.0, std, generator)
