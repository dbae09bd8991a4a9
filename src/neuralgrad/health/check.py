"""``check``: one forward (and, given a loss, one backward) pass on a batch, read as a training
health report; the model is left as it was found (gradients, buffers, random state)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from .. import random as ng_random
from ..autograd import enable_grad, no_grad
from ..train.callbacks.terminate_on_nan import all_finite
from .probe import Probe, first_bad_op, layer_rows
from .report import Report
from .rules import Thresholds, diagnose, nonfinite_findings

__all__ = ["check"]


def check(
    model: Any,
    batch_x: Any,
    batch_y: Any = None,
    loss: Callable | None = None,
    *,
    lr: float | None = None,
    thresholds: Thresholds | None = None,
) -> Report:
    """Run ``model`` on ``batch_x`` and report dead ReLUs, saturated sigmoid/tanh units, the
    first op that made a NaN or infinity and, when ``loss`` is given (called as
    ``loss(out, batch_y)``, or ``loss(out)`` without targets), each layer's gradient norm
    (vanishing or exploding gradients) and, with ``lr``, the update-to-weight ratio of a plain
    SGD step. Use a batch of a few dozen samples or more: a unit counts as dead when it fires
    on none of them. The model runs in the mode it is in (``train()`` or ``eval()``)."""
    th = thresholds or Thresholds()
    params = list(model.parameters())
    grads = [p.grad for p in params]
    buffers = [(b, b.clone()) for b in model.buffers()]
    probe = Probe(model, loss, th.margin)
    value = None
    try:
        for p in params:
            p.grad = None
        with enable_grad(), ng_random.fork_rng():  # dropout draws leave the stream alone
            out = model(batch_x)
            if loss is not None and probe.first_bad is None:  # a NaN output: that is the news
                value = loss(out, batch_y) if batch_y is not None else loss(out)
                if _finite_scalar(value):
                    value.backward()
        rows = layer_rows(model, probe, lr=lr)
    finally:
        probe.remove()
        for p, g in zip(params, grads):
            p.grad = g
        with no_grad():
            for b, saved in buffers:
                b.copy_(saved)
    loss_value = None if value is None else float(value.item())
    findings = nonfinite_findings(
        probe.first_bad,
        all_finite(batch_x),
        loss_value,
        None if value is None else first_bad_op(value),
    )
    return Report(findings + diagnose(rows, th), rows, loss_value)


def _finite_scalar(value: Any) -> bool:
    return math.isfinite(float(value.item()))
