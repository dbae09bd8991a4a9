"""Comparing two programs' printed outputs: the same text, numbers equal to PyTorch's printed
precision (a difference in the last printed digit, or a relative 1e-4, is allowed)."""

from __future__ import annotations

import re

__all__ = ["mismatches"]

_NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?|nan|inf")
# the names of backward nodes differ (PyTorch numbers its overloads: SumBackward0) and so do
# the nodes of ops that neuralgrad composes; that a grad_fn is there must agree
_GRAD_FN = re.compile(r"grad_fn=<\w+>")


def _last_digit(token: str) -> float:
    """One unit in the last printed digit of ``token`` (``0.0001`` for ``1.2345``)."""
    mantissa, _, exponent = token.lower().partition("e")
    decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
    return 10.0 ** (int(exponent or 0) - decimals)


def _numbers_agree(ours: str, theirs: str, rtol: float) -> bool:
    if ours == theirs:
        return True
    a, b = float(ours), float(theirs)
    return abs(a - b) <= max(rtol * abs(b), _last_digit(theirs) * 1.0001)


def mismatches(ours: str, theirs: str, rtol: float = 1e-4) -> list[str]:
    """The lines where ``ours`` and ``theirs`` differ in text or beyond the tolerance."""
    a, b = ours.splitlines(), theirs.splitlines()
    problems = [f"{len(a)} lines, PyTorch printed {len(b)}"] if len(a) != len(b) else []
    for k, (x, y) in enumerate(zip(a, b), 1):
        x, y = _GRAD_FN.sub("grad_fn=<>", x), _GRAD_FN.sub("grad_fn=<>", y)
        same_text = _NUMBER.sub("#", x) == _NUMBER.sub("#", y)
        nx, ny = _NUMBER.findall(x), _NUMBER.findall(y)
        if not same_text or not all(_numbers_agree(p, q, rtol) for p, q in zip(nx, ny)):
            problems.append(f"line {k}:\n  neuralgrad: {x}\n  PyTorch:    {y}")
    return problems
