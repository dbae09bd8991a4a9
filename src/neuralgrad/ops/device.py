"""Moving tensors between devices (CPU NumPy arrays and, when CuPy is installed, GPU arrays)."""

from __future__ import annotations

from .._backend import array_ops, device
from .._tensor import Tensor, record
from ..autograd.node import Node

__all__ = ["to_device"]


class ToDeviceBackward(Node):
    __slots__ = ("src",)

    def vjp(self, g, xp):
        return (_move(g, self.src),)


def _move(data, dev: device):
    if dev.type == "cpu":
        return data.get() if hasattr(data, "get") and not hasattr(data, "ctypes") else data
    from ..cuda import array_module  # the optional GPU backend, or an error naming it

    return array_module().asarray(data)


def to_device(x: Tensor, dev: device) -> Tensor:
    """``x`` on ``dev``; gradients flow back to the source device."""
    out = _move(x._data, dev)
    t = record(ToDeviceBackward, out, (x,), (), array_ops(out))
    if t.grad_fn is not None:
        t.grad_fn.src = x.device
    return t
