"""sinh, cosh, log10 and log2 beyond the op table: integer inputs, domain edges, overflow."""

from __future__ import annotations

import numpy as np
import pytest

import neuralgrad as ng

EDGES = [0.0, -0.0, 1e-30, -1.0, 100.0, 1000.0, float("inf"), float("nan")]


@pytest.mark.parametrize("name", ["sinh", "cosh", "log10", "log2"])
def test_edges_and_integer_inputs_match_pytorch(name):
    torch = pytest.importorskip("torch")
    for data in (EDGES, [1, 10, 100]):
        got = getattr(ng, name)(ng.tensor(data))
        want = getattr(torch, name)(torch.tensor(data))
        assert str(got.dtype).split(".")[-1] == str(want.dtype).split(".")[-1]
        # the libraries' own sinh/cosh may differ in the last bit
        np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=3e-7, atol=0)


def test_exact_powers_print_as_pytorch():
    torch = pytest.importorskip("torch")
    got = repr(ng.log10(ng.tensor([100.0, 1000.0]))), repr(ng.log2(ng.tensor([8.0])))
    want = repr(torch.log10(torch.tensor([100.0, 1000.0]))), repr(torch.log2(torch.tensor([8.0])))
    assert got == want
