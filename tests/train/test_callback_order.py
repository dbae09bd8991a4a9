"""Callbacks fire in Keras's order; fit, evaluate and predict each fire their own hooks."""

import neuralgrad as ng
from neuralgrad import nn
from neuralgrad.train import (
    Callback,
    CallbackList,
    ModelCheckpoint,
    ProgressBar,
    evaluate,
    fit,
    predict,
)

from .helpers import Recorder, blobs, mlp


def test_fit_fires_hooks_in_keras_order():
    X, y = blobs(n=10)
    rec = Recorder()
    model = mlp()
    fit(
        model,
        (X, y),
        loss=nn.CrossEntropyLoss(),
        optimizer=ng.optim.SGD(model.parameters(), lr=0.1),
        epochs=2,
        batch_size=5,
        validation_data=(X[:6], y[:6]),
        callbacks=[rec],
        verbose=0,
    )
    epoch = lambda e: [
        ("on_epoch_begin", e),
        ("on_train_batch_begin", 0),
        ("on_train_batch_end", 0),
        ("on_train_batch_begin", 1),
        ("on_train_batch_end", 1),
        ("on_test_begin", None),
        ("on_test_batch_begin", 0),
        ("on_test_batch_end", 0),
        ("on_test_batch_begin", 1),
        ("on_test_batch_end", 1),
        ("on_test_end", None),
        ("on_epoch_end", e),
    ]
    assert rec.calls == [("on_train_begin", None), *epoch(0), *epoch(1), ("on_train_end", None)]


def test_evaluate_and_predict_hooks():
    X, y = blobs(n=10)
    model = mlp()
    rec = Recorder()
    evaluate(model, (X, y), batch_size=8, callbacks=[rec])
    assert rec.calls == [
        ("on_test_begin", None),
        ("on_test_batch_begin", 0),
        ("on_test_batch_end", 0),
        ("on_test_batch_begin", 1),
        ("on_test_batch_end", 1),
        ("on_test_end", None),
    ]
    rec.calls.clear()
    predict(model, X, batch_size=10, callbacks=[rec])
    assert rec.calls == [
        ("on_predict_begin", None),
        ("on_predict_batch_begin", 0),
        ("on_predict_batch_end", 0),
        ("on_predict_end", None),
    ]


def test_stop_training_ends_after_the_current_batch_and_epoch():
    X, y = blobs(n=20)
    rec = Recorder()

    class StopAtSecondBatch(Callback):
        def on_train_batch_end(self, batch, logs=None):
            if batch == 1:
                self.trainer.stop_training = True

    model = mlp()
    h = fit(
        model,
        (X, y),
        loss=nn.CrossEntropyLoss(),
        optimizer=ng.optim.SGD(model.parameters(), lr=0.1),
        epochs=5,
        batch_size=5,
        callbacks=[StopAtSecondBatch(), rec],
        verbose=0,
    )
    assert len(h.epoch) == 1
    assert [c for c in rec.calls if c[0] == "on_train_batch_end"] == [
        ("on_train_batch_end", 0),
        ("on_train_batch_end", 1),
    ]
    assert rec.calls[-2:] == [("on_epoch_end", 0), ("on_train_end", None)]


def test_progress_first_and_checkpoint_last(tmp_path):
    a, b = Recorder(), Recorder()
    ckpt, bar = ModelCheckpoint(tmp_path / "m.ng"), ProgressBar()
    cbs = CallbackList([a, ckpt, b, bar])
    assert cbs.callbacks == [bar, a, b, ckpt]
    assert CallbackList([a]).hooks("on_train_batch_end") != []
    assert CallbackList([ckpt]).hooks("on_train_batch_end") == []  # not overridden: skipped
