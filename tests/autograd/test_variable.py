"""``autograd.Variable``, kept for tutorials written before PyTorch 0.4."""

from __future__ import annotations

import pytest

import neuralgrad as ng
from neuralgrad.autograd import Variable


def test_variable_is_a_detached_leaf_as_in_pytorch():
    torch = pytest.importorskip("torch")
    for m in (ng, torch):
        x = m.tensor([1.0, 2.0])
        v = m.autograd.Variable(x, requires_grad=True)
        assert v is not x and v.requires_grad and v.is_leaf and not x.requires_grad
        assert isinstance(x, m.autograd.Variable)
        y = m.tensor([1.0], requires_grad=True) * 2
        assert m.autograd.Variable(y).grad_fn is None
        assert not m.autograd.Variable(y).requires_grad
        (v * v).mean().backward()
        assert v.grad.tolist() == [1.0, 2.0]


def test_variable_shares_memory_and_refuses_non_tensors():
    torch = pytest.importorskip("torch")
    x = ng.tensor([1.0, 2.0])
    v = Variable(x)
    v.data[0] = 5.0
    assert x[0].item() == 5.0
    for m in (ng, torch):
        with pytest.raises(TypeError, match="has to be a tensor"):
            m.autograd.Variable([1.0])
        with pytest.raises(RuntimeError):
            m.autograd.Variable(m.tensor([1, 2]), requires_grad=True)
