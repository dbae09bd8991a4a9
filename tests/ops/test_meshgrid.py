"""meshgrid beyond the op table: the list form, the warning without ``indexing``, errors."""

from __future__ import annotations

import pytest

import neuralgrad as ng
from torch_parity import raises_like_torch


def test_list_form_and_default_indexing_warn_as_pytorch():
    torch = pytest.importorskip("torch")
    a, b = [1, 2], [3, 4, 5]
    with pytest.warns(UserWarning, match="indexing"):
        got = ng.meshgrid([ng.tensor(a), ng.tensor(b)])
    with pytest.warns(UserWarning, match="indexing"):
        want = torch.meshgrid([torch.tensor(a), torch.tensor(b)])
    assert [g.tolist() for g in got] == [w.tolist() for w in want]
    zero_d = ng.meshgrid(ng.tensor(2.0), ng.tensor([1.0, 3.0]), indexing="xy")
    want = torch.meshgrid(torch.tensor(2.0), torch.tensor([1.0, 3.0]), indexing="xy")
    assert [g.tolist() for g in zero_d] == [w.tolist() for w in want]


@pytest.mark.parametrize(
    "call,error",
    [
        (lambda m: m.meshgrid(m.tensor([1, 2]), m.tensor([1.0]), indexing="ij"), RuntimeError),
        (lambda m: m.meshgrid(m.zeros(2, 2), indexing="ij"), RuntimeError),
        (lambda m: m.meshgrid(m.zeros(2), indexing="ji"), (ValueError, RuntimeError)),
    ],
)
def test_errors_match_pytorch(call, error):
    raises_like_torch(call, error)
