"""The LRScheduler callback steps a schedule per batch or per epoch; ReduceLROnPlateau is fed
the monitored value."""

import pytest

import neuralgrad as ng
from neuralgrad import nn
from neuralgrad.optim import lr_scheduler as S
from neuralgrad.train import Callback, LRScheduler, fit

from .helpers import ScriptedValue, blobs, mlp


class BatchLRs(Callback):
    def __init__(self):
        self.lrs = []

    def on_train_batch_begin(self, batch, logs=None):
        self.lrs.append(self.trainer.optimizer.param_groups[0]["lr"])


def _fit(callbacks, epochs, opt, model, **kw):
    X, y = blobs(n=40)
    return fit(
        model,
        (X, y),
        loss=nn.CrossEntropyLoss(),
        optimizer=opt,
        epochs=epochs,
        batch_size=10,
        callbacks=callbacks,
        verbose=0,
        **kw,
    )


def test_per_batch_stepping():
    model = mlp()
    opt = ng.optim.SGD(model.parameters(), lr=1.0)
    sched = S.ExponentialLR(opt, gamma=0.5)
    seen = BatchLRs()
    h = _fit([LRScheduler(sched, interval="batch"), seen], 2, opt, model)
    assert seen.lrs == pytest.approx([0.5**i for i in range(8)])  # 4 batches per epoch
    assert h["lr"] == pytest.approx([1.0, 0.5**4])


def test_per_epoch_stepping_through_fit_scheduler_argument():
    model = mlp()
    opt = ng.optim.SGD(model.parameters(), lr=1.0)
    seen = BatchLRs()
    h = _fit([seen], 3, opt, model, scheduler=S.StepLR(opt, step_size=1, gamma=0.1))
    assert seen.lrs == pytest.approx([1.0] * 4 + [0.1] * 4 + [0.01] * 4)
    assert h["lr"] == pytest.approx([1.0, 0.1, 0.01])


def test_reduce_on_plateau_gets_the_monitored_value():
    model = mlp()
    opt = ng.optim.SGD(model.parameters(), lr=1.0)
    plateau = S.ReduceLROnPlateau(opt, factor=0.5, patience=1)
    curve = [1.0, 0.9, 0.95, 0.97, 0.96, 0.5, 0.6]
    X, y = blobs(n=40)
    h = _fit([ScriptedValue(curve), LRScheduler(plateau)], 7, opt, model, validation_data=(X, y))
    # bad epochs 2, 3 (> patience 1) -> cut after epoch 3; epoch 4 bad: 1 bad epoch so far
    assert h["lr"] == pytest.approx([1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5])
    assert plateau.best == pytest.approx(0.5)


def test_plateau_per_batch_is_refused():
    model = mlp()
    opt = ng.optim.SGD(model.parameters(), lr=1.0)
    with pytest.raises(ValueError, match="interval='epoch'"):
        LRScheduler(S.ReduceLROnPlateau(opt), interval="batch")
