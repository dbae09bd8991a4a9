"""``Variable``, PyTorch's pre-0.4 wrapper, kept because tutorials still write
``Variable(x, requires_grad=True)``: it gives a new leaf tensor sharing ``x``'s memory, and
every tensor is an instance of it."""

from __future__ import annotations

from typing import Any

__all__ = ["Variable"]


class _VariableType(type):
    def __instancecheck__(cls, obj: Any) -> bool:
        from .._tensor import Tensor

        return isinstance(obj, Tensor)


class Variable(metaclass=_VariableType):
    """``Variable(data, requires_grad=False)``: ``data`` detached, as a leaf that requires grad
    when asked (``torch.autograd.Variable``)."""

    def __new__(cls, data: Any, requires_grad: bool = False, volatile: bool = False) -> Any:
        from .._tensor import Tensor

        if not isinstance(data, Tensor):
            raise TypeError(f"Variable data has to be a tensor, but got {type(data).__name__}")
        out = data.detach()
        if requires_grad:
            out.requires_grad_(True)
        return out
