"""What neuralgrad's schedules add to PyTorch's: InverseTimeLR, ReduceLROnPlateau inside
SequentialLR / ChainedScheduler, preview(steps), and errors that name the bad value."""

from __future__ import annotations

import copy
import sys

import numpy as np
import pytest

import neuralgrad as ng

S = ng.optim.lr_scheduler


def _opt(lr=0.1, groups=1, cls=ng.optim.SGD, **kw):
    params = [ng.nn.Parameter(ng.zeros(2)) for _ in range(groups)]
    return cls([{"params": [p], "lr": lr * (i + 1)} for i, p in enumerate(params)], lr=lr, **kw)


def _lrs(sched, n, metrics=None):
    out = []
    for i in range(n):
        out.append(sched.get_last_lr()[0])
        if i + 1 < n:
            sched.step() if metrics is None else sched.step(metrics[i])
    return out


# ---- InverseTimeLR ----------------------------------------------------------------------------
def test_inverse_time_decay_is_the_course_formula():
    """lr_t = lr0 / (1 + k t): with lr0 = 0.1 and k = 0.5, 0.1, 0.0667, 0.05, 0.04, ..."""
    sched = S.InverseTimeLR(_opt(0.1), decay=0.5)
    lrs = _lrs(sched, 150)
    np.testing.assert_allclose(lrs[:4], [0.1, 0.1 / 1.5, 0.05, 0.04], rtol=1e-12)
    np.testing.assert_allclose(lrs, [0.1 / (1 + 0.5 * t) for t in range(150)], rtol=1e-12)


def test_inverse_time_decay_equals_its_lambda_form_and_jumps_with_the_closed_form():
    k = 0.03
    ours = _lrs(S.InverseTimeLR(_opt(0.2), k), 120)
    lam = _lrs(S.LambdaLR(_opt(0.2), lambda t: 1 / (1 + k * t)), 120)
    np.testing.assert_allclose(ours, lam, rtol=1e-12)
    sched = S.InverseTimeLR(_opt(0.2), k)
    with pytest.warns(UserWarning, match="deprecated"):
        sched.step(40)
    assert sched.get_last_lr()[0] == pytest.approx(0.2 / (1 + k * 40), rel=1e-15)


def test_inverse_time_decay_refuses_a_negative_rate():
    with pytest.raises(ValueError, match=r"Invalid decay value: -0\.1"):
        S.InverseTimeLR(_opt(), decay=-0.1)


# ---- ReduceLROnPlateau with the others --------------------------------------------------------
def test_plateau_after_a_warmup_in_sequential_lr():
    opt = _opt(1.0)
    warm = S.LinearLR(opt, start_factor=0.25, total_iters=4)
    plateau = S.ReduceLROnPlateau(opt, factor=0.5, patience=1)
    seq = S.SequentialLR(opt, [warm, plateau], milestones=[4])
    lrs = [seq.get_last_lr()[0]]
    metrics = [9.0] * 4 + [1.0, 0.9, 0.9, 0.9, 0.9, 0.9, 0.8]
    for m in metrics:
        seq.step(m)  # ignored by the warm-up, read by the plateau after the milestone
        lrs.append(opt.param_groups[0]["lr"])
    # warm-up 0.25 → 1; milestone at 4: back to the base lr; then 1.0 best, 0.9 better, two bad
    # steps (> patience 1) cut to 0.5, two more cut to 0.25, 0.8 improves
    assert lrs == [0.25, 0.4375, 0.625, 0.8125, 1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.25, 0.25]
    assert seq.get_last_lr() == [0.25]


def test_sequential_lr_asks_for_the_metric_only_when_the_plateau_is_in_charge():
    opt = _opt(1.0)
    seq = S.SequentialLR(opt, [S.ConstantLR(opt, 0.5, 2), S.ReduceLROnPlateau(opt)], [2])
    seq.step()
    seq.step()  # the milestone: the plateau starts, no metric needed yet
    with pytest.raises(TypeError, match="ReduceLROnPlateau needs a metric"):
        seq.step()


def test_plateau_chained_with_exponential_decay_keeps_both_effects():
    opt = _opt(1.0)
    chain = S.ChainedScheduler(
        [S.ExponentialLR(opt, 0.9), S.ReduceLROnPlateau(opt, factor=0.1, patience=0)]
    )
    metrics = [1.0, 0.5, 0.7, 0.4, 0.6]
    got = []
    for m in metrics:
        chain.step(m)
        got.append(chain.get_last_lr()[0])
    cuts = np.cumsum([0, 0, 1, 0, 1])  # patience 0: every non-improving metric cuts
    expected = [0.9 ** (t + 1) * 0.1**c for t, c in enumerate(cuts)]
    np.testing.assert_allclose(got, expected, rtol=1e-12)


# ---- preview ----------------------------------------------------------------------------------
PREVIEWED = {
    "OneCycleLR": lambda o: S.OneCycleLR(o, 0.1, total_steps=100),
    "CyclicLR": lambda o: S.CyclicLR(o, 0.01, 0.1, step_size_up=7),
    "WarmRestarts": lambda o: S.CosineAnnealingWarmRestarts(o, 10, 2),
    "SequentialLR": lambda o: S.SequentialLR(
        o, [S.LinearLR(o, 0.1, total_iters=5), S.CosineAnnealingLR(o, 50)], [5]
    ),
    "ChainedScheduler": lambda o: S.ChainedScheduler(
        [S.ConstantLR(o, 0.5, 10), S.ExponentialLR(o, 0.97)]
    ),
    "LambdaLR": lambda o: S.LambdaLR(o, lambda e: 0.9**e),
    "InverseTimeLR": lambda o: S.InverseTimeLR(o, 0.1),
}


def _snapshot(opt, sched):
    groups = [{k: v for k, v in g.items() if k != "params"} for g in opt.param_groups]
    return copy.deepcopy(groups), copy.deepcopy(sched.state_dict())


@pytest.mark.parametrize("name", list(PREVIEWED))
def test_preview_shows_the_curve_without_changing_anything(name):
    opt = _opt(0.1, momentum=0.9)
    sched = PREVIEWED[name](opt)
    sched.step()
    before = _snapshot(opt, sched)
    curve = sched.preview(60)
    assert _snapshot(opt, sched) == before
    assert all(isinstance(v, float) for v in curve) and len(curve) == 60
    assert curve == _lrs(sched, 60)  # what stepping for real then gives


def test_preview_of_several_groups_and_of_a_plateau():
    opt = _opt(0.1, groups=2)
    curve = S.StepLR(opt, 2, 0.5).preview(5)
    assert curve == [[0.1, 0.2], [0.1, 0.2], [0.05, 0.1], [0.05, 0.1], [0.025, 0.05]]
    plateau = S.ReduceLROnPlateau(_opt(1.0), factor=0.5, patience=0)
    assert plateau.preview(4, metrics=[1.0, 2.0, 3.0]) == [1.0, 1.0, 0.5, 0.25]
    assert plateau.get_last_lr() == [1.0] and plateau.best == float("inf")
    with pytest.raises(TypeError, match="needs a metric"):
        plateau.preview(3)
    opt = _opt(1.0)
    seq = S.SequentialLR(
        opt, [S.ExponentialLR(opt, 0.5), S.ReduceLROnPlateau(opt, patience=0)], [2]
    )
    assert seq.preview(5, metrics=[0, 0, 1.0, 2.0]) == [1.0, 0.5, 1.0, 1.0, 0.1]
    with pytest.raises(ValueError, match="needs 3 metrics, got 1"):
        plateau.preview(4, metrics=[1.0])
    assert plateau.preview(0) == []


def test_preview_plot_returns_a_matplotlib_figure():
    pytest.importorskip("matplotlib")
    from matplotlib.figure import Figure

    fig = S.OneCycleLR(_opt(0.1, groups=2, momentum=0.9), 0.1, total_steps=50).preview(
        50, plot=True
    )
    assert isinstance(fig, Figure)
    lines = fig.axes[0].get_lines()
    assert len(lines) == 2 and len(lines[0].get_ydata()) == 50


def test_preview_plot_without_matplotlib_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    sched = S.ExponentialLR(_opt(), 0.9)
    with pytest.raises(ImportError, match="needs matplotlib"):
        sched.preview(10, plot=True)
    assert len(sched.preview(10)) == 10


# ---- general behaviour and errors -------------------------------------------------------------
def test_schedules_never_patch_optimizer_step():
    opt = _opt(momentum=0.9)
    S.OneCycleLR(opt, 0.1, total_steps=10)
    S.StepLR(opt, 3)
    assert "step" not in vars(opt)


def test_get_last_lr_is_a_copy():
    sched = S.StepLR(_opt(0.1), 2)
    sched.get_last_lr().append(5.0)
    assert sched.get_last_lr() == [0.1]


def test_one_cycle_refuses_steps_past_its_total():
    sched = S.OneCycleLR(_opt(momentum=0.9), 0.1, total_steps=3)
    for _ in range(3):
        sched.step()
    with pytest.raises(ValueError, match="Tried to step 4 times.*total steps is 3"):
        sched.step()


def test_resuming_without_initial_lr_is_refused():
    with pytest.raises(KeyError, match="initial_lr"):
        S.StepLR(_opt(), 3, last_epoch=5)


BAD = [
    (lambda o: S.StepLR(o, step_size=0), "step_size.*got 0"),
    (lambda o: S.ConstantLR(o, factor=2.0), "between 0 and 1, got 2.0"),
    (lambda o: S.LinearLR(o, start_factor=0.0), "greater than 0.*got 0.0"),
    (lambda o: S.CosineAnnealingLR(o, T_max=0), "positive T_max, but got 0"),
    (lambda o: S.CosineAnnealingWarmRestarts(o, T_0=-2), "positive integer T_0, but got -2"),
    (lambda o: S.CosineAnnealingWarmRestarts(o, 5, T_mult=0), "T_mult >= 1, but got 0"),
    (lambda o: S.CyclicLR(o, 0.1, 1.0, mode="sawtooth"), "mode 'sawtooth' is invalid"),
    (lambda o: S.CyclicLR(o, [0.1, 0.2], 1.0), "base_lr must have the same length.*2 values"),
    (lambda o: S.OneCycleLR(o, 0.1, total_steps=-5), "positive integer total_steps.*-5"),
    (lambda o: S.OneCycleLR(o, 0.1, 10, pct_start=1.5), "pct_start, but got 1.5"),
    (lambda o: S.OneCycleLR(o, 0.1, 10, anneal_strategy="exp"), "instead got 'exp'"),
    (lambda o: S.OneCycleLR(o, 0.1), "total_steps OR"),
    (lambda o: S.ReduceLROnPlateau(o, mode="avg"), "mode 'avg' is unknown"),
    (lambda o: S.ReduceLROnPlateau(o, threshold_mode="pct"), "threshold mode 'pct'"),
    (lambda o: S.ReduceLROnPlateau(o, factor=1.5), "< 1.0, got 1.5"),
    (lambda o: S.SequentialLR(o, [S.StepLR(o, 2)], [3]), "number of milestones"),
]


@pytest.mark.parametrize("make,message", BAD, ids=[m for _, m in BAD])
def test_invalid_arguments_name_the_bad_value(make, message):
    with pytest.raises(ValueError, match=message):
        make(_opt(momentum=0.9))


def test_momentum_cycling_needs_an_optimizer_with_momentum():
    with pytest.raises(ValueError, match="Adagrad has neither"):
        S.OneCycleLR(_opt(cls=ng.optim.Adagrad), 0.1, total_steps=10)


def test_a_scheduler_needs_an_optimizer():
    with pytest.raises(TypeError, match="list is not an Optimizer"):
        S.StepLR([], 3)
