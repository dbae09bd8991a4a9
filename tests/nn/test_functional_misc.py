"""``F.one_hot`` and ``F.normalize`` against PyTorch, finite differences and their errors."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import neuralgrad as ng
import neuralgrad.nn.functional as F
from neuralgrad.autograd import gradcheck

RS = np.random.default_rng(5)


@pytest.mark.parametrize(
    "labels, num_classes",
    [
        (np.array([0, 2, 1, 2]), -1),
        (np.array([[0, 3], [1, 1]]), 5),
        (np.array(2), 4),
        (np.zeros(0, np.int64), 3),
    ],
)
def test_one_hot_matches_torch(labels: np.ndarray, num_classes: int) -> None:
    torch = pytest.importorskip("torch")
    ours = F.one_hot(ng.tensor(labels), num_classes)
    theirs = torch.nn.functional.one_hot(torch.tensor(labels), num_classes)
    assert ours.dtype == ng.int64
    assert ours.shape == tuple(theirs.shape)
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


def test_one_hot_rows() -> None:
    out = F.one_hot(ng.tensor([1, 0, 2])).numpy()
    np.testing.assert_array_equal(out, np.eye(3, dtype=np.int64)[[1, 0, 2]])


@pytest.mark.parametrize(
    "labels, num_classes, pattern",
    [
        (np.array([0.0, 1.0]), -1, "float32"),
        (np.array([1, -2]), 3, "non-negative, found -2"),
        (np.array([1, 5]), 3, "num_classes=3, found 5"),
        (np.zeros(0, np.int64), -1, "empty"),
    ],
)
def test_one_hot_errors(labels: np.ndarray, num_classes: int, pattern: str) -> None:
    t = ng.tensor(labels.astype(np.float32) if labels.dtype.kind == "f" else labels)
    with pytest.raises(RuntimeError, match=pattern):
        F.one_hot(t, num_classes)
    torch = pytest.importorskip("torch")
    with pytest.raises(RuntimeError):
        torch.nn.functional.one_hot(
            torch.tensor(labels if labels.dtype.kind != "f" else labels.astype(np.float32)),
            num_classes,
        )


def _vectors(dtype: Any) -> np.ndarray:
    # its own seed: the data must not depend on which tests ran before in this worker
    x = np.random.default_rng(7).normal(size=(4, 3, 2)).astype(dtype)
    x[1, :, 0] = 0  # a zero vector along dim 1: eps keeps it at zero
    return x


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize(
    "kw", [{}, {"p": 1.0}, {"p": 3.0, "dim": 0}, {"dim": -1}, {"p": 2.0, "dim": 2, "eps": 0.5}]
)
def test_normalize_matches_torch(kw: dict, dtype: Any) -> None:
    torch = pytest.importorskip("torch")
    x = _vectors(dtype)
    up = np.random.default_rng(11).normal(size=x.shape).astype(dtype)
    ours_x = ng.tensor(x, requires_grad=True)
    theirs_x = torch.tensor(x, requires_grad=True)
    ours, theirs = F.normalize(ours_x, **kw), torch.nn.functional.normalize(theirs_x, **kw)
    # float64: atol covers PyTorch's rounding residue (~1e-12) where the exact gradient is 0
    tol = dict(rtol=1e-5, atol=1e-6) if dtype == np.float32 else dict(rtol=1e-11, atol=1e-11)
    np.testing.assert_allclose(ours.detach().numpy(), theirs.detach().numpy(), **tol)
    ours.backward(ng.tensor(up))
    theirs.backward(torch.tensor(up))
    np.testing.assert_allclose(ours_x.grad.numpy(), theirs_x.grad.numpy(), **tol)


def test_normalize_unit_length_and_gradcheck() -> None:
    x = ng.tensor(RS.normal(size=(5, 4)), requires_grad=True)
    norms = np.linalg.norm(F.normalize(x).detach().numpy(), axis=1)
    np.testing.assert_allclose(norms, np.ones(5), rtol=1e-12)
    assert gradcheck(lambda a: F.normalize(a, p=3.0, dim=0), (x,))
    assert gradcheck(F.normalize, (x,))
