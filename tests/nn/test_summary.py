"""``nn.summary``: the rows (call order, output shapes, own parameter counts), the totals, and
that the model, its hooks, modes and the global random state are left as they were."""

from __future__ import annotations

import re

import numpy as np
import pytest

import neuralgrad as ng
import neuralgrad.nn as nn


def _rows(text: str) -> list[list[str]]:
    """The table body as [name (type), shape, count] cells (columns are 2+ spaces apart)."""
    lines = text.splitlines()
    eq = [i for i, line in enumerate(lines) if set(line) == {"="}]
    return [re.split(r"\s{2,}", line.strip()) for line in lines[eq[0] + 1 : eq[1]]]


def _mlp() -> nn.Module:
    return nn.Sequential(
        nn.Flatten(),
        nn.Linear(784, 128),
        nn.Dropout(0.2),
        nn.Sequential(nn.Linear(128, 64), nn.Identity()),
        nn.Linear(64, 10),
    )


def test_rows_and_totals_for_an_mlp(capsys: pytest.CaptureFixture) -> None:
    model = _mlp()
    text = nn.summary(model, (2, 28, 28))
    assert capsys.readouterr().out.strip() == text.strip()
    assert text.splitlines()[0] == 'Model: "Sequential"'
    assert _rows(text) == [
        ["0 (Flatten)", "(2, 784)", "0"],
        ["1 (Linear)", "(2, 128)", "100,480"],
        ["2 (Dropout)", "(2, 128)", "0"],
        ["3.0 (Linear)", "(2, 64)", "8,256"],
        ["3.1 (Identity)", "(2, 64)", "0"],
        ["4 (Linear)", "(2, 10)", "650"],
    ]
    total = sum(p.numel() for p in model.parameters())
    assert total == 109_386
    assert "Total params: 109,386" in text and "Trainable params: 109,386" in text
    assert "Non-trainable params: 0" in text


def test_frozen_parameters_are_non_trainable() -> None:
    model = _mlp()
    model[1].requires_grad_(False)
    text = nn.summary(model, (1, 784), print_fn=None)
    assert "Trainable params: 8,906" in text and "Non-trainable params: 100,480" in text


def test_model_state_hooks_modes_and_rng_are_untouched() -> None:
    model = _mlp()
    model[3].eval()
    modes = [m.training for m in model.modules()]
    params = [p.detach().numpy().copy() for p in model.parameters()]
    ng.manual_seed(0)
    state = ng.get_rng_state()
    nn.summary(model, (1, 784), print_fn=None)
    assert ng.get_rng_state() == state
    assert [m.training for m in model.modules()] == modes
    assert all(not m._forward_hooks and not m._forward_pre_hooks for m in model.modules())
    assert all(np.array_equal(a, p.detach().numpy()) for a, p in zip(params, model.parameters()))
    assert all(p.grad is None for p in model.parameters())


def test_hooks_are_removed_when_the_forward_fails() -> None:
    model = nn.Sequential(nn.Linear(4, 3), nn.Linear(5, 2))
    with pytest.raises(RuntimeError, match="cannot be multiplied"):
        nn.summary(model, (1, 4), print_fn=None)
    assert all(not m._forward_hooks and not m._forward_pre_hooks for m in model.modules())
    assert model.training


class _TwoInputs(nn.Module):
    """Shares one layer between two inputs and owns a parameter besides its children."""

    def __init__(self) -> None:
        super().__init__()
        self.enc = nn.Linear(3, 4)
        self.scale = nn.Parameter(ng.ones(4))
        self.head = nn.Linear(4, 1)

    def forward(self, a, b):
        return self.head(self.enc(a) * self.scale + self.enc(b)), a


def test_several_inputs_shared_layers_and_own_parameters() -> None:
    text = nn.summary(_TwoInputs(), [(2, 3), (2, 3)], print_fn=None)
    assert _rows(text) == [
        ["_TwoInputs", "[(2, 1), (2, 3)]", "4"],
        ["enc (Linear)", "(2, 4)", "16"],
        ["enc (Linear)", "(2, 4)", "0"],  # the second call counts nothing again
        ["head (Linear)", "(2, 1)", "5"],
    ]
    assert "Total params: 25" in text


def test_a_single_layer_model() -> None:
    text = nn.summary(nn.Linear(3, 2).double(), (5, 3), dtype=ng.float64, print_fn=None)
    assert _rows(text) == [["Linear", "(5, 2)", "8"]]


def test_html_for_jupyter():
    """A model shows in Jupyter as a table: its layers, settings and parameter counts."""
    model = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))
    html = model._repr_html_()
    assert html.startswith("<table") and "Model: &quot;Sequential&quot;" in html
    assert "0 (Linear)" in html and "in_features=4, out_features=3, bias=True" in html
    assert "<td" in html and "15" in html and "Total params: 23" in html
    from neuralgrad.nn.summary import summary_html

    shaped = summary_html(model, (1, 4))
    assert "(1, 3)" in shaped and "(1, 2)" in shaped and "Output Shape" in shaped
