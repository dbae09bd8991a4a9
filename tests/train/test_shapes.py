"""fit/evaluate refuse outputs (N, 1) against targets (N,) for elementwise losses, where
PyTorch's broadcasting would compare every output with every target."""

import numpy as np
import pytest

import neuralgrad as ng
from neuralgrad import nn
from neuralgrad.train import evaluate, fit
from neuralgrad.train.shapes import check_output_target


def _line(n=64, seed=0):
    """y = 2x + 1 on x in [-1, 1]: X float32 (n, 1), y float32 (n,)."""
    x = np.random.default_rng(seed).uniform(-1, 1, (n, 1)).astype(np.float32)
    return x, (2 * x[:, 0] + 1).astype(np.float32)


def _fit(model, X, y, loss=None, epochs=200):
    return fit(
        model,
        (X, y),
        loss=loss or nn.MSELoss(),
        optimizer=ng.optim.SGD(model.parameters(), lr=0.1),
        epochs=epochs,
        batch_size=64,
        verbose=0,
    )


def test_fit_refuses_column_outputs_against_vector_targets():
    X, y = _line()
    ng.manual_seed(0)
    model = nn.Linear(1, 1)
    before = model.weight.detach().numpy().copy()
    with pytest.raises(
        ValueError, match=r"outputs have shape \(64, 1\).*targets have shape \(64,\)"
    ):
        _fit(model, X, y)
    np.testing.assert_array_equal(model.weight.detach().numpy(), before)  # no step was taken


def test_the_fix_the_error_names_fits_the_line():
    X, y = _line()
    ng.manual_seed(0)
    model = nn.Linear(1, 1)
    _fit(model, X, y.reshape(-1, 1))
    assert model.weight.item() == pytest.approx(2.0, abs=1e-3)
    assert model.bias.item() == pytest.approx(1.0, abs=1e-3)


@pytest.mark.parametrize("loss", [nn.L1Loss(), nn.HuberLoss(), nn.BCEWithLogitsLoss()])
def test_other_elementwise_losses_and_the_reverse_shapes(loss):
    X, y = _line()
    model = nn.Sequential(nn.Linear(1, 1), nn.Flatten(0))  # outputs (N,)
    with pytest.raises(ValueError, match=r"\(64,\).*\(64, 1\)"):
        _fit(model, X, (y > 1).astype(np.float32).reshape(-1, 1), loss=loss, epochs=1)


def test_evaluate_refuses_too_and_functional_losses_keep_pytorch_behaviour():
    X, y = _line()
    model = nn.Linear(1, 1)
    with pytest.raises(ValueError, match="evaluate: .*mse_loss"):
        evaluate(model, (X, y), loss=nn.functional.mse_loss)
    with pytest.warns(UserWarning, match="broadcast"):
        nn.functional.mse_loss(model(ng.tensor(X)), ng.tensor(y))


def test_class_losses_and_matching_shapes_pass():
    out = ng.zeros(8, 1)
    check_output_target(out, ng.zeros(8, dtype=ng.int64), nn.CrossEntropyLoss())
    check_output_target(out, ng.zeros(8, 1), nn.MSELoss())
    check_output_target(ng.zeros(1, 1), ng.zeros(1), nn.MSELoss())  # broadcasts to (1, 1)
    check_output_target(ng.zeros(8, 3), ng.zeros(8), nn.MSELoss())  # PyTorch's own error
