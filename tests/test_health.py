"""neuralgrad.health.check: dead ReLUs, saturated tanh, exploding and vanishing gradients, the
first op that made a NaN, and silence on a healthy freshly initialised MLP."""

import numpy as np
import pytest

import neuralgrad as ng
from neuralgrad import health, nn


@pytest.fixture
def batch():
    ng.manual_seed(0)
    return ng.randn(128, 20), ng.randint(0, 3, (128,))


def mlp(act=nn.ReLU, seed=0, out=3):
    ng.manual_seed(seed)
    return nn.Sequential(nn.Linear(20, 64), act(), nn.Linear(64, 64), act(), nn.Linear(64, out))


@pytest.mark.parametrize("act", [nn.ReLU, nn.Tanh, nn.Sigmoid])
def test_healthy_fresh_mlp_is_quiet(batch, act):
    x, y = batch
    report = health.check(mlp(act), x, y, nn.CrossEntropyLoss(), lr=0.01)
    assert report.findings == [] and report.ok
    assert [r.name for r in report.layers] == ["0", "1", "2", "3", "4"]
    assert all(r.grad_norm > 0 and r.update_ratio > 0 for r in report.layers if r.kind == "Linear")
    assert "no problems found" in str(report)


def test_dead_relus_from_large_negative_biases(batch):
    x, y = batch
    model = mlp()
    with ng.no_grad():
        model[2].bias.fill_(-50.0)
    report = health.check(model, x, y, nn.CrossEntropyLoss())
    dead = [f for f in report.findings if f.kind == "dead_relu"]
    assert [f.layer for f in dead] == ["3"] and dead[0].value == 1.0
    assert "100% of the units never fire" in dead[0].message and "LeakyReLU" in dead[0].hint
    assert report.layers[1].dead == 0.0  # the first ReLU layer is fine
    # no gradient reaches layer 2 through dead units: the gradient vanishes there
    assert ("vanishing", "2") in {(f.kind, f.layer) for f in report.findings}
    html = report._repr_html_()  # Jupyter: the findings with their hints, then the table
    assert html.count("<li>") == len(report.findings) and "LeakyReLU" in html
    assert html.count("<tr>") == len(report.layers) + 1 and "100%" in html


def test_exploding_gradients_from_huge_init(batch):
    x, y = batch
    model = mlp()
    for p in model.parameters():
        nn.init.normal_(p, std=10.0)
    report = health.check(model, x, y, nn.CrossEntropyLoss())
    exploding = {f.layer for f in report.findings if f.kind == "exploding"}
    assert exploding == {"0", "2", "4"}
    assert "exploding gradients" in str(report) and "clipping" in str(report)


def test_saturated_tanh(batch):
    x, y = batch
    model = mlp(nn.Tanh)
    with ng.no_grad():
        model[0].weight.mul_(20.0)
    report = health.check(model, x, y, nn.CrossEntropyLoss())
    sat = [f for f in report.findings if f.kind == "saturated"]
    assert sat and sat[0].layer == "1" and sat[0].value > 0.5
    assert "saturated neurons kill gradients" in sat[0].message


def test_output_sigmoid_may_saturate(batch):
    """A sigmoid that is the model's output is meant to be confident: not a finding."""
    x, _ = batch
    ng.manual_seed(0)
    model = nn.Sequential(nn.Linear(20, 8), nn.Tanh(), nn.Linear(8, 1), nn.Sigmoid())
    with ng.no_grad():
        model[2].weight.mul_(100.0)
    report = health.check(model, x)
    assert report.layers[-1].kind == "Sigmoid" and "saturated" not in report.kinds


class Log(nn.Module):
    def forward(self, x):
        return ng.log(x) * 2.0 + 1.0


def test_names_the_first_op_producing_nan(batch):
    x, y = batch
    ng.manual_seed(0)
    model = nn.Sequential(nn.Linear(20, 8), Log(), nn.Linear(8, 3))
    report = health.check(model, x, y, nn.CrossEntropyLoss())
    (bad,) = [f for f in report.findings if f.kind == "nonfinite"]
    assert bad.layer == "1" and "op LogBackward" in bad.message and "layer '1' (Log)" in str(bad)


def test_nan_in_the_data_and_in_the_loss(batch):
    x, y = batch
    xs = x.clone()
    xs[0, 0] = float("nan")
    report = health.check(mlp(), xs)
    assert report.findings[0].kind == "nonfinite" and "input batch" in report.findings[0].message
    model = mlp(out=1)
    report = health.check(model, x, loss=lambda out: out.sum() + float("inf"))
    assert report.findings[0].layer == "<loss>" and "the loss is inf" in report.findings[0].message


def test_model_left_as_found(batch):
    """Gradients, BatchNorm's running statistics and the random state are put back."""
    x, y = batch
    ng.manual_seed(1)
    model = nn.Sequential(
        nn.Linear(20, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Dropout(0.5), nn.Linear(16, 3)
    )
    marker = ng.ones(16, 20)
    model[0].weight.grad = marker
    stats = model[1].running_mean.numpy().copy()
    state = ng.get_rng_state()
    expected = ng.rand(3).numpy()
    ng.set_rng_state(state)
    health.check(model, x, y, nn.CrossEntropyLoss())
    assert model[0].weight.grad is marker and model[2 - 2].bias.grad is None
    np.testing.assert_array_equal(model[1].running_mean.numpy(), stats)
    np.testing.assert_array_equal(ng.rand(3).numpy(), expected)


def test_report_prints_findings_and_table(batch):
    x, y = batch
    model = mlp()
    with ng.no_grad():
        model[0].bias.fill_(-50.0)
    text = str(health.check(model, x, y, nn.CrossEntropyLoss(), lr=0.1))
    assert text.startswith("Health check (loss ")
    assert "problem(s):\n  - " in text and "\n  - layer '1' (ReLU): 100% of the units" in text
    assert "layer  type    dead  saturated  |grad|" in text and "\n1      ReLU    100%" in text


def test_thresholds_are_adjustable(batch):
    x, y = batch
    model = mlp()
    with ng.no_grad():
        model[0].bias.fill_(-1.0)  # a few dead units (6 %), below the default threshold
    assert health.check(model, x, y, nn.CrossEntropyLoss()).ok
    strict = health.Thresholds(dead=0.05)
    assert "dead_relu" in health.check(model, x, thresholds=strict).kinds
