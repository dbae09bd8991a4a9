"""Every schedule says it lives in ``optim.lr_scheduler``, as PyTorch's do (code checks
``type(s).__module__ == lr_scheduler.__name__``)."""

from __future__ import annotations

import pytest

from neuralgrad.optim import lr_scheduler


@pytest.mark.parametrize("name", lr_scheduler.__all__)
def test_schedules_live_in_the_public_module(name):
    cls = getattr(lr_scheduler, name)
    assert cls.__module__ == lr_scheduler.__name__


def test_same_as_pytorch_for_the_shared_schedules():
    torch = pytest.importorskip("torch")
    for name in lr_scheduler.__all__:
        theirs = getattr(torch.optim.lr_scheduler, name, None)
        if theirs is not None:
            assert theirs.__module__ == torch.optim.lr_scheduler.__name__
            assert getattr(lr_scheduler, name).__qualname__ == theirs.__qualname__
