"""AdamW: Adam with decoupled weight decay (Loshchilov & Hutter, ICLR 2019)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .adam import Adam

__all__ = ["AdamW"]


class AdamW(Adam):
    r"""Adam with decoupled weight decay (``torch.optim.AdamW``), PyTorch's update and numbers.

    With learning rate γ, betas (β₁, β₂), weight decay λ and ε, at step t::

        θ ← θ_{t-1} − γ λ θ_{t-1}                 (decay, applied to the parameters directly)
        g_t = ∇θ f(θ_{t-1})                       (−∇θ f when maximize; no λθ term)
        m_t, v_t, v̂_t as in Adam
        θ_t = θ − γ/(1 − β₁ᵗ) · m_t / (√v̂_t / √(1 − β₂ᵗ) + ε)

    Why this differs from Adam's ``weight_decay``: weight decay in its original form (Hanson &
    Pratt, 1988) is the update term ``−λθ``. With plain SGD that is the same as adding the L2
    penalty (λ/2)‖θ‖² to the loss, because the penalty's gradient λθ is only multiplied by γ.
    Adaptive methods (RMSprop, Adam) divide the gradient coordinate-wise by √v̂, so an L2 term
    put into the gradient (Adam's ``weight_decay``) is divided too: weights with large past
    gradients are barely decayed, and the decay strength gets tied to the learning rate and
    the gradient history. AdamW decouples the two: the adaptive step uses the data gradient
    only and the decay ``γλθ`` is applied to the weights separately, which Loshchilov & Hutter
    found to generalise better and to make good learning rates and decay values independent.
    Hence the default λ = 1e-2 here, against 0 for Adam.
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 1e-2,
        amsgrad: bool = False,
        *,
        maximize: bool = False,
    ) -> None:
        super().__init__(
            params,
            lr,
            betas,
            eps,
            weight_decay,
            amsgrad,
            maximize=maximize,
            decoupled_weight_decay=True,
        )

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """As ``Optimizer.load_state_dict``; the decay stays decoupled whatever was saved."""
        super().load_state_dict(state_dict)
        for group in self.param_groups:
            group["decoupled_weight_decay"] = True
