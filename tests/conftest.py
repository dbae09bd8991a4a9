"""Fixtures for device-parametrised tests (devices.py): ``device`` is where neuralgrad's tensors
go ('cpu' or 'cuda', the GPU simulated or real), ``torch_device`` where PyTorch's references
do (a real GPU's references run on PyTorch CUDA, the others on its CPU)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import simulated_gpu
from devices import gpu_or_skip


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "gpu: runs on a real GPU through CuPy (skipped, saying why, without one)"
    )


@pytest.fixture
def device(request: pytest.FixtureRequest) -> Iterator[str]:
    """The device name the test's tensors go to."""
    kind = getattr(request, "param", "cpu")
    if kind == "cpu":
        yield "cpu"
    elif kind == "simulated-gpu":
        with simulated_gpu.installed():
            yield "cuda"
    else:
        gpu_or_skip()
        yield "cuda"


@pytest.fixture
def torch_device(request: pytest.FixtureRequest, device: str) -> str:
    """'cuda' for a real GPU, else 'cpu'."""
    return "cuda" if request.node.callspec.params.get("device") == "cuda" else "cpu"
