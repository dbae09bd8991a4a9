"""``linear``: the affine map of ``nn.Linear`` (``torch.nn.functional.linear``)."""

from __future__ import annotations

from ..._tensor import Tensor
from ...ops import linalg
from ...ops.arith import add

__all__ = ["linear"]


def _shape(t: Tensor) -> str:
    return "x".join(str(n) for n in (t.shape if t.ndim > 1 else (1, *t.shape)))


def linear(input: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """``y = x W^T + b`` over the last dim of ``input`` (shape (*, in) -> (*, out)), with
    ``weight`` (out, in) and ``bias`` (out,); one fused ``LinearBackward`` node.

    A 1-D ``weight`` (in,) gives ``x @ w (+ b)``, as PyTorch allows.
    """
    if input.ndim == 0:
        raise RuntimeError("linear: input must have at least 1 dimension, got a 0-d tensor")
    if weight.ndim == 1:  # rare: composed from matmul so the maths is not written twice
        out = linalg.matmul(input, weight)
        return out if bias is None else add(out, bias)
    if weight.ndim != 2:
        raise RuntimeError(f"linear: weight must be 1-D or 2-D, got shape {tuple(weight.shape)}")
    w_shape = weight._data.shape  # the arrays' own shapes: this check is on every step
    if input._data.shape[-1] != w_shape[1]:
        raise RuntimeError(
            f"mat1 and mat2 shapes cannot be multiplied ({_shape(input)} and "
            f"{w_shape[1]}x{w_shape[0]})"
        )
    dt = weight._data.dtype  # NumPy's dtypes: Tensor.dtype would look each one up
    if input._data.dtype != dt or (bias is not None and bias._data.dtype != dt):
        dts = [input.dtype, weight.dtype] + ([bias.dtype] if bias is not None else [])
        raise RuntimeError(
            "linear: expected input, weight and bias to have the same dtype, "
            f"but got {', '.join(str(d) for d in dts)}"
        )
    if bias is not None and bias._data.shape not in ((w_shape[0],), (1,), ()):
        raise RuntimeError(
            f"linear: bias of shape {tuple(bias.shape)} does not match out_features={w_shape[0]}"
        )
    return linalg.linear(input, weight, bias)
