"""Pickling a fitted estimator without pickling tensors.

neuralgrad tensors refuse ``pickle`` (``neuralgrad.save`` is their format), but scikit-learn,
joblib and ``clone`` pickle or deep-copy fitted estimators; so the model's and optimizer's
state travel as NumPy arrays and are rebuilt on load.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .._tensor import Tensor
from ..ops.creation import tensor

__all__ = ["to_arrays", "to_tensors"]


class _Array:
    """A tensor's values in a pickled state, marked so they turn back into a tensor."""

    __slots__ = ("value",)

    def __init__(self, value: np.ndarray) -> None:
        self.value = value

    def __getstate__(self) -> np.ndarray:
        return self.value

    def __setstate__(self, value: np.ndarray) -> None:
        self.value = value


def _map(obj: Any, leaf: Callable[[Any], Any]) -> Any:
    """``obj`` with ``leaf`` applied to every value inside dicts, lists and tuples."""
    if isinstance(obj, dict):
        return type(obj)((k, _map(v, leaf)) for k, v in obj.items())
    if isinstance(obj, (list, tuple)):
        return type(obj)(_map(v, leaf) for v in obj)
    return leaf(obj)


def to_arrays(state: Any) -> Any:
    """A copy of a ``state_dict`` (nested dicts/lists) with each tensor as NumPy values."""
    return _map(state, lambda v: _Array(v.detach().numpy().copy()) if isinstance(v, Tensor) else v)


def to_tensors(state: Any) -> Any:
    """The inverse of ``to_arrays``: the marked arrays become tensors again."""
    return _map(state, lambda v: tensor(v.value) if isinstance(v, _Array) else v)
