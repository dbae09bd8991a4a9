"""The course's penalty terms, added to the loss: ``loss + l2_penalty(model, 1e-4)``.

L1: ``λ Σ|θ|`` (drives weights to exactly zero: sparse models); L2 (Tikhonov, ridge):
``λ Σθ²`` (shrinks all weights). Both are differentiable tensors, so ``backward`` gives their
gradients ``λ sign(θ)`` and ``2λθ``.

L2 and the optimizers' ``weight_decay``: ``l2_penalty(params, λ)`` adds ``2λθ`` to the gradient,
which is exactly what ``weight_decay=2λ`` does in SGD, Adagrad, RMSprop or Adam (PyTorch's
``weight_decay`` adds ``wd·θ``, the gradient of ``wd/2 Σθ²``). It is *not* AdamW's decoupled
decay, which acts outside the adaptive normalisation (see ``AdamW``).

``weights_only=True`` keeps the parameters with ``ndim >= 2`` (the weight matrices and
convolution kernels) and leaves out biases and normalisation scales and shifts, which are
vectors: penalising them constrains no interaction between inputs and can hurt the fit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .._tensor import Tensor
from ..ops.creation import zeros

__all__ = ["l1_penalty", "l2_penalty", "penalized_parameters"]


def penalized_parameters(params: Any, weights_only: bool = False) -> Iterator[Tensor]:
    """The tensors a penalty covers. ``params``: a module (anything with
    ``named_parameters()``), one tensor, or an iterable of tensors or ``(name, tensor)`` pairs.
    With ``weights_only`` only the tensors with ``ndim >= 2``."""
    if hasattr(params, "named_parameters"):
        items: Iterable[Any] = params.named_parameters()
    elif isinstance(params, Tensor):
        items = [params]
    else:
        items = params
    for item in items:
        p = item[1] if isinstance(item, tuple) else item
        if not isinstance(p, Tensor):
            raise TypeError(
                f"expected parameters (tensors) or (name, tensor) pairs, got {type(p).__name__}"
            )
        if not weights_only or p.ndim >= 2:
            yield p


def _penalty(
    params: Any, weight: float, weights_only: bool, term: Callable[[Tensor], Tensor]
) -> Tensor:
    if not weight >= 0:
        raise ValueError(f"Invalid penalty weight: {weight!r} (expected λ >= 0)")
    total = None
    for p in penalized_parameters(params, weights_only):
        t = term(p)
        total = t if total is None else total + t
    if total is None:
        return zeros(())
    return total * weight


def l1_penalty(params: Any, weight: float, weights_only: bool = False) -> Tensor:
    """``λ Σ_θ Σ_i |θ_i|`` over ``params`` (see the module docstring for what they may be).

    NOTE: at θ_i = 0 the gradient is 0, the subgradient ``abs`` uses there.
    """
    return _penalty(params, weight, weights_only, lambda p: p.abs().sum())


def l2_penalty(params: Any, weight: float, weights_only: bool = False) -> Tensor:
    """``λ Σ_θ Σ_i θ_i²`` over ``params``: the course's ``λ‖θ‖₂²`` (gradient ``2λθ``)."""
    return _penalty(params, weight, weights_only, lambda p: (p * p).sum())
