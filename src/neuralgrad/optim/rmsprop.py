"""RMSprop: gradients divided by a moving root-mean-square of recent gradients."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .._backend import array_ops
from .._fused import contiguous_views
from .._tensor import Tensor
from ._flat import elementwise
from ._kernels import RMSPROP_UPDATE
from ._updates import addcdiv_, ema_square_, lerp_
from .optimizer import Optimizer, require

__all__ = ["RMSprop"]


class RMSprop(Optimizer):
    r"""RMSprop (Hinton's lecture notes; ``torch.optim.RMSprop``), PyTorch's update and numbers.

    With learning rate γ, smoothing α, momentum μ, weight decay λ and ε, at step t::

        g_t = ∇θ f(θ_{t-1})                   (−∇θ f when maximize)
        g_t ← g_t + λ θ_{t-1}                 (if λ ≠ 0: L2, inside the normalisation)
        v_t = α v_{t-1} + (1 − α) g_t²        (square_avg)
        centered:  m_t = α m_{t-1} + (1 − α) g_t;   ṽ_t = v_t − m_t²   (grad_avg)
        otherwise: ṽ_t = v_t
        if μ > 0:  b_t = μ b_{t-1} + g_t / (√ṽ_t + ε);   θ_t = θ_{t-1} − γ b_t
        otherwise: θ_t = θ_{t-1} − γ g_t / (√ṽ_t + ε)

    The course's version is the plain case (μ = 0, not centered), with its γ the decay α and ε
    added outside the root, as PyTorch does. ``centered`` divides by an estimate of the
    gradient's variance instead of its second moment.
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-2,
        alpha: float = 0.99,
        eps: float = 1e-8,
        weight_decay: float = 0,
        momentum: float = 0,
        centered: bool = False,
        *,
        maximize: bool = False,
    ) -> None:
        require(0.0 <= lr, "learning rate", lr)
        require(0.0 <= eps, "epsilon value", eps)
        require(0.0 <= momentum, "momentum value", momentum)
        require(0.0 <= weight_decay, "weight_decay value", weight_decay)
        require(0.0 <= alpha, "alpha value", alpha)
        defaults = dict(
            lr=lr,
            momentum=momentum,
            alpha=alpha,
            eps=eps,
            centered=centered,
            weight_decay=weight_decay,
            maximize=maximize,
        )
        super().__init__(params, defaults)

    def _init_state(self, p: Tensor, group: dict[str, Any]) -> dict[str, Any]:
        state = {"step": self._new_step(), "square_avg": self._zeros_state(p)}
        if group["momentum"] > 0:
            state["momentum_buffer"] = self._zeros_state(p)
        if group["centered"]:
            state["grad_avg"] = self._zeros_state(p)
        return state

    @elementwise
    def _update(self, p: Tensor, state: dict[str, Any], group: dict[str, Any]) -> None:
        data = p._data
        xp = array_ops(data)
        self._step_count(state)
        alpha, lr = float(group["alpha"]), float(group["lr"])
        kernel = RMSPROP_UPDATE.get(xp)
        if kernel is not None:
            v = state["square_avg"]._data
            mean = self._state_array(state, "grad_avg", p) if group["centered"] else v
            buf = self._state_array(state, "momentum_buffer", p) if group["momentum"] > 0 else v
            arrays = contiguous_views(data, p.grad._data, v, mean, buf)
            if arrays is not None:
                kernel(
                    *arrays,
                    lr,
                    alpha,
                    float(group["eps"]),
                    float(group["weight_decay"]),
                    float(group["momentum"]),
                    bool(group["centered"]),
                    bool(group["maximize"]),
                )
                return
        g = self._grad(p, group["maximize"], group["weight_decay"])
        tmp, avg = self._buffer(data, 1), self._buffer(data, 2)
        v = state["square_avg"]._data
        ema_square_(xp, v, g, alpha, tmp)
        if group["centered"]:
            m = self._state_array(state, "grad_avg", p)
            lerp_(xp, m, g, 1.0 - alpha, tmp)
            xp.multiply(m, -1.0, out=avg)
            xp.multiply(avg, m, out=avg)
            xp.add(v, avg, out=avg)
            xp.sqrt(avg, out=avg)
        else:
            xp.sqrt(v, out=avg)
        xp.add(avg, float(group["eps"]), out=avg)
        if group["momentum"] > 0:
            b = self._state_array(state, "momentum_buffer", p)
            xp.multiply(b, float(group["momentum"]), out=b)
            addcdiv_(xp, b, g, avg, 1.0, tmp)
            xp.multiply(b, -lr, out=tmp)
            xp.add(data, tmp, out=data)
        else:
            addcdiv_(xp, data, g, avg, -lr, tmp)
