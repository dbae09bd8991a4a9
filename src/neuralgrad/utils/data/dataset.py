"""Map-style datasets: ``Dataset``, ``TensorDataset``, ``Subset`` and ``random_split``, as in
``torch.utils.data``. ``TensorDataset`` also takes NumPy arrays (ours)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..._dtype import get_default_dtype
from ..._tensor import Tensor, wrap
from ...random import Generator, rng

__all__ = ["Dataset", "TensorDataset", "Subset", "random_split"]


class Dataset:
    """A collection of samples indexed ``0 .. len-1``; subclasses define ``__getitem__`` and
    ``__len__`` (``torch.utils.data.Dataset``)."""

    def __getitem__(self, index: int) -> Any:
        raise NotImplementedError(f"{type(self).__name__} must define __getitem__")  # abstract

    def __len__(self) -> int:
        raise NotImplementedError(f"{type(self).__name__} must define __len__")  # abstract


def _as_data_tensor(x: Any, position: int) -> Tensor:
    """A tensor for ``TensorDataset``: tensors as given; NumPy floats in the default dtype (so a
    float64 array meets float32 weights), integers as int64, bools as bool."""
    if isinstance(x, Tensor):
        return x
    a = np.asarray(x)
    if a.dtype.kind == "f":
        a = a.astype(get_default_dtype().np, copy=False)
    elif a.dtype.kind in "iu":
        a = a.astype(np.int64, copy=False)
    elif a.dtype.kind != "b":
        raise TypeError(
            f"TensorDataset: input {position} has dtype {a.dtype}; expected numbers "
            "(a tensor or a numeric NumPy array)"
        )
    return wrap(np.ascontiguousarray(a))


class TensorDataset(Dataset):
    """Samples are the rows of the given tensors, taken together: ``ds[i] = (X[i], y[i])``.

    Every tensor must have the same first dimension; a mismatch names the lengths. NumPy
    arrays are accepted (ours): floats become the default dtype, integers int64.
    """

    def __init__(self, *tensors: Any) -> None:
        if not tensors:
            raise ValueError("TensorDataset needs at least one tensor")
        self.tensors = tuple(_as_data_tensor(t, i) for i, t in enumerate(tensors))
        for i, t in enumerate(self.tensors):
            if t.ndim == 0:
                raise ValueError(
                    f"TensorDataset: input {i} is a 0-d tensor; each input needs a "
                    "first dimension that counts the samples"
                )
        sizes = [t.shape[0] for t in self.tensors]
        if len(set(sizes)) > 1:
            listed = ", ".join(f"input {i} has {n}" for i, n in enumerate(sizes))
            raise ValueError(
                f"Size mismatch between tensors: every input needs the same number of "
                f"samples (first dimension), but {listed}"
            )

    def __getitem__(self, index: Any) -> tuple[Tensor, ...]:
        return tuple(t[index] for t in self.tensors)

    def __len__(self) -> int:
        return self.tensors[0].shape[0]


class Subset(Dataset):
    """The samples of ``dataset`` at ``indices``, in that order (``torch.utils.data.Subset``)."""

    def __init__(self, dataset: Any, indices: Sequence[int]) -> None:
        self.dataset = dataset
        self.indices = indices

    def __getitem__(self, idx: Any) -> Any:
        if isinstance(idx, list):
            return self.dataset[[self.indices[i] for i in idx]]
        return self.dataset[self.indices[idx]]

    def __len__(self) -> int:
        return len(self.indices)


def _split_lengths(lengths: Sequence[float], n: int) -> list[int]:
    """Whole lengths from ``lengths``; fractions summing to 1 become floor(n·f), the remainder
    handed out one by one from the first split on (PyTorch's rule)."""
    if math.isclose(sum(lengths), 1) and sum(lengths) <= n:
        if any(not 0 <= f <= 1 for f in lengths):
            raise ValueError(f"random_split: fractions must lie in [0, 1], got {list(lengths)}")
        counts = [int(math.floor(n * f)) for f in lengths]
        for i in range(n - sum(counts)):
            counts[i % len(counts)] += 1
        return counts
    counts = [int(x) for x in lengths]
    if any(c != x or c < 0 for c, x in zip(counts, lengths)):
        raise ValueError(
            f"random_split: lengths must be whole non-negative numbers or fractions "
            f"summing to 1, got {list(lengths)}"
        )
    if sum(counts) != n:
        raise ValueError(
            f"Sum of input lengths ({sum(counts)}) does not equal the length of the "
            f"input dataset ({n})!"
        )
    return counts


def random_split(
    dataset: Any, lengths: Sequence[float], generator: Generator | None = None
) -> list[Subset]:
    """Split ``dataset`` into non-overlapping random ``Subset``s of the given lengths (or
    fractions), drawing the permutation from ``generator`` or the global generator."""
    counts = _split_lengths(lengths, len(dataset))
    perm = rng(generator).permutation(sum(counts)).tolist()
    out, start = [], 0
    for c in counts:
        out.append(Subset(dataset, perm[start : start + c]))
        start += c
    return out
