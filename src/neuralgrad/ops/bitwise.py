"""Bitwise ops (``&``, ``|``, ``^``, ``~``): logical on bool tensors, bitwise on integer ones, as
PyTorch; not differentiable."""

from __future__ import annotations

from .._backend import array_ops
from .compare import nondiff_binary, nondiff_unary

__all__ = ["bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_not"]

bitwise_and = nondiff_binary("bitwise_and", lambda a, b: array_ops(a).bitwise_and(a, b))
bitwise_or = nondiff_binary("bitwise_or", lambda a, b: array_ops(a).bitwise_or(a, b))
bitwise_xor = nondiff_binary("bitwise_xor", lambda a, b: array_ops(a).bitwise_xor(a, b))


bitwise_not = nondiff_unary(
    "bitwise_not",
    lambda xp, d: xp.invert(d),
    "Logical not of a bool tensor, bitwise not of an integer one (``~``).",
)
