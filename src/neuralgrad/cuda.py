"""``torch.cuda``'s queries, answered for neuralgrad's GPU backend: CuPy on an NVIDIA GPU.

Without CuPy or without a GPU, ``is_available()`` is False and ``device_count()`` 0, and asking
for a ``cuda`` tensor raises ``GPUUnavailableError`` naming what is missing. Random draws come
from the global generator on every device, so ``manual_seed``/``manual_seed_all`` have nothing
of their own to seed (as PyTorch's do when no GPU is present).
"""

from __future__ import annotations

import functools
from types import ModuleType
from typing import Any

__all__ = [
    "GPUUnavailableError",
    "is_available",
    "device_count",
    "current_device",
    "get_device_name",
    "synchronize",
    "manual_seed",
    "manual_seed_all",
    "array_module",
]

_INSTALL = "pip install 'neuralgrad[gpu]'"


class GPUUnavailableError(RuntimeError):
    """A GPU tensor was asked for, but the GPU backend (CuPy and a CUDA GPU) is not there."""


@functools.cache
def _probe() -> tuple[ModuleType | None, int, str]:
    """CuPy (or None), the number of GPUs it sees, and why none can be used (empty if some)."""
    try:
        import cupy  # optional GPU backend
    except ImportError:
        return None, 0, f"CuPy is not installed ({_INSTALL})"
    try:
        count = int(cupy.cuda.runtime.getDeviceCount())
    except Exception as e:  # no driver, no device: CuPy raises its own runtime errors
        return cupy, 0, f"CuPy found no usable CUDA GPU ({e})"
    return cupy, count, "" if count else "CuPy found no CUDA GPU"


def is_available() -> bool:
    """Whether ``cuda`` tensors can be made: CuPy is installed and sees at least one GPU."""
    return _probe()[1] > 0


def device_count() -> int:
    """The number of GPUs the backend sees (0 without CuPy or a GPU)."""
    return _probe()[1]


def array_module() -> ModuleType:
    """The GPU array library (CuPy), or ``GPUUnavailableError`` saying what is missing."""
    cupy, count, why = _probe()
    if not count:
        raise GPUUnavailableError(
            f"a 'cuda' device was asked for, but neuralgrad's GPU backend is not available: "
            f"{why}. Use the CPU (device='cpu'), or check neuralgrad.cuda.is_available() first."
        )
    return cupy


def current_device() -> int:
    """The index of the GPU that new ``cuda`` tensors go to."""
    return int(array_module().cuda.runtime.getDevice())


def get_device_name(device: Any = None) -> str:
    """The GPU's name, e.g. ``'NVIDIA H100 80GB HBM3'``."""
    cupy = array_module()
    index = current_device() if device is None else _index(device)
    name = cupy.cuda.runtime.getDeviceProperties(index)["name"]
    return name.decode() if isinstance(name, bytes) else str(name)


def synchronize(device: Any = None) -> None:
    """Wait for the GPU's queued work to finish."""
    array_module().cuda.runtime.deviceSynchronize()


def manual_seed(seed: int) -> None:
    """Nothing to seed: GPU tensors draw from the global generator (``neuralgrad.manual_seed``)."""


def manual_seed_all(seed: int) -> None:
    """Nothing to seed: GPU tensors draw from the global generator (``neuralgrad.manual_seed``)."""


def _index(device: Any) -> int:
    if isinstance(device, int):
        return device
    from ._backend import device as device_cls

    return device_cls(device).index or 0
