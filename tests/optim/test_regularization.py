"""The course's L1/L2 penalty terms."""

from __future__ import annotations

import numpy as np
import pytest

import neuralgrad as ng
from neuralgrad.optim import l1_penalty, l2_penalty

from .helpers import arrays, ng_loss, ng_params, torch_params


class _Net(ng.nn.Module):
    """Two weight matrices, a bias and a norm-like scale vector, registered on a Module."""

    def __init__(self, a):
        super().__init__()
        self.w1 = ng.nn.Parameter(ng.tensor(a["p0"].copy()))
        self.b1 = ng.nn.Parameter(ng.tensor(a["p1"].copy()))
        self.w2 = ng.nn.Parameter(ng.tensor(a["p2"].copy()))
        self.scale = ng.nn.Parameter(ng.tensor(a["p3"].copy()))


def test_penalties_are_the_course_formulas():
    a = arrays()
    params = ng_params(a)
    l1 = sum(np.abs(a[f"p{i}"]).sum() for i in range(4))
    l2 = sum((a[f"p{i}"].astype(np.float64) ** 2).sum() for i in range(4))
    assert l1_penalty(params, 1e-3).item() == pytest.approx(1e-3 * l1, rel=1e-6)
    assert l2_penalty(params, 0.5).item() == pytest.approx(0.5 * l2, rel=1e-6)


def test_weights_only_keeps_the_matrices_of_a_module():
    a = arrays()
    net = _Net(a)
    expected = np.abs(a["p0"]).sum() + np.abs(a["p2"]).sum()
    assert l1_penalty(net, 2.0, weights_only=True).item() == pytest.approx(2 * expected, rel=1e-6)
    named = list(net.named_parameters())
    assert l1_penalty(named, 2.0, weights_only=True).item() == pytest.approx(2 * expected, rel=1e-6)
    full = sum(np.abs(a[f"p{i}"]).sum() for i in range(4))
    assert l1_penalty(net, 1.0).item() == pytest.approx(full, rel=1e-6)


def test_penalty_gradients_match_torch():
    torch = pytest.importorskip("torch")
    a = arrays(3)
    a["p0"][0, 0] = 0.0  # |θ| at 0: both use the subgradient 0
    params, tparams = ng_params(a), torch_params(torch, a)
    (l1_penalty(params, 0.01) + l2_penalty(params, 0.1, weights_only=True)).backward()
    (
        0.01 * sum(p.abs().sum() for p in tparams)
        + 0.1 * sum((p * p).sum() for p in tparams if p.ndim >= 2)
    ).backward()
    for p, tp in zip(params, tparams):
        np.testing.assert_allclose(p.grad.numpy(), tp.grad.numpy(), rtol=1e-6, atol=1e-8)


def test_l2_penalty_with_sgd_is_weight_decay_two_lambda():
    """loss + λΣθ² under SGD takes the same steps as SGD(weight_decay=2λ)."""
    a = arrays(4, np.float64)
    lam = 0.05
    p_pen, p_wd = ng_params(a), ng_params(a)
    opt_pen = ng.optim.SGD(p_pen, lr=0.1, momentum=0.9)
    opt_wd = ng.optim.SGD(p_wd, lr=0.1, momentum=0.9, weight_decay=2 * lam)
    for _ in range(20):
        opt_pen.zero_grad()
        (ng_loss(a, p_pen) + l2_penalty(p_pen, lam)).backward()
        opt_pen.step()
        opt_wd.zero_grad()
        ng_loss(a, p_wd).backward()
        opt_wd.step()
    for p, q in zip(p_pen, p_wd):
        np.testing.assert_allclose(p.detach().numpy(), q.detach().numpy(), rtol=1e-12)


def test_penalty_edge_cases():
    assert l2_penalty([], 1.0).item() == 0.0
    w = ng.nn.Parameter(ng.tensor([[3.0, -4.0]]))
    assert l2_penalty(w, 1.0).item() == 25.0
    with pytest.raises(ValueError, match=r"Invalid penalty weight: -0\.1"):
        l1_penalty(w, -0.1)
    with pytest.raises(TypeError, match="got str"):
        l1_penalty(["w"], 0.1)
