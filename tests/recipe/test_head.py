"""recipe.Head: what the outputs mean for a task and its loss: the output count, target
encoding, probabilities (the one NumPy softmax), metrics and the loss/task checks."""

import numpy as np
import pytest

import neuralgrad as ng
from neuralgrad.errors import InputError
from neuralgrad.recipe import Head, sigmoid, softmax


def test_softmax_and_sigmoid_match_the_tensor_ops():
    z = np.array([[1000.0, 0.0, -1000.0], [0.5, 0.1, 0.2]])
    np.testing.assert_allclose(softmax(z), ng.tensor(z).softmax(1).numpy(), rtol=1e-12)
    v = np.array([-800.0, -1.0, 0.0, 3.0, 800.0])
    np.testing.assert_allclose(sigmoid(v), ng.tensor(v).sigmoid().numpy(), rtol=1e-12)


def test_auto_loss_per_task():
    binary, multi = Head.resolve("classification", 2), Head.resolve("classification", 5)
    reg = Head.resolve("regression", 3)
    assert (binary.loss, binary.out_features, binary.out_activation) == (
        "binary_cross_entropy",
        1,
        "logistic",
    )
    assert (multi.loss, multi.out_features, multi.out_activation) == ("cross_entropy", 5, "softmax")
    assert (reg.loss, reg.out_features, reg.out_activation) == ("mse", 3, "identity")
    assert Head.resolve("classification", 2, "hinge").out_features == 2


def test_targets_and_probabilities():
    binary = Head.resolve("classification", 2)
    t = binary.targets(np.array([0, 1, 1]))
    assert t.dtype == np.float32 and t.shape == (3, 1)
    p = binary.probabilities(np.array([[0.0], [2.0]]))
    np.testing.assert_allclose(p, [[0.5, 0.5], [1 - sigmoid(2.0), sigmoid(2.0)]])
    multi = Head.resolve("classification", 3)
    assert multi.targets(np.array([2, 0])).dtype == np.int64
    np.testing.assert_allclose(multi.probabilities(np.zeros((2, 3))).sum(1), 1.0)
    reg = Head.resolve("regression", 1)
    assert reg.targets(np.arange(3.0)).shape == (3, 1)


def test_one_logit_accuracy_thresholds_at_zero():
    (metric,) = Head.resolve("classification", 2).metrics()
    assert metric.__name__ == "accuracy"
    assert metric(np.array([[0.3], [-0.2], [0.1]]), np.array([[1.0], [0.0], [0.0]])) == 2 / 3


@pytest.mark.parametrize(
    "task, size, loss, match",
    [
        ("classification", 3, "mse", "'mse' does not fit a classification task"),
        ("regression", 1, "hinge", "'hinge' does not fit a regression task"),
        ("classification", 3, "binary_cross_entropy", "needs two classes, the data has 3"),
        ("clustering", 3, "auto", "task must be one of"),
    ],
)
def test_loss_must_fit_the_task(task, size, loss, match):
    with pytest.raises(InputError, match=match):
        Head.resolve(task, size, loss)
