"""Adam: momentum on the gradient and RMSprop's normalisation, both bias-corrected."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .._backend import array_ops
from .._fused import contiguous_views
from .._tensor import Tensor
from ._flat import elementwise
from ._kernels import ADAM_UPDATE
from ._updates import addcdiv_, ema_square_, lerp_
from .optimizer import Optimizer, require

__all__ = ["Adam"]


class Adam(Optimizer):
    r"""Adam (Kingma & Ba, 2015; ``torch.optim.Adam``), PyTorch's update and numbers.

    With learning rate γ, betas (β₁, β₂), weight decay λ and ε, at step t::

        g_t = ∇θ f(θ_{t-1})                       (−∇θ f when maximize)
        g_t ← g_t + λ θ_{t-1}                     (if λ ≠ 0: L2, the course's "former strategy")
        m_t = β₁ m_{t-1} + (1 − β₁) g_t           (exp_avg)
        v_t = β₂ v_{t-1} + (1 − β₂) g_t²          (exp_avg_sq)
        amsgrad: v̂_t = max(v̂_{t-1}, v_t)         (max_exp_avg_sq; else v̂_t = v_t)
        θ_t = θ_{t-1} − γ/(1 − β₁ᵗ) · m_t / (√v̂_t / √(1 − β₂ᵗ) + ε)

    The factors 1/(1 − βᵗ) undo the bias of moving averages started at zero, which would
    otherwise make the first steps tiny. ``weight_decay`` here is L2 regularisation: λθ joins
    the gradient and is then divided by √v̂ like the rest of it; ``decoupled_weight_decay=True``
    gives AdamW's decay instead (see ``AdamW``).
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0,
        amsgrad: bool = False,
        *,
        maximize: bool = False,
        decoupled_weight_decay: bool = False,
    ) -> None:
        require(0.0 <= lr, "learning rate", lr)
        require(0.0 <= eps, "epsilon value", eps)
        require(len(betas) == 2, "betas (expected two values)", betas)
        require(0.0 <= betas[0] < 1.0, "beta parameter at index 0", betas[0])
        require(0.0 <= betas[1] < 1.0, "beta parameter at index 1", betas[1])
        require(0.0 <= weight_decay, "weight_decay value", weight_decay)
        defaults = dict(
            lr=lr,
            betas=(float(betas[0]), float(betas[1])),
            eps=eps,
            weight_decay=weight_decay,
            amsgrad=amsgrad,
            maximize=maximize,
            decoupled_weight_decay=decoupled_weight_decay,
        )
        super().__init__(params, defaults)

    def _init_state(self, p: Tensor, group: dict[str, Any]) -> dict[str, Any]:
        state = {
            "step": self._new_step(),
            "exp_avg": self._zeros_state(p),
            "exp_avg_sq": self._zeros_state(p),
        }
        if group["amsgrad"]:
            state["max_exp_avg_sq"] = self._zeros_state(p)
        return state

    @elementwise
    def _update(self, p: Tensor, state: dict[str, Any], group: dict[str, Any]) -> None:
        data = p._data
        xp = array_ops(data)
        t = self._step_count(state)
        lr, wd = float(group["lr"]), float(group["weight_decay"])
        decoupled = group["decoupled_weight_decay"]
        beta1, beta2 = (float(b) for b in group["betas"])
        m, v = state["exp_avg"]._data, state["exp_avg_sq"]._data
        kernel = ADAM_UPDATE.get(xp)
        if kernel is not None:
            vmax = self._state_array(state, "max_exp_avg_sq", p) if group["amsgrad"] else m
            arrays = contiguous_views(data, p.grad._data, m, v, vmax)
            if arrays is not None:
                bc2_sqrt, step = (1.0 - beta2**t) ** 0.5, -lr / (1.0 - beta1**t)
                kernel(
                    *arrays,
                    lr,
                    beta1,
                    beta2,
                    float(group["eps"]),
                    wd,
                    bc2_sqrt,
                    step,
                    bool(group["amsgrad"]),
                    bool(group["maximize"]),
                    bool(decoupled),
                )
                return
        if wd and decoupled:
            xp.multiply(data, 1.0 - lr * wd, out=data)
        g = self._grad(p, group["maximize"], 0 if decoupled else wd)
        tmp, denom = self._buffer(data, 1), self._buffer(data, 2)
        lerp_(xp, m, g, 1.0 - beta1, tmp)
        ema_square_(xp, v, g, beta2, tmp)
        if group["amsgrad"]:
            vmax = self._state_array(state, "max_exp_avg_sq", p)
            xp.maximum(vmax, v, out=vmax)
            v = vmax
        xp.sqrt(v, out=denom)
        xp.divide(denom, (1.0 - beta2**t) ** 0.5, out=denom)
        xp.add(denom, float(group["eps"]), out=denom)
        addcdiv_(xp, data, m, denom, -lr / (1.0 - beta1**t), tmp)
