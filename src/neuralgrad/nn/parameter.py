"""``Parameter``: a tensor that a ``Module`` registers as learnable when assigned to it."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._backend import array_ops
from .._tensor import Tensor, version_counter


class Parameter(Tensor):
    """A leaf tensor that requires grad by default and is listed by ``Module.parameters()``.

    Shares memory with the tensor it is built from, as ``torch.nn.Parameter`` does.
    """

    __slots__ = ()

    def __init__(self, data: Any = None, requires_grad: bool = True) -> None:
        if data is None:
            from ..ops.creation import empty

            data = empty(0)
        src = data if isinstance(data, Tensor) else Tensor(data)
        data = src._data
        # 0-d op results are NumPy scalars; a parameter is updated in place, so give it an array
        self._data = array_ops(data).asarray(data) if isinstance(data, np.generic) else data
        self.grad = None
        self.grad_fn = None
        self.requires_grad = False
        self._version_counter = version_counter(src)
        self._base = None
        if requires_grad:
            self.requires_grad_(True)

    def __repr__(self) -> str:
        return "Parameter containing:\n" + super().__repr__()

    def __deepcopy__(self, memo: dict) -> Parameter:
        if id(self) in memo:
            return memo[id(self)]
        out = Parameter(Tensor(self._data.copy(), dtype=self.dtype), self.requires_grad)
        memo[id(self)] = out
        return out
