"""histc and histogram against PyTorch: bins, ranges, edges, weights, densities, errors."""

from __future__ import annotations

import numpy as np
import pytest

import neuralgrad as ng
from torch_parity import raises_like_torch

torch = pytest.importorskip("torch")


def _cases(dtype):
    r = np.random.default_rng(3)
    for trial in range(60):
        a = (r.standard_normal(40) * 3).astype(dtype)
        if trial % 3 == 0:
            a = np.round(a * 4) / 4  # values on bin edges
        if trial % 7 == 0:
            a[:] = 1.5  # one value: the range is widened
        if trial % 11 == 0:
            a[::5] = np.nan
        lo, hi = sorted(np.round(r.uniform(-3, 3, 2), 2))
        yield trial, a, int(r.integers(1, 12)), (float(lo), float(hi)), r.uniform(0, 2, 40)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_histc_matches_pytorch(dtype):
    for trial, a, bins, (lo, hi), _ in _cases(dtype):
        if np.isnan(a).any():
            a = np.nan_to_num(a)
        for mn, mx in ((0, 0), (lo, hi)):
            got = ng.histc(ng.tensor(a), bins, mn, mx)
            want = torch.histc(torch.tensor(a), bins, mn, mx)
            assert got.dtype == ng.tensor(a).dtype
            np.testing.assert_array_equal(got.numpy(), want.numpy(), err_msg=f"case {trial}")


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_histogram_matches_pytorch(dtype):
    for trial, a, bins, rng, w in _cases(dtype):
        a = np.nan_to_num(a)
        w = w.astype(dtype)
        for kw in ({}, {"range": rng}, {"range": (0.0, 0.0)}, {"weight": w, "density": True}):
            nkw = {k: ng.tensor(v) if isinstance(v, np.ndarray) else v for k, v in kw.items()}
            tkw = {k: torch.tensor(v) if isinstance(v, np.ndarray) else v for k, v in kw.items()}
            got = ng.histogram(ng.tensor(a), bins, **nkw)
            want = torch.histogram(torch.tensor(a), bins, **tkw)
            np.testing.assert_array_equal(got.bin_edges.numpy(), want.bin_edges.numpy())
            np.testing.assert_allclose(got.hist.numpy(), want.hist.numpy(), rtol=1e-5)
        edges = np.sort(np.random.default_rng(trial).uniform(-4, 4, 5)).astype(dtype)
        got = ng.tensor(a).histogram(ng.tensor(edges))
        want = torch.tensor(a).histogram(torch.tensor(edges))
        np.testing.assert_array_equal(got.hist.numpy(), want.hist.numpy())


def test_empty_inputs_match_pytorch():
    got, want = ng.histogram(ng.tensor([]), 2), torch.histogram(torch.tensor([]), 2)
    assert got.hist.tolist() == want.hist.tolist()
    assert got.bin_edges.tolist() == want.bin_edges.tolist()
    assert ng.histc(ng.tensor([]), 3).tolist() == torch.histc(torch.tensor([]), 3).tolist()


@pytest.mark.parametrize(
    "call,error",
    [
        (lambda m: m.histc(m.tensor([1.0]), 0), RuntimeError),
        (lambda m: m.histc(m.tensor([1.0]), 4, 3, 0), RuntimeError),
        (lambda m: m.histc(m.tensor([1, 2]), 4), NotImplementedError),
        (lambda m: m.histc(m.tensor([float("inf"), 1.0]), 2), RuntimeError),
        (lambda m: m.histogram(m.tensor([1.0]), 0), RuntimeError),
        (lambda m: m.histogram(m.tensor([1.0]), 2, range=(3.0, 1.0)), RuntimeError),
        (lambda m: m.histogram(m.tensor([1.0, 2.0]), 2, weight=m.ones(3)), RuntimeError),
        (lambda m: m.histogram(m.tensor([1, 2]), 2), NotImplementedError),
        (lambda m: m.histogram(m.tensor([1.0]), m.tensor([0.0, 1.0]), range=(0.0, 1.0)), TypeError),
        (
            lambda m: m.histogram(m.tensor([1.0]), m.tensor([0.0, 1.0], dtype=m.float64)),
            RuntimeError,
        ),
    ],
)
def test_errors_match_pytorch(call, error):
    raises_like_torch(call, error)
