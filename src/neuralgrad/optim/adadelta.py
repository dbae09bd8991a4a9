"""Adadelta: Adagrad with decaying averages, and steps in the units of the parameters."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .._backend import array_ops
from .._fused import contiguous_views
from .._tensor import Tensor
from ._flat import elementwise
from ._kernels import ADADELTA_UPDATE
from ._updates import ema_square_
from .optimizer import Optimizer, require

__all__ = ["Adadelta"]


class Adadelta(Optimizer):
    r"""Adadelta (Zeiler, 2012; ``torch.optim.Adadelta``), PyTorch's update and numbers.

    With learning rate γ, decay ρ, weight decay λ and ε, at step t::

        g_t = ∇θ f(θ_{t-1})                   (−∇θ f when maximize)
        g_t ← g_t + λ θ_{t-1}                 (if λ ≠ 0)
        v_t = ρ v_{t-1} + (1 − ρ) g_t²        (square_avg)
        Δ_t = √(u_{t-1} + ε) / √(v_t + ε) · g_t
        u_t = ρ u_{t-1} + (1 − ρ) Δ_t²        (acc_delta)
        θ_t = θ_{t-1} − γ Δ_t

    The moving average ``v`` replaces Adagrad's ever-growing sum, and the ratio of the two RMS
    values gives the step the units of θ, which is why the default γ is 1.
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1.0,
        rho: float = 0.9,
        eps: float = 1e-6,
        weight_decay: float = 0,
        *,
        maximize: bool = False,
    ) -> None:
        require(0.0 <= lr, "learning rate", lr)
        require(0.0 <= rho <= 1.0, "rho value", rho)
        require(0.0 <= eps, "epsilon value", eps)
        require(0.0 <= weight_decay, "weight_decay value", weight_decay)
        defaults = dict(lr=lr, rho=rho, eps=eps, weight_decay=weight_decay, maximize=maximize)
        super().__init__(params, defaults)

    def _init_state(self, p: Tensor, group: dict[str, Any]) -> dict[str, Any]:
        return {
            "step": self._new_step(),
            "square_avg": self._zeros_state(p),
            "acc_delta": self._zeros_state(p),
        }

    @elementwise
    def _update(self, p: Tensor, state: dict[str, Any], group: dict[str, Any]) -> None:
        data = p._data
        xp = array_ops(data)
        self._step_count(state)
        rho, eps = float(group["rho"]), float(group["eps"])
        v, u = state["square_avg"]._data, state["acc_delta"]._data
        kernel = ADADELTA_UPDATE.get(xp)
        if kernel is not None:
            arrays = contiguous_views(data, p.grad._data, v, u)
            if arrays is not None:
                lr, wd = float(group["lr"]), float(group["weight_decay"])
                kernel(*arrays, lr, rho, eps, wd, bool(group["maximize"]))
                return
        g = self._grad(p, group["maximize"], group["weight_decay"])
        tmp, std, delta = (self._buffer(data, i) for i in (1, 2, 3))
        ema_square_(xp, v, g, rho, tmp)
        xp.add(v, eps, out=std)
        xp.sqrt(std, out=std)
        xp.add(u, eps, out=delta)
        xp.sqrt(delta, out=delta)
        xp.divide(delta, std, out=delta)
        xp.multiply(delta, g, out=delta)
        ema_square_(xp, u, delta, rho, tmp)
        xp.multiply(delta, -float(group["lr"]), out=delta)
        xp.add(data, delta, out=data)
