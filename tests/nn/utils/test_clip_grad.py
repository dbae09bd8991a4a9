"""Gradient clipping side by side with PyTorch: the returned total norm and the clipped
gradients for every norm type, below and above the threshold, with missing and non-finite
gradients."""

from __future__ import annotations

import math
import zlib

import numpy as np
import pytest

import neuralgrad as ng
from neuralgrad.nn import utils

SHAPES = [(3, 4), (5,), (2, 2, 3), ()]


def _grads(key: str, dtype: object = np.float32) -> list[np.ndarray]:
    r = np.random.default_rng(zlib.crc32(key.encode()))
    return [r.normal(0, 2, s).astype(dtype) for s in SHAPES]


def _params(lib: object, grads: list, none_at: int | None = None) -> list:
    """Parameters of ``lib`` holding ``grads`` (the one at ``none_at`` has no gradient)."""
    out = []
    for i, g in enumerate(grads):
        p = lib.zeros(g.shape, dtype=getattr(lib, str(g.dtype)), requires_grad=True)
        p.grad = None if i == none_at else lib.tensor(g)
        out.append(p)
    return out


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("max_norm", [0.5, 1e4])
@pytest.mark.parametrize("norm_type", [2.0, 1, math.inf, 3.5, "inf"])
def test_clip_grad_norm_matches_torch(norm_type: object, max_norm: float, dtype: object) -> None:
    torch = pytest.importorskip("torch")
    grads = _grads(f"{norm_type}{max_norm}", dtype)
    tp, npar = _params(torch, grads, none_at=1), _params(ng, grads, none_at=1)
    want = torch.nn.utils.clip_grad_norm_(tp, max_norm, norm_type)
    got = utils.clip_grad_norm_(npar, max_norm, norm_type)
    rtol = 1e-6 if dtype == np.float32 else 1e-13
    assert isinstance(got, ng.Tensor) and got.shape == () and got.dtype == ng.tensor(grads[0]).dtype
    np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=rtol)
    assert npar[1].grad is None
    for a, b in zip(npar, tp):
        if b.grad is not None:
            np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), rtol=rtol, atol=1e-30)


def test_clipped_norm_equals_max_norm() -> None:
    grads = _grads("exact", np.float64)
    ps = _params(ng, grads)
    before = utils.clip_grad_norm_(ps, 0.25)
    assert float(before) > 0.25
    after = utils.get_total_norm([p.grad for p in ps])
    assert float(after) == pytest.approx(0.25, rel=1e-5)


def test_single_tensor_generator_and_no_gradients() -> None:
    torch = pytest.importorskip("torch")
    g = _grads("single")[0]
    p = _params(ng, [g])[0]
    tp = _params(torch, [g])[0]
    np.testing.assert_allclose(
        utils.clip_grad_norm_(p, 1.0).numpy(),
        torch.nn.utils.clip_grad_norm_(tp, 1.0).numpy(),
        rtol=1e-6,
    )
    np.testing.assert_allclose(p.grad.numpy(), tp.grad.numpy(), rtol=1e-6)
    lin = ng.nn.Linear(3, 2)
    total = utils.clip_grad_norm_(lin.parameters(), 1.0)  # a generator, no grads yet
    assert float(total) == 0.0 and total.shape == ()


@pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning")  # NumPy on inf * 0
def test_non_finite_norm() -> None:
    torch = pytest.importorskip("torch")
    grads = _grads("nan")
    grads[0][0, 0] = np.inf
    with pytest.raises(RuntimeError, match="non-finite"):
        utils.clip_grad_norm_(_params(ng, grads), 1.0, error_if_nonfinite=True)
    tp, npar = _params(torch, grads), _params(ng, grads)
    want = torch.nn.utils.clip_grad_norm_(tp, 1.0)
    got = utils.clip_grad_norm_(npar, 1.0)
    assert math.isinf(float(got)) and math.isinf(float(want))
    for a, b in zip(npar, tp):
        np.testing.assert_array_equal(np.isnan(a.grad.numpy()), np.isnan(b.grad.numpy()))


def test_get_total_norm_and_clip_grads_with_norm_match_torch() -> None:
    torch = pytest.importorskip("torch")
    grads = _grads("split")
    tp, npar = _params(torch, grads), _params(ng, grads)
    tn = torch.nn.utils.get_total_norm([p.grad for p in tp], 3.0)
    nnorm = utils.get_total_norm([p.grad for p in npar], 3.0)
    np.testing.assert_allclose(nnorm.numpy(), tn.numpy(), rtol=1e-6)
    torch.nn.utils.clip_grads_with_norm_(tp, 2.0, tn)
    utils.clip_grads_with_norm_(npar, 2.0, nnorm)
    for a, b in zip(npar, tp):
        np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), rtol=1e-6)


@pytest.mark.parametrize("clip", [0.1, 1.5, 100.0])
def test_clip_grad_value_matches_torch(clip: float) -> None:
    torch = pytest.importorskip("torch")
    grads = _grads(f"value{clip}")
    tp, npar = _params(torch, grads, none_at=2), _params(ng, grads, none_at=2)
    assert utils.clip_grad_value_(npar, clip) is None
    torch.nn.utils.clip_grad_value_(tp, clip)
    for a, b in zip(npar, tp):
        if b.grad is None:
            assert a.grad is None
        else:
            np.testing.assert_array_equal(a.grad.numpy(), b.grad.numpy())
