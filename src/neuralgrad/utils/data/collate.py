"""``default_collate``: a list of samples into one batch, following PyTorch's rules."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..._tensor import Tensor, wrap
from ...ops.creation import as_array
from ...ops.shape import stack

__all__ = ["default_collate"]


def default_collate(batch: Sequence[Any]) -> Any:
    """Stack samples into a batch (``torch.utils.data.default_collate``).

    Tensors and NumPy arrays are stacked along a new first dim (NumPy's dtype kept, as PyTorch's
    ``as_tensor``); Python floats become a float64 tensor, ints int64, bools bool; strings stay a
    list; dicts, named tuples and sequences are collated field by field (a tuple sample gives a
    list of batches).
    """
    elem = batch[0]
    if isinstance(elem, Tensor):
        return stack(list(batch))
    if isinstance(elem, (np.ndarray, np.generic)):
        if isinstance(elem, np.ndarray) and elem.dtype.kind in "OSU":
            raise TypeError(f"default_collate: can't batch NumPy arrays of dtype {elem.dtype}")
        return wrap(as_array(np.stack([np.asarray(b) for b in batch])))
    if isinstance(elem, float):
        return wrap(np.array(batch, dtype=np.float64))
    if isinstance(elem, bool):
        return wrap(np.array(batch, dtype=np.bool_))
    if isinstance(elem, int):
        return wrap(np.array(batch, dtype=np.int64))
    if isinstance(elem, (str, bytes)):
        return list(batch)
    if isinstance(elem, Mapping):
        return {key: default_collate([d[key] for d in batch]) for key in elem}
    if isinstance(elem, tuple) and hasattr(elem, "_fields"):  # a named tuple
        return type(elem)(*(default_collate(list(s)) for s in zip(*batch)))
    if isinstance(elem, Sequence):
        size = len(elem)
        if any(len(b) != size for b in batch):
            raise RuntimeError("each element in list of batch should be of equal size")
        return [default_collate(list(s)) for s in zip(*batch)]
    raise TypeError(
        f"default_collate: batch must contain tensors, NumPy arrays, numbers, dicts "
        f"or lists; found {type(elem).__name__}"
    )
