"""``parameters_to_vector`` / ``vector_to_parameters`` side by side with PyTorch."""

from __future__ import annotations

import numpy as np
import pytest

import neuralgrad as ng
from neuralgrad.nn import utils


def _pair() -> tuple:
    torch = pytest.importorskip("torch")
    tm = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Linear(4, 2))
    nm = ng.nn.Sequential(ng.nn.Linear(3, 4), ng.nn.Linear(4, 2))
    nm.load_state_dict({k: ng.tensor(v.numpy()) for k, v in tm.state_dict().items()})
    return tm, nm


def test_parameters_to_vector_matches_torch_and_is_differentiable() -> None:
    torch = pytest.importorskip("torch")
    tm, nm = _pair()
    tv = torch.nn.utils.parameters_to_vector(tm.parameters())
    nv = utils.parameters_to_vector(nm.parameters())
    assert nv.shape == (26,)
    np.testing.assert_array_equal(nv.detach().numpy(), tv.detach().numpy())
    w = np.arange(26, dtype=np.float32)
    (tv * torch.tensor(w)).sum().backward()
    (nv * ng.tensor(w)).sum().backward()
    for a, b in zip(nm.parameters(), tm.parameters()):
        np.testing.assert_array_equal(a.grad.numpy(), b.grad.numpy())


def test_vector_to_parameters_matches_torch_and_shares_memory() -> None:
    torch = pytest.importorskip("torch")
    tm, nm = _pair()
    vec = np.linspace(-1, 1, 26).astype(np.float32)
    tvec, nvec = torch.tensor(vec), ng.tensor(vec)
    torch.nn.utils.vector_to_parameters(tvec, tm.parameters())
    utils.vector_to_parameters(nvec, nm.parameters())
    for a, b in zip(nm.parameters(), tm.parameters()):
        assert a.shape == tuple(b.shape) and a.requires_grad
        np.testing.assert_array_equal(a.detach().numpy(), b.detach().numpy())
    nvec[0] = 5.0  # the parameters now view the vector, as in PyTorch
    assert float(next(nm.parameters()).detach()[0, 0]) == 5.0


def test_vector_to_parameters_errors() -> None:
    nm = ng.nn.Linear(3, 4)
    with pytest.raises(TypeError, match="expected neuralgrad.Tensor"):
        utils.vector_to_parameters(np.zeros(16), nm.parameters())
    with pytest.raises(RuntimeError, match="fewer"):
        utils.vector_to_parameters(ng.zeros(10), nm.parameters())
