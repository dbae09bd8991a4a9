"""The fused loss nodes of ``ops.loss``: equal to their compositions, stable on extreme logits,
correct to second order (create_graph) against PyTorch and finite differences; the shared
reduction helper."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

import neuralgrad as ng
import neuralgrad.nn.functional as F
from neuralgrad.autograd import gradcheck
from neuralgrad.ops import loss as L
from neuralgrad.ops.loss import reduce_loss

RS = np.random.default_rng(7)


def _t(a: Any, grad: bool = False) -> ng.Tensor:
    return ng.tensor(np.asarray(a), requires_grad=grad)


def _grads(loss: ng.Tensor, inputs: list) -> list:
    return [g.numpy() for g in ng.autograd.grad(loss, inputs)]


def _close(a: Any, b: Any, tol: float = 1e-12) -> None:
    np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=tol, atol=tol)


# ---- fused cross-entropy == log_softmax + gather + mean ----------------------------------------


@pytest.mark.parametrize("shape", [(6, 4), (3, 4, 5)])
def test_cross_entropy_equals_log_softmax_gather_mean(shape: tuple) -> None:
    x = _t(RS.normal(0, 2, shape), True)
    y = RS.integers(0, 4, shape[:1] + shape[2:])
    fused = F.cross_entropy(x, _t(y))
    picked = x.log_softmax(1).gather(1, _t(y).unsqueeze(1)).squeeze(1)
    composed = -picked.mean()
    _close(fused.item(), composed.item())
    _close(_grads(fused, [x])[0], _grads(composed, [x])[0])


def test_weighted_ignored_smoothed_cross_entropy_equals_composition() -> None:
    """With class weights, ignored samples and label smoothing the fused node is the weighted
    composition, divided by the summed weights of the counted targets (PyTorch's mean)."""
    x = _t(RS.normal(0, 2, (8, 5)), True)
    y = RS.integers(0, 5, 8)
    y[[1, 4]] = -100
    w = RS.uniform(0.2, 2, 5)
    eps = 0.2
    fused = F.cross_entropy(x, _t(y), _t(w), label_smoothing=eps)
    valid = y != -100
    safe = np.where(valid, y, 0)
    q = (1 - eps) * F.one_hot(_t(safe), 5).double() + eps / 5  # smoothed one-hot rows
    per_sample = -(q * _t(w) * x.log_softmax(1)).sum(1) * _t(valid.astype(float))
    composed = per_sample.sum() / float(w[safe][valid].sum())
    _close(fused.item(), composed.item())
    _close(_grads(fused, [x])[0], _grads(composed, [x])[0])


def test_probability_target_cross_entropy_equals_composition() -> None:
    x = _t(RS.normal(0, 2, (5, 3, 2)), True)
    p = _t(RS.dirichlet(np.ones(3), (5, 2)).transpose(0, 2, 1), True)
    fused = F.cross_entropy(x, p)
    composed = -(p * x.log_softmax(1)).sum(1).mean()
    _close(fused.item(), composed.item())
    for a, b in zip(_grads(fused, [x, p]), _grads(composed, [x, p])):
        _close(a, b)


def test_bce_with_logits_equals_sigmoid_bce_on_moderate_logits() -> None:
    x = _t(RS.uniform(-5, 5, (4, 6)), True)
    y = _t(RS.uniform(0, 1, (4, 6)), True)
    w = _t(RS.uniform(0.5, 2, 6))
    fused = F.binary_cross_entropy_with_logits(x, y, w)
    composed = F.binary_cross_entropy(x.sigmoid(), y, w)
    _close(fused.item(), composed.item(), 1e-10)
    for a, b in zip(_grads(fused, [x, y]), _grads(composed, [x, y])):
        _close(a, b, 1e-10)


def test_bce_with_logits_pos_weight_equals_composition() -> None:
    x = _t(RS.uniform(-5, 5, (4, 6)), True)
    y = _t(RS.uniform(0, 1, (4, 6)), True)
    pw = _t(RS.uniform(0.5, 3, 6))
    fused = F.binary_cross_entropy_with_logits(x, y, pos_weight=pw, reduction="sum")
    s = x.sigmoid()
    composed = -(pw * y * s.log() + (1 - y) * (1 - s).log()).sum()
    _close(fused.item(), composed.item(), 1e-10)
    for a, b in zip(_grads(fused, [x, y]), _grads(composed, [x, y])):
        _close(a, b, 1e-10)


def test_mixed_float_dtypes_promote_like_torch() -> None:
    """float32 logits with float64 targets give float64, as PyTorch's composed forms do, and
    the logits' gradient comes back in float32."""
    torch = pytest.importorskip("torch")
    x32, t64 = RS.normal(size=(3, 4)).astype(np.float32), RS.dirichlet(np.ones(4), 3)
    for name in ("cross_entropy", "binary_cross_entropy_with_logits"):
        ours_x, theirs_x = _t(x32, True), torch.tensor(x32, requires_grad=True)
        ours = getattr(F, name)(ours_x, _t(t64))
        theirs = getattr(torch.nn.functional, name)(theirs_x, torch.tensor(t64))
        assert ours.dtype == ng.float64 and theirs.dtype == torch.float64
        np.testing.assert_allclose(ours.item(), theirs.item(), rtol=1e-7)
        ours.backward()
        theirs.backward()
        assert ours_x.grad.dtype == ng.float32
        np.testing.assert_allclose(ours_x.grad.numpy(), theirs_x.grad.numpy(), rtol=1e-5)


# ---- extreme logits ---------------------------------------------------------------------------

BIG = np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 1e4], [0.0, 0.0, -1e4], [1e4, 1e4, 1e4]])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_cross_entropy_extreme_logits_exact(dtype: Any) -> None:
    x = _t(BIG.astype(dtype), True)
    loss = F.cross_entropy(x, _t([1, 0, 2, 0]), reduction="none")
    want = [2e4, 2e4 + math.log(2), 1e4 + math.log(2), math.log(3)]
    rtol = 1e-6 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(loss.detach().numpy(), want, rtol=rtol)
    loss.sum().backward()
    assert np.isfinite(x.grad.numpy()).all()


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_bce_with_logits_extreme_logits_exact(dtype: Any) -> None:
    x = _t(np.array([1e4, -1e4, 1e4, -1e4], dtype), True)
    y = _t(np.array([0.0, 1.0, 1.0, 0.0], dtype), True)
    loss = F.binary_cross_entropy_with_logits(x, y, reduction="none")
    np.testing.assert_array_equal(loss.detach().numpy(), [1e4, 1e4, 0.0, 0.0])
    loss.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [1.0, -1.0, 0.0, 0.0])
    np.testing.assert_array_equal(y.grad.numpy(), [-1e4, 1e4, -1e4, 1e4])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_confident_right_answers_keep_their_tiny_loss(dtype: Any) -> None:
    """A near-zero loss next to huge logits is not rounded away: (m - x_y) is formed before
    log z is added, as PyTorch's log_softmax does, so the values are PyTorch's (in float32 a
    loss below ~6e-8 is 0 in both, since 1 + tiny rounds to 1 inside log z)."""
    torch = pytest.importorskip("torch")
    x = np.array([[1e4, 1e4 - 20, -1e4], [30.0, 0.0, 0.0]], dtype)
    ce = F.cross_entropy(_t(x), _t([0, 0]), reduction="none").numpy()
    want = torch.nn.functional.cross_entropy(
        torch.tensor(x), torch.tensor([0, 0]), reduction="none"
    ).numpy()
    np.testing.assert_allclose(ce, want, rtol=1e-6, atol=0)
    if dtype == np.float64:
        np.testing.assert_allclose(ce[0], math.log1p(math.exp(-20)), rtol=1e-6)
    # softplus form: both tiny losses exact (PyTorch's (1 - y) x - log sigmoid(x) cancels to 0
    # for the second in float32, an absolute difference of 1e-13)
    logits, y = np.array([30.0, -30.0], dtype), np.array([1.0, 0.0], dtype)
    bce = F.binary_cross_entropy_with_logits(_t(logits), _t(y), reduction="none")
    np.testing.assert_allclose(bce.numpy(), [math.log1p(math.exp(-30))] * 2, rtol=1e-6)


def _extreme_calls(lib: Any, dtype: Any) -> list:
    """(name, loss, inputs) on logits of +-1e4, with every option that enters the formula."""
    f = lib.nn.functional
    x = lib.tensor(BIG.astype(dtype), requires_grad=True)
    probs = lib.tensor(np.array([[0.2, 0.3, 0.5]] * 4, dtype), requires_grad=True)
    w = lib.tensor(np.array([0.5, 1.0, 2.0], dtype))
    y = lib.tensor(
        np.array([[0.0, 1, 1], [1, 0, 1], [0, 0, 1], [1, 1, 0]], dtype), requires_grad=True
    )
    return [
        ("ce", f.cross_entropy(x, lib.tensor([1, 0, 2, -100]), w, label_smoothing=0.1), [x]),
        ("ce_probs", f.cross_entropy(x, probs, w, label_smoothing=0.1), [x, probs]),
        ("bcel", f.binary_cross_entropy_with_logits(x, y, w, pos_weight=w * 2), [x, y]),
    ]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_extreme_logits_match_torch(dtype: Any) -> None:
    torch = pytest.importorskip("torch")
    for (name, ours, xs), (_, theirs, ts) in zip(
        _extreme_calls(ng, dtype), _extreme_calls(torch, dtype)
    ):
        assert np.isfinite(ours.item()), name
        np.testing.assert_allclose(ours.item(), theirs.item(), rtol=1e-6, err_msg=name)
        for a, b in zip(ng.autograd.grad(ours, xs), torch.autograd.grad(theirs, ts)):
            assert np.isfinite(a.numpy()).all(), name
            np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-5, atol=1e-6, err_msg=name)


def test_bce_at_exact_zero_and_one_is_clamped_like_torch() -> None:
    torch = pytest.importorskip("torch")
    p = np.array([0.0, 1.0, 0.0, 1.0, 0.5])
    y = np.array([1.0, 0.0, 0.0, 1.0, 1.0])
    ours_x = _t(p, True)
    ours = F.binary_cross_entropy(ours_x, _t(y), reduction="none")
    theirs_x = torch.tensor(p, requires_grad=True)
    theirs = torch.nn.functional.binary_cross_entropy(theirs_x, torch.tensor(y), reduction="none")
    # 100, 100, 0, 0, log 2: each log clamped at -100
    np.testing.assert_array_equal(ours.detach().numpy(), theirs.detach().numpy())
    ours.sum().backward()
    theirs.sum().backward()
    # PyTorch's guard 1e-12 goes through float32 (9.99999996e-13): a 4e-9 relative difference
    np.testing.assert_allclose(ours_x.grad.numpy(), theirs_x.grad.numpy(), rtol=1e-8)


# ---- second order -----------------------------------------------------------------------------


def _fused(lib: Any) -> dict:
    """name -> (loss as a function of its differentiable inputs, their float64 values): each
    fused node with every option that enters its formula."""
    f = lib.nn.functional
    r = np.random.default_rng(3)
    w = lib.tensor(r.uniform(0.5, 2, 4))
    labels = lib.tensor([0, 3, -100, 1, 2])
    x, probs = r.normal(0, 1.5, (5, 4)), r.dirichlet(np.ones(4), 5)
    y, p = r.uniform(0, 1, (5, 4)), r.uniform(0.1, 0.9, (5, 4))
    return {
        "ce": (lambda a: f.cross_entropy(a, labels, w, label_smoothing=0.2), [x]),
        "ce_probs": (lambda a, b: f.cross_entropy(a, b, w, label_smoothing=0.2), [x, probs]),
        "bcel": (
            lambda a, b: f.binary_cross_entropy_with_logits(a, b, w, pos_weight=w + 1),
            [x, y],
        ),
        "bce": (lambda a, b: f.binary_cross_entropy(a, b, w), [p, y]),
    }


def _hvp(lib: Any, name: str) -> list:
    fn, values = _fused(lib)[name]
    inputs = [lib.tensor(v, requires_grad=True) for v in values]
    grads = lib.autograd.grad(fn(*inputs), inputs, create_graph=True)
    v = np.random.default_rng(11)
    dot = sum((g * lib.tensor(v.normal(size=tuple(g.shape)))).sum() for g in grads)
    return [np.asarray(h.detach().numpy()) for h in lib.autograd.grad(dot, inputs)]


@pytest.mark.parametrize("name", list(_fused(ng)))
def test_second_order_matches_torch(name: str) -> None:
    """Hessian-vector products through each fused node (create_graph) equal PyTorch's."""
    torch = pytest.importorskip("torch")
    for a, b in zip(_hvp(ng, name), _hvp(torch, name)):
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("name", list(_fused(ng)))
def test_second_order_gradcheck(name: str) -> None:
    """The gradient each fused VJP builds in create_graph mode is itself differentiated right
    (finite differences of the first gradient)."""
    fn, values = _fused(ng)[name]

    def first_grad(*xs: ng.Tensor) -> tuple:
        with ng.enable_grad():  # gradcheck evaluates its function under no_grad
            return tuple(ng.autograd.grad(fn(*xs), list(xs), create_graph=True))

    assert gradcheck(first_grad, tuple(_t(v, True) for v in values))


# ---- the reduction helper and the graph ---------------------------------------------------------


def test_reduce_loss() -> None:
    loss = _t([1.0, 2.0, 3.0, 6.0], True)
    assert reduce_loss(loss, "none") is loss
    assert reduce_loss(loss, "sum").item() == 12.0
    assert reduce_loss(loss, "mean").item() == 3.0
    assert reduce_loss(loss, "mean", total=2.0).item() == 6.0
    with pytest.raises(ValueError, match="'avg'|avg"):
        reduce_loss(loss, "avg")


def test_reduce_loss_mean_over_nothing_is_nan_with_zero_gradient() -> None:
    loss = _t([1.0, 2.0], True)
    out = reduce_loss(loss, "mean", total=0)
    assert math.isnan(out.item())
    out.backward()
    np.testing.assert_array_equal(loss.grad.numpy(), [0.0, 0.0])


def test_backward_of_nan_or_inf_loss_seeds_one() -> None:
    """Engine fix: the implicit seed of a scalar's backward is 1 even when the scalar is nan or
    inf (it was computed as value * 0 + 1), as in PyTorch."""
    x = _t([1.0, 2.0], True)
    (x.sum() * 0.0 + math.inf).backward()
    np.testing.assert_array_equal(x.grad.numpy(), [0.0, 0.0])


def test_fused_nodes_record_only_when_needed() -> None:
    x = _t(RS.normal(size=(3, 4)))
    assert F.cross_entropy(x, _t([0, 1, 2])).grad_fn is None
    x.requires_grad_()
    per_sample = F.cross_entropy(x, _t([0, 1, 2]), reduction="none")
    assert type(per_sample.grad_fn).__name__ == "CrossEntropyBackward"
    logits = _t(RS.normal(size=(3, 4)), True)
    assert (
        F.binary_cross_entropy_with_logits(logits, _t(np.ones((3, 4))), reduction="none").grad_fn
        is not None
    )
    with ng.no_grad():
        assert F.cross_entropy(x, _t([0, 1, 2])).grad_fn is None


@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_plain_cross_entropy_fast_path_equals_general_node(reduction):
    """The one-node fast path of the common case (N, C) logits + valid labels gives the same
    loss, gradient and second derivative as the general fused node it bypasses."""
    rng = np.random.default_rng(3)
    x = rng.standard_normal((5, 4)) * 3
    y = ng.tensor(rng.integers(0, 4, 5))
    a = ng.tensor(x, requires_grad=True)
    fast = L.cross_entropy(a, y, None, -100, reduction, 0.0)
    assert fast.grad_fn.name() == "CrossEntropyLossBackward"
    b = ng.tensor(x, requires_grad=True)
    per_sample, total = L._cross_entropy_indices(b, y, b._data, None, -100, 0.0)
    general = L.reduce_loss(per_sample, reduction, total)
    np.testing.assert_allclose(fast.item(), general.item(), rtol=1e-12)
    (ga,) = ng.autograd.grad(fast, a, create_graph=True)
    (gb,) = ng.autograd.grad(general, b, create_graph=True)
    np.testing.assert_allclose(ga.detach().numpy(), gb.detach().numpy(), rtol=1e-10, atol=1e-12)
    v = ng.tensor(rng.standard_normal((5, 4)))
    (ha,) = ng.autograd.grad((ga * v).sum(), a)
    (hb,) = ng.autograd.grad((gb * v).sum(), b)
    np.testing.assert_allclose(ha.numpy(), hb.numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", [(), (5,), (32, 1), (4, 3, 2)])
def test_fused_mse_equals_its_composition_bit_for_bit(shape: tuple, dtype: Any) -> None:
    """``F.mse_loss``'s one-node path gives the composition's loss, gradients (both inputs) and
    second derivatives exactly."""
    x0 = RS.standard_normal(shape).astype(dtype)
    y0 = RS.standard_normal(shape).astype(dtype)
    got, want = [], []
    for fused, out in ((True, got), (False, want)):
        x, y = _t(x0, True), _t(y0, True)
        if fused:
            loss = F.mse_loss(x, y)
            assert type(loss.grad_fn).__name__ == "MSELossBackward"
        else:
            d = x - y
            loss = reduce_loss(d * d, "mean")
        gx, gy = ng.autograd.grad(loss, [x, y], create_graph=True)
        (ggx,) = ng.autograd.grad((gx * gx).sum() + gy.sum(), [x])
        out += [loss.detach().numpy(), gx.detach().numpy(), gy.detach().numpy(), ggx.numpy()]
    for a, b in zip(got, want):
        assert a.dtype == b.dtype and np.array_equal(a, b)


def test_fused_mse_only_for_the_plain_case() -> None:
    x = _t(RS.standard_normal((3, 2)), True)
    assert type(F.mse_loss(x, _t(RS.standard_normal((3, 2)))).grad_fn).__name__ == "MSELossBackward"
    assert (
        type(F.mse_loss(x, _t(RS.standard_normal((3, 2))), reduction="sum").grad_fn).__name__
        != "MSELossBackward"
    )
    with pytest.warns(UserWarning):
        assert (
            type(F.mse_loss(x, _t(RS.standard_normal((1, 2)))).grad_fn).__name__
            != "MSELossBackward"
        )
