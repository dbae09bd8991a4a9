"""``DataLoader``: minibatches over a map-style dataset, every sample exactly once per epoch.

The order is drawn when iteration starts (``iter(loader)``), from ``generator`` or the global
generator, so ``neuralgrad.manual_seed`` reproduces it. Tensors, NumPy arrays and
``TensorDataset``s (also through ``Subset``s, e.g. from ``random_split``) take a fast path that
slices the arrays by the permutation instead of collating sample by sample.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from ..._tensor import Tensor, wrap
from ...ops.creation import as_array
from ...random import Generator, rng
from .collate import default_collate
from .dataset import Subset, TensorDataset

__all__ = ["DataLoader"]


class _ArraySource:
    """The arrays behind a dataset, with an optional map from dataset index to array row."""

    def __init__(self, arrays: list[Any], index: np.ndarray | None, single: bool) -> None:
        self.arrays, self.index, self.single = arrays, index, single

    def batch(self, rows: Any) -> Any:
        if self.index is not None:
            rows = self.index[rows]
        # NOTE: a basic slice is a view; copy it so in-place work on a batch can't edit the data.
        out = [
            wrap(as_array(a[rows].copy() if isinstance(rows, slice) else a[rows]))
            for a in self.arrays
        ]
        return out[0] if self.single else out


def _fast_source(dataset: Any) -> _ArraySource | None:
    """An ``_ArraySource`` for datasets that are plain arrays underneath, else None."""
    if isinstance(dataset, TensorDataset):
        return _ArraySource([t._data for t in dataset.tensors], None, False)
    if isinstance(dataset, Tensor):
        return _ArraySource([dataset._data], None, True)
    if isinstance(dataset, np.ndarray) and dataset.dtype.kind in "biuf" and dataset.ndim:
        return _ArraySource([dataset], None, True)
    if isinstance(dataset, Subset):
        inner = _fast_source(dataset.dataset)
        if inner is None:
            return None
        index = np.asarray(dataset.indices, dtype=np.int64).reshape(-1)
        if inner.index is not None:
            index = inner.index[index]
        return _ArraySource(inner.arrays, index, inner.single)
    return None


class DataLoader:
    """Iterate over ``dataset`` in batches of ``batch_size`` (``torch.utils.data.DataLoader``).

    ``shuffle`` draws a new permutation each epoch; ``drop_last`` drops a final short batch;
    ``collate_fn`` turns a list of samples into a batch (``default_collate`` if None).
    Ours: ``transform`` (e.g. an augmentation from ``neuralgrad.augment``) is applied to the
    inputs (first element) of each batch while ``loader.training`` is True; training loops set
    ``loader.training = model.training`` so evaluation sees the data unchanged.
    ``num_workers`` and ``pin_memory`` are accepted for PyTorch scripts; loading runs in-process.
    """

    def __init__(
        self,
        dataset: Any,
        batch_size: int = 1,
        shuffle: bool = False,
        *,
        drop_last: bool = False,
        generator: Generator | None = None,
        collate_fn: Callable[[list], Any] | None = None,
        transform: Callable[[Any], Any] | None = None,
        num_workers: int = 0,
        pin_memory: bool = False,
    ) -> None:
        if (
            isinstance(batch_size, bool)
            or not isinstance(batch_size, (int, np.integer))
            or batch_size < 1
        ):
            raise ValueError(f"batch_size should be a positive integer, got {batch_size!r}")
        if not hasattr(dataset, "__len__") or not hasattr(dataset, "__getitem__"):
            raise TypeError(
                f"DataLoader needs a dataset with __len__ and __getitem__, got "
                f"{type(dataset).__name__}"
            )
        if generator is not None and not isinstance(generator, Generator):
            raise TypeError(
                f"generator must be a neuralgrad.Generator, got {type(generator).__name__}"
            )
        if shuffle and len(dataset) == 0:  # PyTorch's RandomSampler refuses it too
            raise ValueError(
                "num_samples should be a positive integer value, but got num_samples=0: "
                "the dataset is empty and shuffle=True"
            )
        self.dataset = dataset
        self.batch_size = int(batch_size)
        self.shuffle = bool(shuffle)
        self.drop_last = bool(drop_last)
        self.generator = generator
        self.collate_fn = collate_fn
        self.transform = transform
        self.num_workers = num_workers
        self.pin_memory = pin_memory
        self.training = True

    def __len__(self) -> int:
        n = len(self.dataset)
        return n // self.batch_size if self.drop_last else -(-n // self.batch_size)

    def __iter__(self) -> Iterator[Any]:
        n = len(self.dataset)
        order = rng(self.generator).permutation(n) if self.shuffle else None
        return self._batches(n, order)

    def _batches(self, n: int, order: np.ndarray | None) -> Iterator[Any]:
        bs = self.batch_size
        fast = _fast_source(self.dataset) if self.collate_fn is None else None
        stop = n - n % bs if self.drop_last else n
        for start in range(0, stop, bs):
            rows: Any = (
                slice(start, min(start + bs, n)) if order is None else order[start : start + bs]
            )
            if fast is not None:
                batch = fast.batch(rows)
            else:
                picks = range(n)[rows] if isinstance(rows, slice) else rows.tolist()
                batch = (self.collate_fn or default_collate)([self.dataset[i] for i in picks])
            yield self._augment(batch)

    def _augment(self, batch: Any) -> Any:
        """Apply ``transform`` to the batch's inputs while training."""
        if self.transform is None or not self.training:
            return batch
        if isinstance(batch, (list, tuple)):
            return type(batch)([_as_batch(self.transform(batch[0])), *batch[1:]])
        if isinstance(batch, Tensor):
            return _as_batch(self.transform(batch))
        raise TypeError(
            f"DataLoader transform: can't find the inputs in a batch of type "
            f"{type(batch).__name__}; expected a tensor or a list (inputs first)"
        )


def _as_batch(x: Any) -> Any:
    return wrap(as_array(x)) if isinstance(x, np.ndarray) else x
