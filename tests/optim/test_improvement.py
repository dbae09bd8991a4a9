"""The one 'did the monitored value improve' rule (optim/improvement.py), shared by plateau
schedules, early stopping and checkpoints."""

from __future__ import annotations

import pytest

from neuralgrad.optim.improvement import check_mode, is_better, worst_value


@pytest.mark.parametrize(
    "mode,threshold_mode,current,best,expected",
    [
        ("min", "rel", 0.98, 1.0, True),  # below 1.0 · (1 − 0.01)
        ("min", "rel", 0.995, 1.0, False),
        ("min", "abs", 0.98, 1.0, True),  # below 1.0 − 0.01
        ("min", "abs", 0.995, 1.0, False),
        ("max", "rel", 1.02, 1.0, True),  # above 1.0 · (1 + 0.01)
        ("max", "rel", 1.005, 1.0, False),
        ("max", "abs", 1.02, 1.0, True),
        ("max", "abs", 1.005, 1.0, False),
    ],
)
def test_is_better(mode, threshold_mode, current, best, expected):
    assert is_better(current, best, mode, 0.01, threshold_mode) is expected


def test_the_first_value_always_improves_on_the_worst():
    assert is_better(1e30, worst_value("min"), "min", 0.1)
    assert is_better(-1e30, worst_value("max"), "max", 0.1, "abs")
    with pytest.raises(ValueError, match="mode 'best' is unknown"):
        check_mode("best")
