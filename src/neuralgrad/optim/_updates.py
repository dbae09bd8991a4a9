"""The in-place array formulas several optimizers share: PyTorch's ``lerp_``, ``mul_().addcmul_()``
and ``addcdiv_`` written with ``out=`` ufuncs, in PyTorch's order of operations (so float32
rounding matches), on any NumPy-like namespace ``xp``. ``tmp`` is a scratch array of the same
shape that the caller owns; no function allocates.
"""

from __future__ import annotations

from typing import Any

__all__ = ["lerp_", "ema_square_", "addcdiv_"]


def lerp_(xp: Any, avg: Any, x: Any, weight: float, tmp: Any) -> None:
    """``avg ← avg + w (x − avg)``: an exponential moving average with weight ``w = 1 − β``."""
    xp.subtract(x, avg, out=tmp)
    xp.multiply(tmp, weight, out=tmp)
    xp.add(avg, tmp, out=avg)


def ema_square_(xp: Any, avg: Any, x: Any, decay: float, tmp: Any) -> None:
    """``avg ← ρ avg + (1 − ρ) x²``: a moving average of squares (``mul_(ρ).addcmul_(x, x)``)."""
    xp.multiply(avg, decay, out=avg)
    xp.multiply(x, 1.0 - decay, out=tmp)
    xp.multiply(tmp, x, out=tmp)
    xp.add(avg, tmp, out=avg)


def addcdiv_(xp: Any, out: Any, num: Any, den: Any, value: float, tmp: Any) -> None:
    """``out ← out + (value · num) / den`` (``addcdiv_``); ``tmp`` must not be ``den``."""
    xp.multiply(num, value, out=tmp)
    xp.divide(tmp, den, out=tmp)
    xp.add(out, tmp, out=out)
