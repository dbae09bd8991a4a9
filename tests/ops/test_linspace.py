"""``linspace`` gives PyTorch's values bit for bit (they feed data and histogram edges)."""

from __future__ import annotations

import numpy as np
import pytest

import neuralgrad as ng
from neuralgrad.ops._linspace import linspace_array

torch = pytest.importorskip("torch")

_r = np.random.default_rng(7)
CASES = [(-1, 1, 100), (-5, 5, 200), (-0.5, 0.5, 11), (0, 1, 11), (3, -2, 50), (2, 2, 1), (0, 1, 0)]
CASES += [(float(_r.uniform(-10, 10)), float(_r.uniform(-10, 10)), int(_r.integers(2, 400)))
          for _ in range(60)]  # fmt: skip


@pytest.mark.parametrize("dtype", ["float32", "float64", "float16", "int64", "int32"])
def test_values_equal_pytorchs_bit_for_bit(dtype):
    for start, end, steps in CASES:
        want = torch.linspace(start, end, steps, dtype=getattr(torch, dtype)).numpy()
        got = linspace_array(start, end, steps, np.dtype(dtype))
        np.testing.assert_array_equal(got, want, err_msg=f"linspace({start}, {end}, {steps})")
    got = ng.linspace(-0.5, 0.5, 11, dtype=getattr(ng, dtype))
    assert got.tolist() == torch.linspace(-0.5, 0.5, 11, dtype=getattr(torch, dtype)).tolist()
