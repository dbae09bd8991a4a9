"""NumPy's argument names that PyTorch also accepts for its built-in ops: ``axis`` for ``dim`` and
``keepdims`` for ``keepdim`` (``x.sum(axis=0, keepdims=True)``, ``x.argmax(axis=1)``).

PyTorch accepts them on its native functions only, so the names are listed here one by one.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

__all__ = ["NUMPY_NAMED", "accept_numpy_names", "install"]

# functions (and the Tensor methods bound to the same objects) that take ``dim``/``keepdim``
NUMPY_NAMED = (
    "sum",
    "mean",
    "var",
    "std",
    "std_mean",
    "var_mean",
    "amax",
    "amin",
    "max",
    "min",
    "logsumexp",
    "argmax",
    "argmin",
    "all",
    "any",
    "cat",
    "stack",
    "squeeze",
    "unsqueeze",
    "gather",
    "softmax",
    "log_softmax",
    "chunk",
    "cumsum",
    "cumprod",
    "sort",
    "argsort",
    "topk",
)
_RENAMES = (("axis", "dim"), ("keepdims", "keepdim"))


def accept_numpy_names(fn: Callable) -> Callable:
    """``fn`` also taking ``axis=`` for ``dim=`` and ``keepdims=`` for ``keepdim=``."""

    @functools.wraps(fn)
    def op(*args: Any, **kwargs: Any) -> Any:
        if kwargs:
            for numpy_name, name in _RENAMES:
                if numpy_name in kwargs:
                    if name in kwargs:
                        raise TypeError(
                            f"{fn.__name__}() got both '{name}' and its alias '{numpy_name}'"
                        )
                    kwargs[name] = kwargs.pop(numpy_name)
        return fn(*args, **kwargs)

    return op


def install(namespace: dict, tensor_cls: type) -> None:
    """Rebind the listed functions in ``namespace`` and the methods of ``tensor_cls`` that are
    the same objects to one wrapper each (so a function and its method stay one object)."""
    for name in NUMPY_NAMED:
        fn = namespace[name]
        wrapped = accept_numpy_names(fn)
        namespace[name] = wrapped
        if vars(tensor_cls).get(name) is fn:
            setattr(tensor_cls, name, wrapped)
