"""Devices: where a tensor's array lives (``device('cpu')``, ``device('cuda', 0)``), moving arrays
between devices through the host, and PyTorch's error for operands on two devices, all written
once from what each array library's namespace (``_backend``) says about its arrays."""

from __future__ import annotations

from typing import Any

import numpy as np

from ._backend import NUMPY, ArrayOps, array_ops

__all__ = [
    "device",
    "device_ops",
    "device_of",
    "to_numpy",
    "move",
    "device_mismatch",
    "check_devices",
]


class device:
    """Where a tensor's data lives: ``device('cpu')`` or ``device('cuda', 0)``."""

    __slots__ = ("type", "index")

    def __init__(self, type: str | device, index: int | None = None) -> None:
        kind = type
        if isinstance(kind, device):
            kind, index = kind.type, kind.index
        if ":" in kind:
            kind, idx = kind.split(":")
            index = int(idx)
        if kind not in ("cpu", "cuda"):
            raise ValueError(f"unknown device type {kind!r}; expected 'cpu' or 'cuda'")
        self.type = kind
        self.index = index

    def __eq__(self, other: object) -> bool:
        if isinstance(other, str):
            other = device(other)
        if not isinstance(other, device):
            return NotImplemented
        return self.type == other.type and (
            self.index == other.index or None in (self.index, other.index)
        )

    def __hash__(self) -> int:
        return hash(self.type)

    def __repr__(self) -> str:
        idx = "" if self.index is None else f", index={self.index}"
        return f"device(type='{self.type}'{idx})"

    def __str__(self) -> str:
        return self.type if self.index is None else f"{self.type}:{self.index}"


def device_ops(dev: Any) -> ArrayOps:
    """The namespace arrays on ``dev`` (a device or its name) compute with; for ``cuda``, the GPU
    backend's, or ``cuda.GPUUnavailableError`` saying what is missing."""
    if device(dev).type == "cpu":
        return NUMPY
    from .cuda import gpu_ops

    return gpu_ops()


def device_of(a: Any) -> device:
    """The device the array ``a`` lives on."""
    xp = array_ops(a)
    return device(xp.device_type, xp.device_index(a))


def to_numpy(a: Any) -> np.ndarray:
    """Any backend's array (or a number) as a NumPy array on the host."""
    return array_ops(a).to_numpy(a)


def move(a: Any, dev: Any) -> Any:
    """The array ``a`` on ``dev`` (itself when it is there already), through the host between
    two libraries."""
    dev = device(dev)
    src = array_ops(a)
    if src.device_type == dev.type and (dev.index is None or src.device_index(a) == dev.index):
        return a
    host = src.to_numpy(a)
    return host if dev.type == "cpu" else device_ops(dev).from_numpy(host, dev.index)


_NOT_ON_A_DEVICE = (type(None), int, float, bool, np.generic)  # numbers go with any device


def device_mismatch(*arrays: Any) -> RuntimeError | None:
    """PyTorch's error when ``arrays`` (arrays or numbers) live on more than one device, else
    None. Cheap when they share one array type: ops call it only after their library failed."""
    arrays = tuple(a for a in arrays if not isinstance(a, _NOT_ON_A_DEVICE))
    if len({type(a) for a in arrays}) < 2:
        return None
    found: list[str] = []
    for a in arrays:
        name = str(device_of(a))
        if name not in found:
            found.append(name)
    if len(found) < 2:
        return None
    found.sort(key=lambda name: name == "cpu")  # PyTorch names the accelerator first
    return RuntimeError(
        f"Expected all tensors to be on the same device, but found at least two devices, "
        f"{found[0]} and {found[1]}!"
    )


def check_devices(*arrays: Any) -> None:
    """Raise ``device_mismatch``'s error if there is one; ops call it where their array library
    refused the operands (a TypeError), before re-raising that."""
    err = device_mismatch(*arrays)
    if err is not None:
        raise err
