"""Small models, data and a hook recorder shared by the training tests."""

from __future__ import annotations

import numpy as np

import neuralgrad as ng
from neuralgrad import nn
from neuralgrad.train import Callback


def blobs(n: int = 120, classes: int = 3, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Separable Gaussian blobs in 4-D: X float32 (n, 4), y int64 (n,)."""
    r = np.random.default_rng(seed)
    y = np.arange(n) % classes
    centers = r.normal(0, 3, (classes, 4))
    X = centers[y] + r.normal(0, 0.5, (n, 4))
    return X.astype(np.float32), y.astype(np.int64)


def mlp(seed: int = 0, dropout: float = 0.0, classes: int = 3) -> nn.Module:
    ng.manual_seed(seed)
    layers = [nn.Linear(4, 16), nn.ReLU()]
    if dropout:
        layers.append(nn.Dropout(dropout))
    return nn.Sequential(*layers, nn.Linear(16, classes))


def weights(model: nn.Module) -> dict[str, np.ndarray]:
    return {k: v.numpy().copy() for k, v in model.state_dict().items()}


class Recorder(Callback):
    """Records every hook call as (hook, index-or-None)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, int | None]] = []

    def _rec(name):  # noqa: N805  (builds methods)
        def hook(self, *args):
            index = args[0] if args and isinstance(args[0], int) else None
            self.calls.append((name, index))

        hook.__name__ = name
        return hook

    on_train_begin = _rec("on_train_begin")
    on_train_end = _rec("on_train_end")
    on_epoch_begin = _rec("on_epoch_begin")
    on_epoch_end = _rec("on_epoch_end")
    on_train_batch_begin = _rec("on_train_batch_begin")
    on_train_batch_end = _rec("on_train_batch_end")
    on_test_begin = _rec("on_test_begin")
    on_test_end = _rec("on_test_end")
    on_test_batch_begin = _rec("on_test_batch_begin")
    on_test_batch_end = _rec("on_test_batch_end")
    on_predict_begin = _rec("on_predict_begin")
    on_predict_end = _rec("on_predict_end")
    on_predict_batch_begin = _rec("on_predict_batch_begin")
    on_predict_batch_end = _rec("on_predict_batch_end")


class ScriptedValue(Callback):
    """Overwrites ``logs[key]`` at each epoch's end with the next value of a script (runs before
    the callbacks after it in the list, which then see the scripted value)."""

    def __init__(self, values, key: str = "val_loss") -> None:
        self.values, self.key = list(values), key

    def on_epoch_end(self, epoch, logs=None):
        logs[self.key] = self.values[epoch]


class WeightLog(Callback):
    """Keeps a copy of the weights at the end of every epoch."""

    def __init__(self) -> None:
        self.per_epoch: list[dict[str, np.ndarray]] = []

    def on_epoch_end(self, epoch, logs=None):
        self.per_epoch.append(weights(self.model))
