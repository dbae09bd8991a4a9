"""Metrics against hand computations (scikit-learn's numbers, without scikit-learn)."""

import numpy as np
import pytest

import neuralgrad as ng
from neuralgrad import metrics as M

Y_TRUE = np.array([0, 0, 1, 1, 1, 2, 2, 2, 2, 0])
Y_PRED = np.array([0, 1, 1, 1, 0, 2, 2, 1, 2, 0])


def test_accuracy_from_labels_logits_and_tensors():
    assert M.accuracy(Y_PRED, Y_TRUE) == pytest.approx(7 / 10)
    logits = np.eye(3)[Y_PRED] * 2.0 - 1.0
    assert M.accuracy(logits, Y_TRUE) == pytest.approx(0.7)
    assert M.accuracy(ng.tensor(logits, requires_grad=True), ng.tensor(Y_TRUE)) == pytest.approx(
        0.7
    )


def test_accuracy_of_one_score_column_uses_the_threshold():
    probs = np.array([[0.9], [0.2], [0.6], [0.4]])
    y = np.array([1, 0, 0, 0])
    assert M.accuracy(probs, y) == pytest.approx(3 / 4)
    logits = np.array([1.5, -0.3, 0.2, -2.0])
    assert M.accuracy(logits, y, threshold=0.0) == pytest.approx(3 / 4)


def test_accuracy_length_mismatch_is_named():
    with pytest.raises(ValueError, match="3 samples but targets have 2"):
        M.accuracy([0, 1, 1], [0, 1])


def test_top_k_accuracy_by_hand():
    scores = np.array(
        [
            [0.1, 0.5, 0.4],  # y=2: second best -> in top 2, not top 1
            [0.7, 0.2, 0.1],  # y=0: best
            [0.2, 0.3, 0.5],
        ]
    )  # y=0: worst -> out of top 2
    y = np.array([2, 0, 0])
    assert M.top_k_accuracy(scores, y, k=1) == pytest.approx(1 / 3)
    assert M.top_k_accuracy(scores, y, k=2) == pytest.approx(2 / 3)
    assert M.top_k_accuracy(scores, y, k=3) == 1.0


def test_confusion_matrix_rows_are_truth():
    cm = M.confusion_matrix(Y_PRED, Y_TRUE)
    expected = np.array([[2, 1, 0], [1, 2, 0], [0, 1, 3]])
    np.testing.assert_array_equal(cm, expected)
    assert M.confusion_matrix([0], [0], num_classes=4).shape == (4, 4)
    with pytest.raises(ValueError, match=r"\[0, 2\)"):
        M.confusion_matrix([0, 2], [0, 1], num_classes=2)


def test_precision_recall_f1_by_hand():
    # per class from the matrix above: tp = 2, 2, 3; predicted = 3, 4, 3; true = 3, 3, 4
    p = np.array([2 / 3, 2 / 4, 3 / 3])
    r = np.array([2 / 3, 2 / 3, 3 / 4])
    f1 = 2 * p * r / (p + r)
    pc, rc, fc = M.precision_recall_f1(Y_PRED, Y_TRUE, average=None)
    np.testing.assert_allclose(pc, p)
    np.testing.assert_allclose(rc, r)
    np.testing.assert_allclose(fc, f1)
    assert M.precision_recall_f1(Y_PRED, Y_TRUE) == pytest.approx((p.mean(), r.mean(), f1.mean()))
    w = np.array([3, 3, 4]) / 10
    assert M.precision_recall_f1(Y_PRED, Y_TRUE, "weighted") == pytest.approx(
        (p @ w, r @ w, f1 @ w)
    )
    assert M.precision_recall_f1(Y_PRED, Y_TRUE, "micro") == pytest.approx((0.7, 0.7, 0.7))


def test_precision_of_a_never_predicted_class_is_zero():
    p, r, f1 = M.precision_recall_f1([0, 0, 0], [0, 1, 1], average=None)
    np.testing.assert_allclose(p, [1 / 3, 0.0])
    np.testing.assert_allclose(r, [1.0, 0.0])
    np.testing.assert_allclose(f1, [0.5, 0.0])


def test_regression_metrics_by_hand():
    y = np.array([3.0, -0.5, 2.0, 7.0])
    p = np.array([2.5, 0.0, 2.0, 8.0])
    assert M.mse(p, y) == pytest.approx((0.25 + 0.25 + 0 + 1) / 4)
    assert M.mae(p, y) == pytest.approx((0.5 + 0.5 + 0 + 1) / 4)
    ss_tot = ((y - y.mean()) ** 2).sum()
    assert M.r2(p, y) == pytest.approx(1 - 1.5 / ss_tot)  # 0.9486...
    assert M.r2(ng.tensor(p[:, None]), y) == pytest.approx(1 - 1.5 / ss_tot)


def test_r2_constant_target_and_multioutput():
    assert M.r2([1.0, 1.0], [1.0, 1.0]) == 1.0
    assert M.r2([1.0, 2.0], [1.0, 1.0]) == 0.0
    y = np.array([[1.0, 0.0], [2.0, 1.0], [3.0, 5.0]])
    p = np.array([[1.0, 1.0], [2.0, 1.0], [3.0, 4.0]])
    col2 = 1 - 2.0 / ((y[:, 1] - 2.0) ** 2).sum()
    assert M.r2(p, y) == pytest.approx((1.0 + col2) / 2)


def test_get_metric_names():
    name, fn = M.get_metric("top3_accuracy")
    assert name == "top3_accuracy"
    assert fn(np.array([[0.0, 1.0, 2.0, 3.0]]), np.array([1])) == 1.0
    assert fn(np.array([[0.0, 1.0, 2.0, 3.0]]), np.array([0])) == 0.0
    assert M.get_metric("f1")[1](Y_PRED, Y_TRUE) == pytest.approx(
        M.precision_recall_f1(Y_PRED, Y_TRUE)[2]
    )
    assert M.get_metric(M.mae) == ("mae", M.mae)
    with pytest.raises(ValueError, match="unknown metric 'acuracy'"):
        M.get_metric("acuracy")


def test_greater_is_better():
    assert M.greater_is_better("val_accuracy")
    assert M.greater_is_better("r2")
    assert not M.greater_is_better("val_loss")
    assert not M.greater_is_better("mae")
