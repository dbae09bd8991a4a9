"""Every schedule's lr sequence (and cycled momentum) over 120 steps equals PyTorch's, and a
state-dict round trip mid-run continues identically."""

from __future__ import annotations

import copy
import math

import numpy as np
import pytest

import neuralgrad as ng

STEPS = 120


def _metric(i: int) -> float:
    """A loss that falls, plateaus with noise, dips again and ends flat."""
    if i < 25:
        return 1.0 / (1 + 0.1 * i)
    if i < 60:
        return 0.29 + 0.002 * math.sin(i)
    if i < 80:
        return 0.25 - 0.001 * (i - 60)
    return 0.23 + 1e-5 * (i % 3)


# name -> (optimizer name, options, scheduler factory, reads a metric)
CASES = {
    "LambdaLR": ("SGD", {}, lambda S, o: S.LambdaLR(o, lambda e: 0.95**e), False),
    "LambdaLR-per-group": (
        "SGD",
        {},
        lambda S, o: S.LambdaLR(o, [lambda e: 1 / (1 + e), lambda e: 0.99**e]),
        False,
    ),
    "MultiplicativeLR": ("SGD", {}, lambda S, o: S.MultiplicativeLR(o, lambda e: 0.97), False),
    "StepLR": ("SGD", {}, lambda S, o: S.StepLR(o, step_size=7, gamma=0.5), False),
    "MultiStepLR": ("SGD", {}, lambda S, o: S.MultiStepLR(o, [10, 30, 30, 80], 0.3), False),
    "ExponentialLR": ("SGD", {}, lambda S, o: S.ExponentialLR(o, gamma=0.97), False),
    "LinearLR-warmup": ("SGD", {}, lambda S, o: S.LinearLR(o, 0.1, total_iters=20), False),
    "LinearLR-decay": ("SGD", {}, lambda S, o: S.LinearLR(o, 1.0, 0.05, total_iters=50), False),
    "ConstantLR": ("SGD", {}, lambda S, o: S.ConstantLR(o, factor=0.5, total_iters=15), False),
    "CosineAnnealingLR": ("SGD", {}, lambda S, o: S.CosineAnnealingLR(o, 30, 1e-4), False),
    "WarmRestarts-Tmult2": (
        "SGD",
        {},
        lambda S, o: S.CosineAnnealingWarmRestarts(o, T_0=10, T_mult=2, eta_min=1e-3),
        False,
    ),
    "WarmRestarts-Tmult1": ("SGD", {}, lambda S, o: S.CosineAnnealingWarmRestarts(o, 7), False),
    "CyclicLR-triangular": (
        "SGD",
        dict(momentum=0.9),
        lambda S, o: S.CyclicLR(o, 0.01, 0.1, step_size_up=10),
        False,
    ),
    "CyclicLR-triangular2": (
        "SGD",
        dict(momentum=0.9),
        lambda S, o: S.CyclicLR(
            o, [0.01, 0.02], [0.1, 0.3], step_size_up=8, step_size_down=12, mode="triangular2"
        ),
        False,
    ),
    "CyclicLR-exp_range-Adam": (
        "Adam",
        {},
        lambda S, o: S.CyclicLR(o, 1e-3, 1e-2, step_size_up=15, mode="exp_range", gamma=0.99),
        False,
    ),
    "CyclicLR-scale_fn-iterations": (
        "RMSprop",
        dict(momentum=0.5),
        lambda S, o: S.CyclicLR(
            o,
            1e-3,
            1e-2,
            6,
            scale_fn=lambda x: 1 / (1 + 0.01 * x),
            scale_mode="iterations",
            base_momentum=0.4,
            max_momentum=0.6,
        ),
        False,
    ),
    "CyclicLR-no-momentum": (
        "SGD",
        {},
        lambda S, o: S.CyclicLR(o, 0.01, 0.1, step_size_up=5, cycle_momentum=False),
        False,
    ),
    "OneCycleLR-cos": (
        "SGD",
        dict(momentum=0.9),
        lambda S, o: S.OneCycleLR(o, max_lr=0.1, total_steps=130),
        False,
    ),
    "OneCycleLR-linear-Adam": (
        "Adam",
        {},
        lambda S, o: S.OneCycleLR(
            o, max_lr=[0.01, 0.02], epochs=13, steps_per_epoch=10, anneal_strategy="linear"
        ),
        False,
    ),
    "OneCycleLR-three_phase": (
        "SGD",
        dict(momentum=0.9),
        lambda S, o: S.OneCycleLR(
            o,
            0.1,
            total_steps=125,
            pct_start=0.25,
            three_phase=True,
            div_factor=10.0,
            final_div_factor=100.0,
        ),
        False,
    ),
    "Plateau-min-rel": ("SGD", {}, lambda S, o: S.ReduceLROnPlateau(o, patience=3), True),
    "Plateau-max-abs-cooldown": (
        "SGD",
        {},
        lambda S, o: S.ReduceLROnPlateau(
            o,
            mode="max",
            factor=0.5,
            patience=2,
            threshold=0.01,
            threshold_mode="abs",
            cooldown=4,
            min_lr=[1e-3, 1e-4],
        ),
        True,
    ),
    "Plateau-min-abs": (
        "SGD",
        {},
        lambda S, o: S.ReduceLROnPlateau(
            o, factor=0.2, patience=5, threshold=1e-3, threshold_mode="abs", min_lr=1e-5
        ),
        True,
    ),
    "SequentialLR-warmup-cosine": (
        "SGD",
        {},
        lambda S, o: S.SequentialLR(
            o, [S.LinearLR(o, 0.1, total_iters=10), S.CosineAnnealingLR(o, 100)], [10]
        ),
        False,
    ),
    "SequentialLR-three": (
        "SGD",
        {},
        lambda S, o: S.SequentialLR(
            o, [S.ConstantLR(o, 0.2, 5), S.ExponentialLR(o, 0.95), S.StepLR(o, 10)], [5, 40]
        ),
        False,
    ),
    "ChainedScheduler": (
        "SGD",
        {},
        lambda S, o: S.ChainedScheduler(
            [S.ConstantLR(o, 0.5, 20), S.ExponentialLR(o, 0.98), S.MultiStepLR(o, [50, 90])]
        ),
        False,
    ),
}


def _make(lib, case):
    opt_name, options, factory, _ = CASES[case]
    p1 = lib.nn.Parameter(lib.zeros(2))
    p2 = lib.nn.Parameter(lib.zeros(3))
    opt = getattr(lib.optim, opt_name)(
        [{"params": [p1]}, {"params": [p2], "lr": 0.05}], lr=0.1, **options
    )
    return opt, factory(lib.optim.lr_scheduler, opt)


def _momenta(opt) -> list[float]:
    return [g["betas"][0] if "betas" in g else g.get("momentum", 0.0) for g in opt.param_groups]


def _run(opt, sched, case, start, n):
    """Step n times from step ``start``; the lrs and momenta after each step."""
    reads_metric = CASES[case][3]
    lrs, moms = [], []
    for i in range(start, start + n):
        opt.step()
        sched.step(_metric(i)) if reads_metric else sched.step()
        lrs.append(sched.get_last_lr())
        moms.append(_momenta(opt))
        assert lrs[-1] == [g["lr"] for g in opt.param_groups]
    return lrs, moms


@pytest.mark.parametrize("case", list(CASES))
def test_lr_and_momentum_sequences_match_torch(case):
    torch = pytest.importorskip("torch")
    opt, sched = _make(ng, case)
    topt, tsched = _make(torch, case)
    np.testing.assert_allclose(sched.get_last_lr(), tsched.get_last_lr(), rtol=1e-13)
    lrs, moms = _run(opt, sched, case, 0, STEPS)
    tlrs, tmoms = _run(topt, tsched, case, 0, STEPS)
    np.testing.assert_allclose(lrs, tlrs, rtol=1e-12, atol=1e-18)
    np.testing.assert_allclose(moms, tmoms, rtol=1e-12, atol=1e-18)
    assert len({round(lr[0], 15) for lr in lrs}) > 1  # the schedule changes the lr


@pytest.mark.parametrize("case", list(CASES))
def test_state_dict_round_trip_mid_run_continues_identically(case):
    opt, sched = _make(ng, case)
    _run(opt, sched, case, 0, 50)
    opt_state, sched_state = copy.deepcopy(opt.state_dict()), copy.deepcopy(sched.state_dict())
    expected = _run(opt, sched, case, 50, 70)

    opt2, sched2 = _make(ng, case)  # a fresh run, as after a restart
    opt2.load_state_dict(opt_state)
    sched2.load_state_dict(sched_state)
    assert sched2.get_last_lr() == [g["lr"] for g in opt2.param_groups]
    assert _run(opt2, sched2, case, 50, 70) == expected


def test_two_schedules_on_one_optimizer_compose_like_torch():
    """Schedules are chainable: each one's step multiplies into the other's lr."""
    torch = pytest.importorskip("torch")
    seqs = []
    for lib in (ng, torch):
        opt = lib.optim.SGD([lib.nn.Parameter(lib.zeros(1))], lr=1.0, momentum=0.9)
        S = lib.optim.lr_scheduler
        scheds = [S.StepLR(opt, 10, 0.5), S.ExponentialLR(opt, 0.99), S.CosineAnnealingLR(opt, 40)]
        seq = []
        for _ in range(STEPS):
            opt.step()
            for s in scheds:
                s.step()
            seq.append(opt.param_groups[0]["lr"])
        seqs.append(seq)
    np.testing.assert_allclose(seqs[0], seqs[1], rtol=1e-12, atol=1e-18)


def test_group_keys_written_by_schedules_are_torchs():
    torch = pytest.importorskip("torch")
    for case in ("OneCycleLR-cos", "CyclicLR-triangular", "StepLR"):
        opt, _ = _make(ng, case)
        topt, _ = _make(torch, case)
        for g, tg in zip(opt.param_groups, topt.param_groups):
            assert set(g) <= set(tg)
            assert {k: v for k, v in g.items() if k != "params"} == {
                k: tg[k] for k in g if k != "params"
            }
