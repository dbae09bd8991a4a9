"""The package name that printed values carry (``neuralgrad.float32``, ``neuralgrad.Size([2])``).

While ``install_as_torch()`` is in effect it is ``torch``, so that a PyTorch script run on
neuralgrad prints what it prints under PyTorch.
"""

from __future__ import annotations

__all__ = ["naming", "qualified"]


class _Naming:
    __slots__ = ("package",)

    def __init__(self) -> None:
        self.package = "neuralgrad"


naming = _Naming()


def qualified(name: str) -> str:
    """``name`` under the printed package name: ``neuralgrad.float32`` or ``torch.float32``."""
    return f"{naming.package}.{name}"
