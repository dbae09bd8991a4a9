"""Moving tensors between devices (CPU NumPy arrays and, when CuPy is installed, GPU arrays)."""

from __future__ import annotations

from .._backend import array_ops
from .._devices import device, move
from .._tensor import Tensor
from ..autograd.node import Node

__all__ = ["to_device"]


class ToDeviceBackward(Node):
    params = ("src",)
    fresh_grads = False  # g itself when the source is the same device

    def vjp(self, g, xp):
        return (xp.to_device(g, self.src),)


def to_device(x: Tensor, dev: device) -> Tensor:
    """``x`` on ``dev``; gradients flow back to the source device."""
    out = move(x._data, dev)
    return ToDeviceBackward.record(out, (x,), xp=array_ops(out), src=x.device)
