"""Stochastic gradient descent with momentum, dampening, Nesterov momentum and weight decay."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .._backend import array_ops
from .._fused import contiguous_views
from .._tensor import Tensor
from ._flat import elementwise
from ._kernels import SGD_UPDATE
from .optimizer import Optimizer, _state_tensor, require

__all__ = ["SGD"]


class SGD(Optimizer):
    r"""Stochastic gradient descent (``torch.optim.SGD``), PyTorch's update and numbers.

    With learning rate γ, momentum μ, dampening τ and weight decay λ, at step t::

        g_t = ∇θ f(θ_{t-1})                 (−∇θ f when maximize)
        g_t ← g_t + λ θ_{t-1}               (if λ ≠ 0: L2 regularisation)
        if μ ≠ 0:
            b_t = g_t                         (t = 1)
            b_t = μ b_{t-1} + (1 − τ) g_t     (t > 1)
            g_t ← g_t + μ b_t  (nesterov)   or   g_t ← b_t
        θ_t = θ_{t-1} − γ g_t

    The course writes momentum as a velocity, ``v ← μ v + γ g; θ ← θ − v``: the same steps
    while γ is constant (``v = γ b``). PyTorch keeps the buffer ``b`` without γ, so a schedule
    that changes γ scales the whole step at once; we keep ``b`` too (state key
    ``momentum_buffer``). The course's Nesterov momentum takes the gradient at the look-ahead
    point ``θ − μ v``; the ``nesterov=True`` form above (Sutskever et al., 2013) is the same
    method rewritten in the shifted variable ``θ + μ v`` so the gradient is taken at the current
    parameters. A look-ahead written literally can still be run through ``step(closure)``: the
    closure moves to the look-ahead point, evaluates the loss and calls ``backward``.

    ``velocity=True`` (ours; Keras's form) keeps the course's velocity instead,
    ``v_t = μ v_{t-1} + γ_t (1 − τ) g_t`` and ``θ_t = θ_{t-1} − v_t`` (Nesterov:
    ``θ_t = θ_{t-1} − (γ_t g_t + μ v_t)``), so a schedule weights only the new gradients; with
    a constant γ both forms give the same iterates (see the course-conventions page for a
    worked check where they differ).
    """

    # plain SGD makes two array calls per parameter: a flat pass pays off on smaller groups only
    _flat_limit = 1 << 11

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        momentum: float = 0,
        dampening: float = 0,
        weight_decay: float = 0,
        nesterov: bool = False,
        *,
        maximize: bool = False,
        velocity: bool = False,
    ) -> None:
        require(0.0 <= lr, "learning rate", lr)
        require(0.0 <= momentum, "momentum value", momentum)
        require(0.0 <= weight_decay, "weight_decay value", weight_decay)
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError(
                "Nesterov momentum requires a momentum and zero dampening, got "
                f"momentum={momentum!r}, dampening={dampening!r}"
            )
        defaults = dict(
            lr=lr,
            momentum=momentum,
            dampening=dampening,
            weight_decay=weight_decay,
            nesterov=nesterov,
            maximize=maximize,
        )
        if velocity:  # only then: the groups keep PyTorch's keys otherwise
            defaults["velocity"] = True
        super().__init__(params, defaults)

    def _init_state(self, p: Tensor, group: dict[str, Any]) -> dict[str, Any] | None:
        # the buffer is made from the first gradient, in _momentum
        return {} if group["momentum"] != 0 else None

    @elementwise
    def _update(self, p: Tensor, state: dict[str, Any] | None, group: dict[str, Any]) -> None:
        data = p._data
        xp = array_ops(data)
        kernel = SGD_UPDATE.get(xp)
        if kernel is not None and self._fused_update(kernel, p, state, group):
            return
        g = self._grad(p, group["maximize"], group["weight_decay"])
        lr = float(group["lr"])
        if group["momentum"] != 0 and group.get("velocity"):
            scaled = self._buffer(g, 0)  # g itself when _grad already made a copy there
            xp.multiply(g, lr, out=scaled)  # the velocity accumulates γ g
            g = self._momentum(scaled, state, group, xp)
            lr = 1.0
        elif group["momentum"] != 0:
            g = self._momentum(g, state, group, xp)
        step = self._buffer(data, 1)
        xp.multiply(g, -lr, out=step)
        xp.add(data, step, out=data)

    def _fused_update(self, kernel: Any, p: Tensor, state: Any, group: dict[str, Any]) -> bool:
        """The update above as one fused loop (False: the arrays do not suit it)."""
        data, momentum = p._data, float(group["momentum"])
        buf = first = None
        if momentum != 0:
            buf = state.get("momentum_buffer")
            first = buf is None
            buf = array_ops(data).empty_like(data) if first else buf._data
        arrays = contiguous_views(data, p.grad._data, data if buf is None else buf)
        if arrays is None:
            return False
        if first:
            state["momentum_buffer"] = _state_tensor(buf)
        kernel(
            *arrays,
            float(group["lr"]),
            momentum,
            1.0 - float(group["dampening"]),
            float(group["weight_decay"]),
            bool(group["maximize"]),
            bool(group["nesterov"]),
            bool(group.get("velocity")),
            bool(first),
        )
        return True

    def _momentum(self, g: Any, state: dict[str, Any], group: dict[str, Any], xp: Any) -> Any:
        """Update ``b`` in place and return the direction: ``b`` or ``g + μ b`` (Nesterov)."""
        mu = float(group["momentum"])
        buf = state.get("momentum_buffer")
        if buf is None:
            b = xp.array(g, copy=True)
            state["momentum_buffer"] = _state_tensor(b)
        else:
            b = buf._data
            xp.multiply(b, mu, out=b)
            damp = 1.0 - float(group["dampening"])
            if damp != 1.0:
                tmp = self._buffer(b, 1)
                xp.multiply(g, damp, out=tmp)
                xp.add(b, tmp, out=b)
            else:
                xp.add(b, g, out=b)
        if not group["nesterov"]:
            return b
        out = self._buffer(b, 2)
        xp.multiply(b, mu, out=out)
        xp.add(g, out, out=out)
        return out
