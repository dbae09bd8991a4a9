"""``torch.accelerator``: the current accelerator, which for neuralgrad is the GPU backend."""

from __future__ import annotations

from . import cuda
from ._devices import device

__all__ = ["is_available", "current_accelerator", "device_count"]


def is_available() -> bool:
    """Whether an accelerator (a GPU through CuPy) can be used."""
    return cuda.is_available()


def current_accelerator(check_available: bool = False) -> device | None:
    """``device('cuda')`` when the GPU backend is available, else None."""
    return device("cuda") if cuda.is_available() else None


def device_count() -> int:
    """The number of accelerators (GPUs) the backend sees."""
    return cuda.device_count()
