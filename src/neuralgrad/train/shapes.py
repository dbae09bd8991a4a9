"""The one shape check ``fit`` and ``evaluate`` add to PyTorch's losses: outputs of shape (N, 1)
against targets of shape (N,) (or the reverse). An elementwise loss broadcasts the pair to
(N, N), compares every output with every target and trains to the wrong answer (a line fit of
y = 2x + 1 ends near w = 0.09); Keras squeezes the pair instead. ``nn.functional`` keeps
PyTorch's behaviour (a warning); our own loop refuses and says how to fix the shapes.
"""

from __future__ import annotations

from typing import Any

__all__ = ["check_output_target"]

# losses that compare outputs and targets element by element, broadcasting them (PyTorch's)
_ELEMENTWISE = frozenset(
    {
        "MSELoss",
        "L1Loss",
        "HuberLoss",
        "SmoothL1Loss",
        "BCELoss",
        "BCEWithLogitsLoss",
        "mse_loss",
        "l1_loss",
        "huber_loss",
        "smooth_l1_loss",
        "binary_cross_entropy",
        "binary_cross_entropy_with_logits",
    }
)


def _loss_name(loss: Any) -> str:
    return getattr(loss, "__name__", None) or type(loss).__name__


def check_output_target(out: Any, target: Any, loss: Any, where: str = "fit") -> None:
    """Raise ``ValueError`` naming both shapes when an elementwise ``loss`` would broadcast
    outputs (N, 1) against targets (N,), or (N,) against (N, 1), to (N, N)."""
    name = _loss_name(loss)
    if name not in _ELEMENTWISE:
        return
    o, t = tuple(getattr(out, "shape", ())), tuple(getattr(target, "shape", ()))
    column, vector = (o, t) if len(o) == 2 else (t, o)
    if len(vector) != 1 or column != (vector[0], 1):
        return
    n = vector[0]
    if n == 1:
        return  # (1, 1) against (1,) broadcasts to (1, 1): the same numbers
    fix = (
        "give targets of the same shape (y.reshape(-1, 1), or y[:, None])"
        if len(o) == 2
        else "give targets of the same shape (y.reshape(-1))"
    )
    raise ValueError(
        f"{where}: the model's outputs have shape {o} but the targets have shape {t}; {name} "
        f"would broadcast them to ({n}, {n}) and compare every output with every target, "
        f"which trains to the wrong answer. {fix[0].upper() + fix[1:]}, or make the model's "
        f"output match the targets."
    )
