"""Gradient clipping (``torch.nn.utils.clip_grad``): rescale or clamp ``.grad`` in place before
the optimizer step, so one exploding batch cannot throw the weights far away."""

from __future__ import annotations

from collections.abc import Iterable

from ..._tensor import Tensor
from ...autograd.grad_mode import no_grad
from ...ops.arith import add, div
from ...ops.creation import tensor
from ...ops.reduce import norm
from ...ops.shape import stack
from ...ops.unary import clamp

__all__ = ["clip_grad_norm_", "clip_grad_value_", "get_total_norm", "clip_grads_with_norm_"]

_Tensors = Tensor | Iterable[Tensor]


def _as_list(tensors: _Tensors) -> list:
    return [tensors] if isinstance(tensors, Tensor) else list(tensors)


def _grads(parameters: _Tensors) -> list:
    return [p.grad for p in _as_list(parameters) if p.grad is not None]


def get_total_norm(
    tensors: _Tensors,
    norm_type: float = 2.0,
    error_if_nonfinite: bool = False,
    foreach: bool | None = None,
) -> Tensor:
    """The ``norm_type``-norm of all ``tensors`` taken as one vector: the norm of their norms,
    ``||(||t_1||, ..., ||t_k||)||_p`` (``inf``: the largest |entry|). 0 for no tensors.

    ``foreach`` is accepted for PyTorch compatibility; NumPy has no fused multi-tensor path.
    """
    tensors = _as_list(tensors)
    if not tensors:
        return tensor(0.0)
    norm_type = float(norm_type)
    with no_grad():
        total = norm(stack([norm(t, norm_type) for t in tensors]), norm_type)
    if error_if_nonfinite and not bool(total.isfinite()):
        raise RuntimeError(
            f"The total norm of order {norm_type} for gradients from `parameters` is non-finite, "
            "so it cannot be clipped. To disable this error and scale the gradients by the "
            "non-finite norm anyway, set `error_if_nonfinite=False`"
        )
    return total


def clip_grads_with_norm_(
    parameters: _Tensors, max_norm: float, total_norm: Tensor, foreach: bool | None = None
) -> None:
    """Scale every gradient by ``min(1, max_norm / (total_norm + 1e-6))``, in place."""
    grads = _grads(parameters)
    if not grads:
        return
    with no_grad():
        coef = clamp(div(float(max_norm), add(total_norm, 1e-6)), max=1.0)
        for g in grads:
            g.mul_(coef.to(g.dtype))


def clip_grad_norm_(
    parameters: _Tensors,
    max_norm: float,
    norm_type: float = 2.0,
    error_if_nonfinite: bool = False,
    foreach: bool | None = None,
) -> Tensor:
    """Rescale the gradients so their total ``norm_type``-norm is at most ``max_norm``:
    ``g <- g * min(1, max_norm / (||g||_p + 1e-6))``; returns the norm before clipping
    (``torch.nn.utils.clip_grad_norm_``)."""
    parameters = _as_list(parameters)
    total = get_total_norm(_grads(parameters), norm_type, error_if_nonfinite, foreach)
    clip_grads_with_norm_(parameters, max_norm, total, foreach)
    return total


def clip_grad_value_(parameters: _Tensors, clip_value: float, foreach: bool | None = None) -> None:
    """Clamp every gradient entry into ``[-clip_value, clip_value]``, in place."""
    clip_value = float(clip_value)
    with no_grad():
        for g in _grads(parameters):
            g.clamp_(-clip_value, clip_value)
