"""Class labels as one-hot rows: ``F.one_hot``."""

from __future__ import annotations

from ..._backend import array_ops
from ..._tensor import Tensor, wrap

__all__ = ["one_hot"]


def one_hot(tensor: Tensor, num_classes: int = -1) -> Tensor:
    """int64 tensor of shape ``tensor.shape + (num_classes,)`` with a 1 at each label's index
    (PyTorch's ``F.one_hot``; ``num_classes=-1`` means max label + 1). Not differentiable."""
    d = tensor._data
    if d.dtype.kind not in "iu":
        raise RuntimeError(
            f"one_hot is only applicable to index tensors (int64), got dtype {tensor.dtype}"
        )
    if num_classes == -1:
        if not d.size:
            raise RuntimeError(
                "one_hot: can not infer the number of classes from an empty "
                "tensor; pass num_classes"
            )
        num_classes = int(d.max()) + 1
    if d.size:
        lo, hi = int(d.min()), int(d.max())
        if lo < 0:
            raise RuntimeError(f"one_hot: class values must be non-negative, found {lo}")
        if hi >= num_classes:
            raise RuntimeError(
                f"one_hot: class values must be smaller than num_classes={num_classes}, found {hi}"
            )
    xp = array_ops(d)
    return wrap((d[..., None] == xp.arange(num_classes)).astype("int64"))
