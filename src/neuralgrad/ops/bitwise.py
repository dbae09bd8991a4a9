"""Bitwise ops (``&``, ``|``, ``^``, ``~``): logical on bool tensors, bitwise on integer ones, as
PyTorch; not differentiable."""

from __future__ import annotations

import operator

from .compare import nondiff_binary, nondiff_unary

__all__ = ["bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_not"]

# The operators, not a namespace's functions: either operand may be a Python number, and the
# array operand's library must compute (``False & gpu_array`` reaches the GPU array's ``&``).
bitwise_and = nondiff_binary("bitwise_and", operator.and_)
bitwise_or = nondiff_binary("bitwise_or", operator.or_)
bitwise_xor = nondiff_binary("bitwise_xor", operator.xor)


bitwise_not = nondiff_unary(
    "bitwise_not",
    lambda xp, d: xp.invert(d),
    "Logical not of a bool tensor, bitwise not of an integer one (``~``).",
)
