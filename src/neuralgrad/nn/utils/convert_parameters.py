"""Parameters as one flat vector and back (``torch.nn.utils.convert_parameters``): for
line searches, second-order methods and weight averaging that see the model as one vector."""

from __future__ import annotations

from collections.abc import Iterable

from ..._tensor import Tensor
from ...ops.shape import cat, reshape

__all__ = ["parameters_to_vector", "vector_to_parameters"]


def parameters_to_vector(parameters: Iterable[Tensor]) -> Tensor:
    """All parameters flattened and concatenated in order (differentiable, like PyTorch's)."""
    return cat([reshape(p, -1) for p in parameters])


def vector_to_parameters(vec: Tensor, parameters: Iterable[Tensor]) -> None:
    """Point each parameter's data at its slice of ``vec`` (in order, shapes restored); the
    parameters then share ``vec``'s memory, as in PyTorch."""
    if not isinstance(vec, Tensor):
        raise TypeError(f"expected neuralgrad.Tensor, but got: {type(vec).__name__}")
    pointer = 0
    for param in parameters:
        n = param.numel()
        if pointer + n > vec.numel():
            raise RuntimeError(
                f"vector_to_parameters: vec has {vec.numel()} elements, fewer "
                "than the parameters hold"
            )
        param.data = reshape(vec.detach()[pointer : pointer + n], param.shape)
        pointer += n
