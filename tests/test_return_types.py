"""Several results in one named tuple (``max(dim)``, ``sort``, ``topk``, ``histogram``), shown
as PyTorch shows them."""

from __future__ import annotations

import pytest

import neuralgrad as ng

DATA = [[1.5, 0.25, 3.0], [2.0, 7.0, -1.0]]


@pytest.mark.parametrize(
    "call",
    [
        lambda m, x: m.max(x, 1),
        lambda m, x: x.min(dim=0),
        lambda m, x: m.sort(x),
        lambda m, x: x.topk(2),
        lambda m, x: m.histogram(x, 3),
    ],
    ids=["max", "min", "sort", "topk", "histogram"],
)
def test_results_print_and_unpack_as_pytorch(call):
    torch = pytest.importorskip("torch")
    got, want = call(ng, ng.tensor(DATA)), call(torch, torch.tensor(DATA))
    assert repr(got).replace("neuralgrad.", "torch.") == repr(want)
    assert type(got).__name__ == type(want).__name__ and len(got) == len(want) == 2
    for k, field in enumerate(got._fields):
        assert getattr(got, field) is got[k] and hasattr(want, field)
