"""``set_num_threads``/``get_num_threads``: NumPy's BLAS pool, through threadpoolctl."""

from __future__ import annotations

import builtins

import numpy as np
import pytest

import neuralgrad as ng
from neuralgrad import _threads

pytest.importorskip("threadpoolctl")


@pytest.fixture
def restore_threads():
    before = ng.get_num_threads()
    yield
    ng.set_num_threads(before)


def test_set_then_get_steers_blas(restore_threads):
    from threadpoolctl import threadpool_info

    ng.set_num_threads(1)
    assert ng.get_num_threads() == 1
    assert all(p["num_threads"] == 1 for p in threadpool_info() if p["user_api"] == "blas")
    ng.set_num_threads(2)
    assert ng.get_num_threads() == 2


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "2"])
def test_bad_counts_are_refused_as_pytorch(bad):
    torch = pytest.importorskip("torch")
    with pytest.raises(RuntimeError, match="positive integer"):
        ng.set_num_threads(bad)
    if isinstance(bad, int) and not isinstance(bad, bool):
        with pytest.raises(RuntimeError):
            torch.set_num_threads(bad)


def test_without_threadpoolctl_the_error_names_it(monkeypatch):
    real_import = builtins.__import__

    def no_threadpoolctl(name, *args, **kwargs):
        if name == "threadpoolctl":
            raise ImportError("No module named 'threadpoolctl'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_threadpoolctl)
    try:
        with pytest.raises(ImportError, match=r"threadpoolctl.*neuralgrad\[threads\]"):
            ng.get_num_threads()
    finally:
        monkeypatch.undo()


def _numpy_blas_threads() -> int:
    return max(c.num_threads for c in _threads._numpy_blas())


def test_small_and_thin_products_run_on_one_thread_large_ones_on_all(restore_threads):
    ng.set_num_threads(2)
    x, w = ng.randn(128, 256), ng.randn(128, 256)
    assert _threads.POLICY.active
    _ = ng.nn.functional.linear(x, w)  # 128 x 256 x 128 multiply-adds: 2**22, inner dim 256
    assert _numpy_blas_threads() == 2
    _ = ng.randn(2, 3) @ ng.randn(3, 4)  # small
    assert _numpy_blas_threads() == 1
    _ = ng.randn(16, 784) @ ng.randn(784, 256)  # 3.2M multiply-adds: under 2**22
    assert _numpy_blas_threads() == 1
    _ = ng.randn(1024, 8) @ ng.randn(8, 1024)  # 2**23 multiply-adds, but an inner dim of 8
    assert _numpy_blas_threads() == 1
    assert ng.get_num_threads() == 2  # the wanted count, whatever the last product left


def test_one_thread_wanted_switches_the_policy_off(restore_threads):
    ng.set_num_threads(1)
    assert not _threads.POLICY.active
    _ = ng.randn(256, 256) @ ng.randn(256, 256)
    assert _numpy_blas_threads() == 1


def test_products_give_the_same_bits_on_one_thread_and_on_two(restore_threads):
    rng = np.random.default_rng(0)
    a = rng.standard_normal((200, 300), dtype=np.float32)
    b = rng.standard_normal((300, 100), dtype=np.float32)
    results = []
    for n in (1, 2):
        ng.set_num_threads(n)
        results.append((ng.tensor(a) @ ng.tensor(b)).numpy())
    assert np.array_equal(*results)


@pytest.mark.parametrize(
    ("a", "b", "dims"),
    [((3, 4), (4, 5), (3, 4, 5)), ((4,), (4, 5), (1, 4, 5)), ((2, 3, 4), (4, 5), (6, 4, 5))],
)
def test_product_dims_count_the_whole_work(a, b, dims):
    assert _threads.product_dims(a, b) == dims
