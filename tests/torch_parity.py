"""A check shared by the tests that hold neuralgrad to PyTorch: the same call fails the same
way in both."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import neuralgrad as ng


def raises_like_torch(call: Callable[[Any], Any], error: Any) -> pytest.ExceptionInfo:
    """``call(torch)`` and ``call(neuralgrad)`` both raise ``error``; neuralgrad's exception."""
    torch = pytest.importorskip("torch")
    with pytest.raises(error):
        call(torch)
    with pytest.raises(error) as info:
        call(ng)
    return info
