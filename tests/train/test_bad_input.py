"""Bad input fails with a clear error before the first training step."""

import numpy as np
import pytest

import neuralgrad as ng
from neuralgrad import nn
from neuralgrad.train import fit
from neuralgrad.utils.data import DataLoader, TensorDataset

from .helpers import Recorder, blobs, mlp, weights


def _fit_expecting(error, match, data, **kw):
    model = mlp()
    before = weights(model)
    rec = Recorder()
    with pytest.raises(error, match=match):
        fit(
            model,
            data,
            loss=nn.CrossEntropyLoss(),
            optimizer=ng.optim.SGD(model.parameters(), lr=0.1),
            epochs=2,
            callbacks=[rec],
            verbose=0,
            **kw,
        )
    assert rec.calls == []  # not even on_train_begin
    for k, v in weights(model).items():
        np.testing.assert_array_equal(v, before[k])


def test_mismatched_lengths():
    X, y = blobs(n=30)
    _fit_expecting(ValueError, "X has 30 samples but y has 29", (X, y[:-1]))


def test_nan_features_name_the_row():
    X, y = blobs(n=30)
    X[7, 2] = np.nan
    X[11, 0] = np.inf
    _fit_expecting(
        ValueError,
        r"X has NaN or infinite values in 2 sample\(s\), the first at "
        "row 7",
        (X, y),
    )


def test_nan_in_validation_data_and_in_a_loader():
    X, y = blobs(n=30)
    bad = X.copy()
    bad[3] = np.nan
    _fit_expecting(ValueError, "validation_data: X has NaN", (X, y), validation_data=(bad, y))
    _fit_expecting(
        ValueError, "train_data: X has NaN", DataLoader(TensorDataset(bad, y), batch_size=8)
    )


def test_nan_targets_in_regression():
    X, _ = blobs(n=20)
    t = np.ones((20, 1), dtype=np.float32)
    t[5] = np.nan
    _fit_expecting(ValueError, "y has NaN", (X, t))


def test_argument_errors():
    X, y = blobs(n=30)
    _fit_expecting(ValueError, "not both", (X, y), validation_data=(X, y), validation_split=0.2)
    _fit_expecting(ValueError, "batch_size", (X, y), batch_size=0)
    _fit_expecting(ValueError, "validation_split must lie in", (X, y), validation_split=1.5)
    _fit_expecting(ValueError, "unknown metric", (X, y), metrics=["acuracy"])
    _fit_expecting(TypeError, "must be an \\(X, y\\) pair", X)
    model = mlp()
    with pytest.raises(TypeError, match="loss must be callable"):
        fit(model, (X, y), loss="mse", optimizer=ng.optim.SGD(model.parameters()), verbose=0)


@pytest.mark.parametrize("shuffle", [True, False])
def test_no_rows_to_train_or_validate_on(shuffle):
    X, y = blobs(n=30)
    _fit_expecting(ValueError, "train_data has no samples", (X[:0], y[:0]), shuffle=shuffle)
    _fit_expecting(
        ValueError, "validation_data has no samples", (X, y), validation_data=(X[:0], y[:0])
    )


def test_predict_on_no_rows_gives_the_outputs_shape():
    from neuralgrad.train import predict

    X, _ = blobs(n=5)
    out = predict(mlp(classes=4), X[:0])
    assert out.shape == (0, 4) and out.dtype == np.float32
