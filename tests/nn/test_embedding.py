"""``nn.Embedding`` and ``F.embedding`` side by side with PyTorch: lookups, gradients under every
option, initialisation, printing, ``from_pretrained`` and errors."""

from __future__ import annotations

import numpy as np
import pytest

import neuralgrad as ng
from torch_parity import raises_like_torch

torch = pytest.importorskip("torch")

W = np.random.default_rng(0).standard_normal((6, 3)).astype(np.float32)
IDX = np.array([[1, 2, 1], [5, 1, 0]])
OPTIONS = [
    {},
    {"padding_idx": 1},
    {"padding_idx": -1},
    {"scale_grad_by_freq": True},
    {"max_norm": 1.0},
    {"max_norm": 0.5, "norm_type": 1.0, "padding_idx": 0, "scale_grad_by_freq": True},
]


@pytest.mark.parametrize("kw", OPTIONS, ids=[str(k) for k in OPTIONS])
def test_functional_matches_pytorch(kw):
    w, tw = ng.tensor(W.copy(), requires_grad=True), torch.tensor(W.copy(), requires_grad=True)
    out = ng.nn.functional.embedding(ng.tensor(IDX), w, **kw)
    tout = torch.nn.functional.embedding(torch.tensor(IDX), tw, **kw)
    g = np.random.default_rng(1).standard_normal(tuple(out.shape)).astype(np.float32)
    out.backward(ng.tensor(g))
    tout.backward(torch.tensor(g))
    np.testing.assert_allclose(out.detach().numpy(), tout.detach().numpy(), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(w.grad.numpy(), tw.grad.numpy(), rtol=1e-6, atol=1e-7)
    # max_norm rescales the looked-up rows of the weight itself, in place
    np.testing.assert_allclose(w.detach().numpy(), tw.detach().numpy(), rtol=1e-6, atol=1e-7)


def test_module_matches_pytorch_from_the_same_weights():
    for kw in OPTIONS:
        m, tm = ng.nn.Embedding(6, 3, **kw), torch.nn.Embedding(6, 3, **kw)
        assert repr(m) == repr(tm)
        assert list(m.state_dict()) == list(tm.state_dict())
        with torch.no_grad():
            tm.weight.copy_(torch.tensor(W))
        m.load_state_dict({"weight": ng.tensor(W)})
        out, tout = m(ng.tensor(IDX)), tm(torch.tensor(IDX))
        out.sum().backward()
        tout.sum().backward()
        np.testing.assert_allclose(out.detach().numpy(), tout.detach().numpy(), rtol=1e-6)
        np.testing.assert_allclose(m.weight.grad.numpy(), tm.weight.grad.numpy(), rtol=1e-6)


def test_initialisation_is_standard_normal_with_a_zero_padding_row():
    ng.manual_seed(0)
    m = ng.nn.Embedding(4000, 50, padding_idx=3)
    w = m.weight.detach().numpy()
    assert w[3].tolist() == [0.0] * 50
    assert abs(w.mean()) < 0.01 and abs(w.std() - 1.0) < 0.01
    assert m.weight.requires_grad and m.padding_idx == 3


def test_from_pretrained_freezes_unless_asked():
    emb = ng.tensor(W)
    frozen, tfrozen = (
        ng.nn.Embedding.from_pretrained(emb),
        torch.nn.Embedding.from_pretrained(torch.tensor(W)),
    )
    assert frozen.weight.requires_grad == tfrozen.weight.requires_grad == False  # noqa: E712
    free = ng.nn.Embedding.from_pretrained(emb, freeze=False, padding_idx=2)
    assert free.weight.requires_grad and repr(free) == "Embedding(6, 3, padding_idx=2)"
    np.testing.assert_array_equal(frozen(ng.tensor([4])).numpy(), W[[4]])


@pytest.mark.parametrize(
    "call,error",
    [
        (lambda m: m.nn.functional.embedding(m.tensor([6]), m.ones(6, 3)), IndexError),
        (lambda m: m.nn.functional.embedding(m.tensor([-1]), m.ones(6, 3)), IndexError),
        (lambda m: m.nn.functional.embedding(m.tensor([1.0]), m.ones(6, 3)), RuntimeError),
        (lambda m: m.nn.functional.embedding(m.tensor([1]), m.ones(3)), RuntimeError),
        (lambda m: m.nn.Embedding(5, 3, _weight=m.ones(4, 3)), (ValueError, AssertionError)),
        (lambda m: m.nn.Embedding(5, 3, padding_idx=5), (ValueError, AssertionError)),
    ],
)
def test_errors_match_pytorch(call, error):
    raises_like_torch(call, error)


def test_int32_indices_and_sparse_refusal():
    m = ng.nn.Embedding(6, 3)
    assert m(ng.tensor([1, 2], dtype=ng.int32)).shape == (2, 3)
    with pytest.raises(ValueError, match="sparse"):
        ng.nn.Embedding(6, 3, sparse=True)(ng.tensor([1]))
