"""``nn.SmoothL1Loss`` and ``F.smooth_l1_loss`` against PyTorch and Huber (values and
gradients for every reduction and beta; the functional form is also an op-table row)."""

from __future__ import annotations

import numpy as np
import pytest

import neuralgrad as ng

X = np.random.default_rng(0).standard_normal((4, 3)) * 2
Y = np.random.default_rng(1).standard_normal((4, 3))


@pytest.mark.parametrize("beta", [1.0, 0.3, 0.0])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_module_matches_pytorch(beta, reduction):
    torch = pytest.importorskip("torch")
    m, tm = (
        ng.nn.SmoothL1Loss(reduction=reduction, beta=beta),
        torch.nn.SmoothL1Loss(reduction=reduction, beta=beta),
    )
    assert repr(m) == repr(tm)
    x, tx = ng.tensor(X, requires_grad=True), torch.tensor(X, requires_grad=True)
    out, tout = m(x, ng.tensor(Y)), tm(tx, torch.tensor(Y))
    out.sum().backward()
    tout.sum().backward()
    np.testing.assert_allclose(out.detach().numpy(), tout.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy(), rtol=1e-12)


def test_it_is_huber_divided_by_beta():
    x, y = ng.tensor(X), ng.tensor(Y)
    for beta in (0.5, 1.0, 2.0):
        smooth = ng.nn.functional.smooth_l1_loss(x, y, reduction="none", beta=beta)
        huber = ng.nn.functional.huber_loss(x, y, reduction="none", delta=beta)
        np.testing.assert_allclose(smooth.numpy(), huber.numpy() / beta, rtol=1e-12)


def test_negative_beta_is_refused_as_in_pytorch():
    torch = pytest.importorskip("torch")
    with pytest.raises(RuntimeError):
        torch.nn.functional.smooth_l1_loss(torch.zeros(2), torch.zeros(2), beta=-1.0)
    with pytest.raises(RuntimeError, match="negative values for beta"):
        ng.nn.functional.smooth_l1_loss(ng.zeros(2), ng.zeros(2), beta=-1.0)
