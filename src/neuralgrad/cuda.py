"""``torch.cuda``'s queries, answered for neuralgrad's GPU backend: CuPy on an NVIDIA GPU.

Without CuPy or without a GPU, ``is_available()`` is False and ``device_count()`` 0, and asking
for a ``cuda`` tensor raises ``GPUUnavailableError`` naming what is missing. Random draws for
GPU tensors come from each GPU's own generator (CuPy's, on the device): ``neuralgrad.manual_seed``
seeds it with the CPU's, ``manual_seed`` here seeds the current GPU's only, ``manual_seed_all``
every GPU's (without a GPU they have nothing to seed, as PyTorch's).
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
    "gpu_ops",
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


def gpu_ops() -> Any:
    """The array namespace GPU tensors compute with (``_backend.GPUOps`` over CuPy), or
    ``GPUUnavailableError`` saying what is missing."""
    return _ops_for(array_module())


@functools.cache
def _ops_for(module: ModuleType) -> Any:
    from ._backend import GPUOps

    if getattr(module, "__name__", "") == "cupy":
        import cupyx.scipy.special as special  # optional GPU backend: erf for GELU
    else:  # a library with CuPy's interface brings its own (the test suite's simulated GPU)
        special = module.special
    return GPUOps(module, special)


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
    """Wait for the GPU's queued work to finish (timings and host reads need it)."""
    gpu_ops().synchronize(current_device() if device is None else _index(device))


def manual_seed(seed: int) -> None:
    """Seed the current GPU's generator (nothing to seed without a GPU, as in PyTorch)."""
    if is_available():
        from .random import device_generator

        device_generator(f"cuda:{current_device()}").manual_seed(seed)


def manual_seed_all(seed: int) -> None:
    """Seed every GPU's generator (nothing to seed without a GPU, as in PyTorch)."""
    from .random import device_generator

    for i in range(device_count()):
        device_generator(f"cuda:{i}").manual_seed(seed)


def _index(device: Any) -> int:
    if isinstance(device, int):
        return device
    from ._devices import device as device_cls

    return device_cls(device).index or 0
