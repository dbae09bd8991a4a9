"""The course's update rules, written out by hand on f(θ) = θ²/2 (so ∇f = θ), against ours."""

from __future__ import annotations

import math

import pytest

import neuralgrad as ng


def _run(opt_cls, steps, theta0=1.0, **kwargs):
    """θ after each of ``steps`` steps on f(θ) = θ²/2, in float64."""
    p = ng.nn.Parameter(ng.tensor([theta0], dtype=ng.float64))
    opt = opt_cls([p], **kwargs)
    out = []
    for _ in range(steps):
        opt.zero_grad()
        (p * p / 2).sum().backward()
        opt.step()
        out.append(p.item())
    return out


def test_momentum_as_the_course_writes_it():
    """v ← γ v + η g;  θ ← θ − v: 0.9, 0.72, 0.486, ... (PyTorch keeps v/η, same steps)."""
    eta, gamma, theta, v, expected = 0.1, 0.9, 1.0, 0.0, []
    for _ in range(20):
        v = gamma * v + eta * theta
        theta -= v
        expected.append(theta)
    assert expected[:3] == pytest.approx([0.9, 0.72, 0.486])
    assert _run(ng.optim.SGD, 20, lr=eta, momentum=gamma) == pytest.approx(expected, rel=1e-12)


def test_nesterov_steps_are_the_course_look_ahead_points():
    """The course takes g at θ − γv; PyTorch's form iterates exactly those look-ahead points."""
    eta, gamma, theta, v, look_ahead = 0.1, 0.9, 1.0, 0.0, []
    for _ in range(20):
        g = theta - gamma * v  # ∇f at the look-ahead point
        v = gamma * v + eta * g
        theta -= v
        look_ahead.append(theta - gamma * v)
    assert look_ahead[:2] == pytest.approx([0.81, 0.5751])
    ours = _run(ng.optim.SGD, 20, lr=eta, momentum=gamma, nesterov=True)
    assert ours == pytest.approx(look_ahead, rel=1e-12)


def test_rmsprop_as_the_course_writes_it():
    """E ← γE + (1 − γ)g²;  θ ← θ − η g / √E  (ε = 0, where the course and PyTorch agree)."""
    eta, gamma, theta, e, expected = 0.01, 0.9, 1.0, 0.0, []
    for _ in range(20):
        e = gamma * e + (1 - gamma) * theta**2
        theta -= eta * theta / math.sqrt(e)
        expected.append(theta)
    ours = _run(ng.optim.RMSprop, 20, lr=eta, alpha=gamma, eps=0.0)
    assert ours == pytest.approx(expected, rel=1e-12)


def test_adam_as_the_course_writes_it():
    """m, v moving averages, de-biased by 1 − βᵗ, θ ← θ − η m̂ / √v̂ (ε = 0)."""
    eta, b1, b2, theta, m, v, expected = 0.05, 0.9, 0.999, 1.0, 0.0, 0.0, []
    for t in range(1, 21):
        g = theta
        m, v = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g * g
        theta -= eta * (m / (1 - b1**t)) / math.sqrt(v / (1 - b2**t))
        expected.append(theta)
    assert expected[0] == pytest.approx(0.95)  # the first step is η·sign(g)
    ours = _run(ng.optim.Adam, 20, lr=eta, betas=(b1, b2), eps=0.0)
    assert ours == pytest.approx(expected, rel=1e-12)


def test_adamw_decay_is_outside_the_normalisation_and_adam_l2_inside():
    """First step from θ = 2 (g = 2), λ = 0.1, η = 0.01: AdamW gives θ(1 − ηλ) − η·sign(g);
    Adam's L2 puts λθ into g, which the normalisation then cancels: θ − η·sign(g + λθ)."""
    eta, lam = 0.01, 0.1
    adamw = _run(ng.optim.AdamW, 1, theta0=2.0, lr=eta, weight_decay=lam, eps=0.0)[0]
    adam = _run(ng.optim.Adam, 1, theta0=2.0, lr=eta, weight_decay=lam, eps=0.0)[0]
    assert adamw == pytest.approx(2.0 * (1 - eta * lam) - eta, rel=1e-12)
    assert adam == pytest.approx(2.0 - eta, rel=1e-12)  # the decay vanished in the division


def test_adagrad_and_adadelta_first_steps():
    """Adagrad: θ − η g/√(g²) = θ − η.  Adadelta: Δ = √ε/√((1 − ρ)g² + ε) · g."""
    assert _run(ng.optim.Adagrad, 1, lr=0.1, eps=0.0) == pytest.approx([0.9], rel=1e-12)
    rho, eps = 0.9, 1e-6
    delta = math.sqrt(eps) / math.sqrt((1 - rho) * 1.0 + eps)
    assert _run(ng.optim.Adadelta, 1, rho=rho, eps=eps) == pytest.approx([1 - delta], rel=1e-12)


def _run_scheduled(steps, milestones, **kwargs):
    """θ after each step on f(θ) = θ²/2 with the learning rate halved at ``milestones``."""
    p = ng.nn.Parameter(ng.tensor([1.0], dtype=ng.float64))
    opt = ng.optim.SGD([p], **kwargs)
    sched = ng.optim.lr_scheduler.MultiStepLR(opt, milestones, gamma=0.1)
    out = []
    for _ in range(steps):
        opt.zero_grad()
        (p * p / 2).sum().backward()
        opt.step()
        sched.step()
        out.append(p.item())
    return out


@pytest.mark.parametrize("nesterov", [False, True])
def test_velocity_option_is_the_course_form_under_a_schedule(nesterov):
    """v ← μ v + η_t g; θ ← θ − v (Nesterov: g at θ − μ v), with η cut tenfold at step 3:
    velocity=True follows the slides, PyTorch's form scales the whole step and differs."""
    eta, mu, theta, v, course = [0.5] * 3 + [0.05] * 7, 0.9, 1.0, 0.0, []
    for lr in eta:
        g = theta - mu * v if nesterov else theta
        v = mu * v + lr * g
        theta -= v
        course.append(theta - mu * v if nesterov else theta)  # Nesterov: the look-ahead point
    kw = dict(lr=0.5, momentum=mu, nesterov=nesterov)
    ours = _run_scheduled(10, [3], velocity=True, **kw)
    assert ours == pytest.approx(course, rel=1e-12)
    pytorch_form = _run_scheduled(10, [3], **kw)
    assert max(abs(a - b) for a, b in zip(pytorch_form, course)) > 0.1
    same_lr = _run(ng.optim.SGD, 10, lr=0.1, momentum=mu, nesterov=nesterov, velocity=True)
    assert same_lr == pytest.approx(_run(ng.optim.SGD, 10, lr=0.1, momentum=mu, nesterov=nesterov))
