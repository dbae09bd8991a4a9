"""Fused kernels (``_fused``): Numba only on first use, ``NEURALGRAD_NUMBA=0`` switches them off
with the same numbers, NumPy arrays only (another namespace takes the generic code)."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

import neuralgrad as ng
from neuralgrad import _fused
from neuralgrad._backend import NUMPY, ArrayOps

# a short training run whose final weights are printed as hex bytes, with what it ran on
RUN = """
import sys, numpy as np, neuralgrad as ng
from neuralgrad import _fused
ng.manual_seed(0)
model = ng.nn.Sequential(ng.nn.Linear(5, 7), ng.nn.ReLU(), ng.nn.Linear(7, 3))
opt = ng.optim.Adam(model.parameters(), lr=0.05, amsgrad=True)
x, y = ng.randn(16, 5), ng.randint(0, 3, (16,))
imported_at_start = "numba" in sys.modules
for _ in range(5):
    opt.zero_grad()
    ng.nn.functional.cross_entropy(model(x), y).backward()
    opt.step()
print(imported_at_start, "numba" in sys.modules, _fused.numba_enabled())
print("".join(p.detach().numpy().tobytes().hex() for p in model.parameters()))
"""


def _run(env_value: str | None) -> list[str]:
    env = dict(os.environ)
    env.pop(_fused.ENV, None)
    if env_value is not None:
        env[_fused.ENV] = env_value
    out = subprocess.run(
        [sys.executable, "-c", RUN], env=env, capture_output=True, text=True, check=True
    )
    return out.stdout.split("\n")


def test_numba_switched_off_by_the_environment_gives_the_same_bits():
    pytest.importorskip("numba")
    on, off = _run(None), _run("0")
    assert on[0] == "False True True"  # imported on first use, not by `import neuralgrad`
    assert off[0] == "False False False"  # never imported when switched off
    assert on[1] == off[1]


def test_import_neuralgrad_does_not_import_numba():
    code = "import sys, neuralgrad; print('numba' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_kernels_are_for_numpy_arrays_only():
    pytest.importorskip("numba")
    from neuralgrad.optim._kernels import ADAM_UPDATE

    other = ArrayOps(np, "cpu")  # a second namespace over NumPy, like a GPU library's
    with _fused.switched(True):
        assert ADAM_UPDATE.get(NUMPY) is not None
        assert ADAM_UPDATE.get(other) is None
    with _fused.switched(False):
        assert ADAM_UPDATE.get(NUMPY) is None


def test_a_namespace_can_offer_the_kernels_through_a_provider():
    pytest.importorskip("numba")
    from neuralgrad.optim._kernels import SGD_UPDATE

    other = ArrayOps(np, "cpu")
    _fused.register_kernel_provider(other, lambda kernel: kernel.get(NUMPY))
    try:
        with _fused.switched(True):
            assert SGD_UPDATE.get(other) is SGD_UPDATE.get(NUMPY) is not None
    finally:
        _fused.register_kernel_provider(other, None)
    assert SGD_UPDATE.get(other) is None


def test_contiguous_views_are_flat_views_of_matching_arrays():
    a = np.zeros((3, 4), np.float32)
    b, c = np.ones(12, np.float32), np.ones((4, 3), np.float32)
    views = _fused.contiguous_views(a, b, c)
    assert [v.shape for v in views] == [(12,)] * 3
    views[0][1] = 5
    assert a[0, 1] == 5  # a view, not a copy
    assert _fused.contiguous_views(a, c.T) is None  # not C-contiguous
    assert _fused.contiguous_views(a, b.astype(np.float64)) is None  # another dtype
    assert _fused.contiguous_views(a, b[:6]) is None  # another size
    assert _fused.contiguous_views(np.zeros(3, np.int64)) is None  # not floating point
    assert _fused.contiguous_views(a, ng.ones(12)) is None  # not an array


def test_switched_restores_the_previous_choice():
    before = _fused.numba_enabled()
    with _fused.switched(False):
        assert not _fused.numba_enabled()
    assert _fused.numba_enabled() == before
