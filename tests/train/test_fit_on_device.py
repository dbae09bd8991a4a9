"""``fit``, ``evaluate`` and ``predict`` with a model on a GPU (simulated on every machine, real
where CuPy sees one): batches follow the model to its device, the optimizer's state stays there,
metrics come back to the host, and the digits reach the CPU run's accuracy."""

from __future__ import annotations

import numpy as np
import pytest

import neuralgrad as ng
from devices import DEVICES
from neuralgrad import nn
from neuralgrad.datasets.digits import digits_split
from neuralgrad.preprocessing import StandardScaler
from neuralgrad.train import evaluate, fit, predict


def _digits() -> tuple[tuple, tuple]:
    d = digits_split()
    scaler = StandardScaler().fit(d["train"][0])
    return (
        (scaler.transform(d["train"][0]), d["train"][1]),
        (scaler.transform(d["test"][0]), d["test"][1]),
    )


def _train_digits(device: str, **options) -> tuple[nn.Module, dict, dict]:
    """An MLP (with dropout: random draws on the device) trained on the digits on ``device``;
    the model, its history and its test results."""
    train, test = _digits()
    ng.manual_seed(0)
    model = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Dropout(0.1), nn.Linear(64, 10))
    model.to(device)
    history = fit(
        model,
        train,
        loss=nn.CrossEntropyLoss(),
        optimizer=ng.optim.Adam(model.parameters(), lr=3e-3),
        epochs=6,
        batch_size=32,
        validation_split=0.1,
        metrics=["accuracy"],
        verbose=0,
        **options,
    )
    results = evaluate(model, test, loss=nn.CrossEntropyLoss(), metrics=["accuracy", "f1"])
    return model, history.history, results


@pytest.mark.parametrize("device", DEVICES[1:], indirect=True)
def test_digits_on_the_gpu_reach_the_cpus_accuracy(device):
    model, history, results = _train_digits(device)
    _, cpu_history, cpu_results = _train_digits("cpu")
    assert all(p.device == device for p in model.parameters())
    assert results["accuracy"] > 0.95
    assert results["accuracy"] >= cpu_results["accuracy"] - 0.02
    assert len(history["val_accuracy"]) == 6 and history["loss"][-1] < history["loss"][0]
    assert np.isfinite(cpu_history["loss"]).all()


@pytest.mark.parametrize("device", DEVICES[1:], indirect=True)
def test_predict_gives_host_outputs_of_a_gpu_model(device):
    _, test = _digits()
    ng.manual_seed(0)
    cpu_model = nn.Sequential(nn.Linear(64, 16), nn.Tanh(), nn.Linear(16, 10))
    model = nn.Sequential(nn.Linear(64, 16), nn.Tanh(), nn.Linear(16, 10))
    model.load_state_dict(cpu_model.state_dict())
    model.cuda()
    out = predict(model, test[0])
    assert isinstance(out, np.ndarray) and out.shape == (len(test[0]), 10)
    np.testing.assert_allclose(out, predict(cpu_model, test[0]), rtol=1e-4, atol=1e-5)


def test_fit_with_capture_on_a_gpu_model_is_refused_clearly():
    from simulated_gpu import installed

    train, _ = _digits()
    with installed():
        model = nn.Sequential(nn.Linear(64, 10)).cuda()
        with pytest.raises(RuntimeError, match=r"capture .* tensors on cuda:0.*capture=False"):
            fit(
                model,
                train,
                loss=nn.CrossEntropyLoss(),
                optimizer=ng.optim.SGD(model.parameters(), lr=0.1),
                epochs=1,
                verbose=0,
                capture=True,
            )
