"""``set_num_threads``/``get_num_threads``: NumPy's BLAS pool, through threadpoolctl."""

from __future__ import annotations

import builtins

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

    _threads._controller.cache_clear()
    monkeypatch.setattr(builtins, "__import__", no_threadpoolctl)
    try:
        with pytest.raises(ImportError, match=r"threadpoolctl.*neuralgrad\[threads\]"):
            ng.get_num_threads()
    finally:
        monkeypatch.undo()
        _threads._controller.cache_clear()
