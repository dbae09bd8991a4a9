"""Early stopping on a scripted validation curve: the stop epoch, patience, min_delta, mode,
and the best weights restored (also when training ends without stopping early)."""

import numpy as np
import pytest

import neuralgrad as ng
from neuralgrad import nn
from neuralgrad.train import EarlyStopping, fit

from .helpers import ScriptedValue, WeightLog, blobs, mlp, weights

CURVE = [1.0, 0.8, 0.6, 0.65, 0.62, 0.61, 0.7, 0.5, 0.4, 0.3, 0.2, 0.1]


def _run(curve, epochs, key="val_loss", **es_kw):
    X, y = blobs(n=40)
    model = mlp()
    stopper = EarlyStopping(monitor=key, **es_kw)
    log = WeightLog()
    h = fit(
        model,
        (X, y),
        loss=nn.CrossEntropyLoss(),
        optimizer=ng.optim.SGD(model.parameters(), lr=0.05),
        epochs=epochs,
        batch_size=8,
        validation_data=(X, y),
        callbacks=[ScriptedValue(curve, key), stopper, log],
        verbose=0,
    )
    return model, h, stopper, log


def test_stops_after_patience_epochs_without_improvement_and_restores_the_best():
    model, h, stopper, log = _run(CURVE, epochs=12, patience=3, restore_best_weights=True)
    # best 0.6 at epoch 2; epochs 3, 4, 5 do not beat it -> stop at the end of epoch 5
    assert h.epoch == [0, 1, 2, 3, 4, 5]
    assert stopper.stopped_epoch == 5 and h.stopped_epoch == 5
    assert stopper.best_epoch == 2 and h.restored_epoch == 2
    assert stopper.best == pytest.approx(0.6)
    final = weights(model)
    for k, v in log.per_epoch[2].items():
        np.testing.assert_array_equal(final[k], v)
    assert any(not np.array_equal(final[k], v) for k, v in log.per_epoch[5].items())


def test_patience_zero_stops_at_the_first_bad_epoch():
    _, h, stopper, _ = _run(CURVE, epochs=12, patience=0)
    assert stopper.stopped_epoch == 3 and len(h.epoch) == 4


def test_min_delta_counts_small_gains_as_no_gain():
    curve = [1.0, 0.95, 0.9, 0.85, 0.8, 0.75]
    _, h, stopper, _ = _run(curve, epochs=6, patience=2, min_delta=0.1)
    # improvements of 0.05 are not more than 0.1: epochs 1 and 2 are bad -> stop at 2
    assert stopper.stopped_epoch == 2 and stopper.best_epoch == 0


def test_max_mode_for_accuracy():
    curve = [0.5, 0.7, 0.9, 0.85, 0.88, 0.95]
    _, h, stopper, _ = _run(curve, epochs=6, key="val_accuracy", patience=2)
    assert stopper.watch.mode == "max"  # 'auto' picks max for accuracies
    assert stopper.stopped_epoch == 4 and stopper.best_epoch == 2


def test_best_weights_restored_when_training_ends_without_stopping():
    curve = [1.0, 0.5, 0.7, 0.8]
    model, h, stopper, log = _run(curve, epochs=4, patience=10, restore_best_weights=True)
    assert stopper.stopped_epoch == 0 and h.stopped_epoch is None
    assert h.restored_epoch == 1
    final = weights(model)
    for k, v in log.per_epoch[1].items():
        np.testing.assert_array_equal(final[k], v)


def test_missing_monitor_names_the_logged_keys():
    X, y = blobs(n=20)
    model = mlp()
    with pytest.raises(KeyError, match="validation_data or validation_split"):
        fit(
            model,
            (X, y),
            loss=nn.CrossEntropyLoss(),
            optimizer=ng.optim.SGD(model.parameters(), lr=0.1),
            epochs=2,
            callbacks=[EarlyStopping()],
            verbose=0,
        )
