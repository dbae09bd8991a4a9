"""``dropout``: inverted dropout (``torch.nn.functional.dropout``)."""

from __future__ import annotations

import numpy as np

from ..._backend import array_ops
from ..._tensor import Tensor, wrap
from ...ops.arith import mul
from ...ops.inplace import mul_
from ...random import rng

__all__ = ["dropout"]


def check_p(p: float) -> float:
    """``p`` as a float, refused outside [0, 1] with PyTorch's message (shared with ``Dropout``)."""
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    return float(p)


def dropout(
    input: Tensor,
    p: float = 0.5,
    training: bool = True,
    inplace: bool = False,
) -> Tensor:
    """Zero each element with probability ``p`` and scale the kept ones by ``1 / (1 - p)``, so
    the expected output equals the input: ``y = x * m / (1 - p)``, ``m ~ Bernoulli(1 - p)``.

    Identity (the input itself) when not ``training`` or ``p == 0``, as PyTorch; the mask comes
    from the global generator (``neuralgrad.manual_seed``). The gradient is ``g * m / (1 - p)``.
    """
    p = check_p(p)
    if not training or p == 0.0:
        return input
    d = input._data
    if d.dtype.kind != "f":
        raise RuntimeError(f"dropout: expected a floating-point input, got {input.dtype}")
    xp = array_ops(d)
    draws = rng(None, None if xp.device_type == "cpu" else input.device)
    mask = (draws.random(d.shape, dtype=np.float32) >= p).astype(d.dtype)  # P(1) = 1 - p
    mask *= 0.0 if p == 1.0 else 1.0 / (1.0 - p)
    mask = wrap(xp.asarray(mask))
    return mul_(input, mask) if inplace else mul(input, mask)
