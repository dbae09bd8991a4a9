"""The devices that device-parametrised tests run on (``@pytest.mark.parametrize("device",
DEVICES, indirect=True)``; the fixtures are in conftest.py): the CPU, the simulated GPU (CuPy's
interface over NumPy, simulated_gpu.py) on every machine, and a real GPU through CuPy where one
is there (marked ``gpu``: ``pytest -m gpu`` runs only those; without a GPU they skip, saying
what is missing)."""

from __future__ import annotations

import pytest

import neuralgrad as ng

__all__ = ["DEVICES", "gpu_or_skip"]

DEVICES = [
    "cpu",
    "simulated-gpu",
    pytest.param("cuda", marks=pytest.mark.gpu),
]


def gpu_or_skip() -> None:
    """Skip the test, naming what is missing, unless CuPy sees a GPU."""
    try:
        ng.cuda.array_module()
    except ng.cuda.GPUUnavailableError as e:
        pytest.skip(str(e))
