"""The rules that turn a layer's numbers into findings, with the thresholds they use and the
hints they give, in the course's vocabulary (dead neurons, saturated neurons that "kill"
gradients, vanishing and exploding gradients)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .report import Finding, LayerStats, layer_label

__all__ = ["Thresholds", "diagnose", "nonfinite_findings"]


@dataclass(frozen=True)
class Thresholds:
    """When a number becomes a finding.

    - ``dead``: fraction of a layer's ReLU units that never fire on the batch;
    - ``saturated``: fraction of a sigmoid/tanh layer's outputs within ``margin`` of an
      asymptote (tanh: |y| > 1 - margin; sigmoid: y < margin or y > 1 - margin);
    - ``grad_norm``: exploding when a layer's gradient norm is above this *and* above its
      weights' norm (or is not finite);
    - ``vanishing``: ||grad|| / ||weights|| below this: practically no gradient arrives;
    - ``update_ratio``: (low, high) bounds on ||update|| / ||weights|| per step. The usual
      rule of thumb (CS231n; not in the course text) is about 1e-3; the bounds flag steps 1000x
      smaller or 100x larger, because small layers of toy networks (and Adam's first steps)
      healthily move by a few percent per step.
    """

    dead: float = 0.25
    saturated: float = 0.25
    margin: float = 0.01
    grad_norm: float = 100.0
    vanishing: float = 1e-5
    update_ratio: tuple[float, float] = (1e-6, 1e-1)


def diagnose(layers: list[LayerStats], th: Thresholds) -> list[Finding]:
    """The findings for each layer's row, in layer order."""
    out: list[Finding] = []
    for r in layers:
        where = layer_label(r.name, r.kind)
        if r.dead is not None and r.dead > th.dead:
            out.append(
                Finding(
                    "dead_relu",
                    r.name,
                    f"{where}: {100 * r.dead:.0f}% of the units never fire on "
                    "this batch (dead neurons: no gradient reaches their weights)",
                    "try LeakyReLU or ELU, He initialisation, a smaller learning rate, "
                    "or check for large negative biases",
                    r.dead,
                )
            )
        if r.saturated is not None and r.saturated > th.saturated and not r.output:
            out.append(
                Finding(
                    "saturated",
                    r.name,
                    f"{where}: {100 * r.saturated:.0f}% of the outputs sit at "
                    "the asymptotes (saturated neurons kill gradients: vanishing gradients)",
                    "standardise the inputs, use a smaller (Xavier) initialisation, add BatchNorm, "
                    "or use ReLU in hidden layers",
                    r.saturated,
                )
            )
        out.extend(_gradient_findings(r, where, th))
    return out


def _gradient_findings(r: LayerStats, where: str, th: Thresholds) -> list[Finding]:
    g, ratio = r.grad_norm, r.grad_ratio
    if g is None:
        return []
    if not math.isfinite(g):
        return [
            Finding(
                "nonfinite",
                r.name,
                f"{where}: the gradient is not finite ({g})",
                "lower the learning rate, clip gradients (nn.utils.clip_grad_norm_), "
                "and look for log/sqrt/division at 0 in the model or loss",
                g,
            )
        ]
    found = []
    if g > th.grad_norm and g > (r.weight_norm or 0.0):
        found.append(
            Finding(
                "exploding",
                r.name,
                f"{where}: the gradient norm is {g:.3g}, larger than the "
                f"weights' ({r.weight_norm:.3g}) (exploding gradients)",
                "use a smaller initialisation "
                "(Xavier/He), a smaller learning rate, gradient clipping or BatchNorm",
                g,
            )
        )
    elif ratio is not None and ratio < th.vanishing:
        found.append(
            Finding(
                "vanishing",
                r.name,
                f"{where}: the gradient is only {ratio:.1e} of the weights (vanishing gradients)",
                "look for dead or saturated units before it; try ReLU, He "
                "initialisation or BatchNorm",
                ratio,
            )
        )
    u = r.update_ratio
    if u is not None and math.isfinite(u) and not th.update_ratio[0] <= u <= th.update_ratio[1]:
        big = u > th.update_ratio[1]
        found.append(
            Finding(
                "update_ratio",
                r.name,
                f"{where}: each step changes the weights by {u:.1e} of "
                "their norm (about 1e-3 is usual)",
                "the learning rate is probably too high"
                if big
                else "the learning rate is probably too low (or the gradient vanished)",
                u,
            )
        )
    return found


def nonfinite_findings(
    first_bad: tuple[str, str, str] | None,
    data_finite: bool = True,
    loss: float | None = None,
    loss_op: str | None = None,
) -> list[Finding]:
    """Where the first NaN or infinity came from: the data, a layer's op (``first_bad`` is the
    probe's ``(name, class, op)``), or the loss alone."""
    if not data_finite:
        return [
            Finding(
                "nonfinite",
                "",
                "the input batch already holds NaN or infinity",
                "clean or impute the data before training",
            )
        ]
    if first_bad is not None:
        name, cls, op = first_bad
        return [
            Finding(
                "nonfinite",
                name,
                f"the first NaN/inf came out of {layer_label(name, cls)}, made by op {op}",
                "look for log or sqrt of "
                "values <= 0, division by zero, or overflow from too large weights or "
                "learning rate",
            )
        ]
    if loss is not None and not math.isfinite(loss):
        made = f" (op {loss_op})" if loss_op else ""
        return [
            Finding(
                "nonfinite",
                "<loss>",
                f"the loss is {loss}{made} though the model's output is finite",
                "check the targets and the loss's inputs (log of 0 probabilities?)",
            )
        ]
    return []
