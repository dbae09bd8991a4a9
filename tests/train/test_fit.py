"""fit / evaluate / predict with real numbers: XOR to 100 %, the digits past 95 %, the history,
the accepted data forms, the validation split, augmentation only in training."""

import numpy as np
import pytest

import neuralgrad as ng
from neuralgrad import nn
from neuralgrad.datasets.digits import digits_split
from neuralgrad.metrics import accuracy
from neuralgrad.preprocessing import StandardScaler
from neuralgrad.train import Callback, evaluate, fit, predict
from neuralgrad.train.inputs import split_validation
from neuralgrad.utils.data import DataLoader, TensorDataset

from .helpers import blobs, mlp


def test_two_layer_mlp_learns_xor():
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
    y = np.array([0, 1, 1, 0])
    ng.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 2))
    history = fit(
        model,
        (X, y),
        loss=nn.CrossEntropyLoss(),
        optimizer=ng.optim.Adam(model.parameters(), lr=0.05),
        epochs=300,
        batch_size=4,
        metrics=["accuracy"],
        verbose=0,
    )
    assert accuracy(predict(model, X), y) == 1.0
    assert history["accuracy"][-1] == 1.0
    assert history["loss"][-1] < 0.05


def test_digits_mlp_passes_95_percent_in_a_short_run():
    d = digits_split()
    scaler = StandardScaler().fit(d["train"][0])
    train = (scaler.transform(d["train"][0]), d["train"][1])
    test = (scaler.transform(d["test"][0]), d["test"][1])
    ng.manual_seed(0)
    model = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))
    fit(
        model,
        train,
        loss=nn.CrossEntropyLoss(),
        optimizer=ng.optim.Adam(model.parameters(), lr=3e-3),
        epochs=8,
        batch_size=32,
        verbose=0,
    )
    result = evaluate(model, test, loss=nn.CrossEntropyLoss(), metrics=["accuracy"])
    assert result["accuracy"] > 0.95
    assert set(result) == {"loss", "accuracy"}


def test_history_has_per_epoch_losses_metrics_lr_and_time():
    X, y = blobs()
    model = mlp()
    opt = ng.optim.SGD(model.parameters(), lr=0.1)
    sched = ng.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
    h = fit(
        model,
        (X, y),
        loss=nn.CrossEntropyLoss(),
        optimizer=opt,
        epochs=5,
        validation_split=0.25,
        metrics=["accuracy", "f1"],
        scheduler=sched,
        verbose=0,
    )
    assert h.epoch == [0, 1, 2, 3, 4]
    assert set(h.history) == {
        "loss",
        "accuracy",
        "f1",
        "val_loss",
        "val_accuracy",
        "val_f1",
        "lr",
        "time",
    }
    assert all(len(v) == 5 for v in h.history.values())
    assert h["lr"] == pytest.approx([0.1, 0.1, 0.05, 0.05, 0.025])
    assert all(t > 0 for t in h["time"])
    assert h["loss"][-1] < h["loss"][0]
    assert h.stopped_epoch is None and h.restored_epoch is None
    assert h.params["steps"] == 3  # 90 training samples in batches of 32


def test_epoch_loss_is_the_sample_weighted_mean_of_batch_losses():
    X, y = blobs(n=10)
    seen = []

    class Batches(Callback):
        def on_train_batch_end(self, batch, logs=None):
            seen.append((logs["loss"], logs["size"]))

    model = mlp()
    h = fit(
        model,
        (X, y),
        loss=nn.CrossEntropyLoss(),
        optimizer=ng.optim.SGD(model.parameters(), lr=0.0),
        epochs=1,
        batch_size=4,
        shuffle=False,
        callbacks=[Batches()],
        verbose=0,
    )
    assert [n for _, n in seen] == [4, 4, 2]
    assert h["loss"][0] == pytest.approx(sum(v * n for v, n in seen) / 10)
    assert h["loss"][0] == pytest.approx(
        evaluate(model, (X, y), loss=nn.CrossEntropyLoss())["loss"]
    )


@pytest.mark.parametrize("form", ["pair", "tensors", "dataset", "loader"])
def test_fit_accepts_arrays_tensors_datasets_and_loaders(form):
    X, y = blobs()
    data = {
        "pair": (X, y),
        "tensors": (ng.tensor(X), ng.tensor(y)),
        "dataset": TensorDataset(X, y),
        "loader": DataLoader(TensorDataset(X, y), batch_size=16, shuffle=True),
    }[form]
    model = mlp()
    fit(
        model,
        data,
        loss=nn.CrossEntropyLoss(),
        optimizer=ng.optim.Adam(model.parameters(), lr=0.05),
        epochs=15,
        verbose=0,
    )
    assert evaluate(model, data, metrics=["accuracy"])["accuracy"] == 1.0


def test_predict_returns_outputs_in_order_in_eval_mode():
    X, _ = blobs(n=50)
    model = mlp(dropout=0.5)
    out = predict(model, X, batch_size=7)
    assert out.shape == (50, 3)
    with ng.no_grad():
        expected = model.eval()(ng.tensor(X)).numpy()
    np.testing.assert_allclose(out, expected, rtol=1e-6)
    assert not model.training  # restored to the mode it was in (eval, set just above)


def test_validation_split_is_stratified_and_shuffled():
    X = np.arange(100, dtype=np.float32)[:, None]
    y = np.array([0] * 80 + [1] * 20)  # sorted: an unshuffled tail split would be all class 1
    train, val = split_validation(TensorDataset(X, y), 0.2, seed=3)
    val_rows = np.asarray(val.indices)
    assert len(val_rows) == 20 and len(train.indices) == 80
    assert np.bincount(y[val_rows]).tolist() == [16, 4]  # the 80/20 class ratio kept
    assert not set(val_rows) & set(np.asarray(train.indices))
    assert not np.array_equal(np.sort(val_rows), np.arange(80, 100))
    assert np.array_equal(
        np.asarray(split_validation(TensorDataset(X, y), 0.2, seed=3)[1].indices), val_rows
    )


def test_fit_validation_split_uses_the_stratified_split():
    X, y = blobs(n=100, classes=2)
    y = np.where(np.arange(100) < 90, 0, 1)  # 10 % class 1
    model = nn.Sequential(nn.Linear(4, 2))
    seen = {}

    class Peek(Callback):
        def on_train_begin(self, logs=None):
            seen["val"] = self.trainer.val_loader.dataset

    fit(
        model,
        (X, y),
        loss=nn.CrossEntropyLoss(),
        optimizer=ng.optim.SGD(model.parameters(), lr=0.01),
        epochs=1,
        validation_split=0.2,
        callbacks=[Peek()],
        verbose=0,
    )
    rows = np.asarray(seen["val"].indices)
    assert np.bincount(y[rows]).tolist() == [18, 2]


def test_transform_runs_in_training_only():
    X, y = blobs(n=16)
    calls = []

    def flag(batch):
        calls.append(batch.shape)
        return batch * 0.0  # visible: a zeroed batch gives all-equal outputs

    model = mlp()
    fit(
        model,
        (X, y),
        loss=nn.CrossEntropyLoss(),
        optimizer=ng.optim.SGD(model.parameters(), lr=0.0),
        epochs=1,
        batch_size=8,
        validation_data=(X, y),
        transform=flag,
        verbose=0,
    )
    assert calls == [(8, 4), (8, 4)]  # the two training batches, not the validation ones
    out = predict(model, X)
    assert np.ptp(out, axis=0).max() > 0  # predictions see the real inputs
