"""Adagrad: per-coordinate step sizes shrinking with the sum of past squared gradients."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .._backend import array_ops
from .._fused import contiguous_views
from .._tensor import Tensor
from ._flat import elementwise
from ._kernels import ADAGRAD_UPDATE
from ._updates import addcdiv_
from .optimizer import Optimizer, require

__all__ = ["Adagrad"]


class Adagrad(Optimizer):
    r"""Adagrad (Duchi et al., 2011; ``torch.optim.Adagrad``), PyTorch's update and numbers.

    With learning rate γ, learning-rate decay η, weight decay λ and ε, at step t::

        g_t = ∇θ f(θ_{t-1})              (−∇θ f when maximize)
        g_t ← g_t + λ θ_{t-1}            (if λ ≠ 0)
        γ̃ = γ / (1 + (t − 1) η)
        s_t = s_{t-1} + g_t²             (s_0 = initial_accumulator_value)
        θ_t = θ_{t-1} − γ̃ g_t / (√s_t + ε)

    Coordinates with large past gradients take small steps and rare ones large steps; since
    ``s`` only grows, the effective rate keeps falling (what Adadelta and RMSprop correct).
    State: ``step`` and ``sum``, created for every parameter at construction as PyTorch does.
    Unlike PyTorch, which always uses the constructor's value, a parameter group's own
    ``initial_accumulator_value`` is honoured.
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-2,
        lr_decay: float = 0,
        weight_decay: float = 0,
        initial_accumulator_value: float = 0,
        eps: float = 1e-10,
        *,
        maximize: bool = False,
    ) -> None:
        require(0.0 <= lr, "learning rate", lr)
        require(0.0 <= lr_decay, "lr_decay value", lr_decay)
        require(0.0 <= weight_decay, "weight_decay value", weight_decay)
        require(
            0.0 <= initial_accumulator_value,
            "initial_accumulator_value value",
            initial_accumulator_value,
        )
        require(0.0 <= eps, "epsilon value", eps)
        defaults = dict(
            lr=lr,
            lr_decay=lr_decay,
            eps=eps,
            weight_decay=weight_decay,
            initial_accumulator_value=initial_accumulator_value,
            maximize=maximize,
        )
        super().__init__(params, defaults)
        for group in self.param_groups:
            for p in group["params"]:
                self.state[p] = self._init_state(p, group)

    def _init_state(self, p: Tensor, group: dict[str, Any]) -> dict[str, Any]:
        return {
            "step": self._new_step(),
            "sum": self._zeros_state(p, float(group["initial_accumulator_value"])),
        }

    @elementwise
    def _update(self, p: Tensor, state: dict[str, Any], group: dict[str, Any]) -> None:
        data = p._data
        xp = array_ops(data)
        t = self._step_count(state)
        clr = float(group["lr"]) / (1 + (t - 1) * group["lr_decay"])
        s = state["sum"]._data
        kernel = ADAGRAD_UPDATE.get(xp)
        if kernel is not None:
            arrays = contiguous_views(data, p.grad._data, s)
            if arrays is not None:
                wd = float(group["weight_decay"])
                kernel(*arrays, clr, float(group["eps"]), wd, bool(group["maximize"]))
                return
        g = self._grad(p, group["maximize"], group["weight_decay"])
        tmp, std = self._buffer(data, 1), self._buffer(data, 2)
        xp.multiply(g, g, out=tmp)
        xp.add(s, tmp, out=s)
        xp.sqrt(s, out=std)
        xp.add(std, float(group["eps"]), out=std)
        addcdiv_(xp, data, g, std, -clr, tmp)
