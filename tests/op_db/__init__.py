"""The op table: every differentiable op once (the top-level functions, ``Tensor``'s methods,
``nn.functional`` and the ops PyTorch scripts use beyond the core set), with its NumPy
reference, its PyTorch twin and sample inputs.
test_ops.py checks every row (forward, finite differences, PyTorch, second order) and
tests/jit replays every row under capture; add a row when you add an op.

A row's three callables take the same arguments: the sample's ``args`` (NumPy arrays become
tensors of the framework under test: float arrays are differentiable inputs, int/bool arrays are
index tensors; Python scalars, tuples and lists are passed as they are) and its ``kwargs``.
Sample makers take ``(rng, dtype)`` and give float arrays of that dtype.
"""

from .compat import COMPAT_OPS, EXEMPT
from .functional import FUNCTIONAL_OPS
from .rows import OpInfo, S, Sample, torch
from .tensor_ops import TENSOR_OPS
from .views import VIEW_OPS

__all__ = ["OpInfo", "Sample", "S", "OPS", "EXEMPT", "torch"]

OPS: list[OpInfo] = TENSOR_OPS + FUNCTIONAL_OPS + COMPAT_OPS + VIEW_OPS
