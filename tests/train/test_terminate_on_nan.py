"""TerminateOnNaN stops at the first non-finite loss and names the layer and op."""

import numpy as np

import neuralgrad as ng
from neuralgrad import nn
from neuralgrad.train import TerminateOnNaN, fit

from .helpers import blobs


class Log(nn.Module):
    def forward(self, x):
        return x.log()


def _fit(model, X, y, **kw):
    stop = TerminateOnNaN(verbose=0)
    h = fit(
        model,
        (X, y),
        loss=nn.CrossEntropyLoss(),
        optimizer=ng.optim.SGD(model.parameters(), lr=0.01),
        epochs=5,
        batch_size=10,
        callbacks=[stop],
        verbose=0,
        **kw,
    )
    return h, stop


def test_names_the_layer_and_op_that_made_the_first_nan():
    X, y = blobs(n=40)
    ng.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 8), Log(), nn.Linear(8, 3))  # log of negatives -> NaN
    before = {k: v.numpy().copy() for k, v in model.state_dict().items()}
    h, stop = _fit(model, X, y)
    assert len(h.epoch) == 1  # stopped in the first epoch
    assert "epoch 1, batch 1" in stop.message
    assert "layer '1' (Log)" in stop.message
    assert "LogBackward" in stop.message
    assert h.stop_reason == stop.message
    # stopped before the loss, the backward and the update: the weights are untouched
    for k, v in model.state_dict().items():
        np.testing.assert_array_equal(v.numpy(), before[k])


def test_blames_the_loss_when_the_model_output_is_finite():
    X, y = blobs(n=40)
    t = np.zeros((40, 3), dtype=np.float32)
    ng.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 3), nn.Sigmoid())
    stop = TerminateOnNaN(verbose=0)
    with np.errstate(all="ignore"):  # the inf loss makes NaN gradients in its backward
        h = fit(
            model,
            (X, t),
            loss=nn.BCELoss(weight=ng.tensor([np.inf, 1.0, 1.0])),
            optimizer=ng.optim.SGD(model.parameters(), lr=0.01),
            epochs=2,
            batch_size=10,
            callbacks=[stop],
            verbose=0,
        )
    assert len(h.epoch) == 1
    assert "batch 1: the loss is inf" in stop.message
    assert "the loss (BCELoss)" in stop.message


def test_finite_training_is_untouched():
    X, y = blobs(n=40)
    ng.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 3))
    h, stop = _fit(model, X, y)
    assert len(h.epoch) == 5 and stop.message is None
    assert not model._modules["0"]._forward_hooks  # the hooks are removed at the end
