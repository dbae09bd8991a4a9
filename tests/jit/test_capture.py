"""neuralgrad.capture: replays are bitwise equal to eager steps, and fall back when they must."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import neuralgrad as ng
from neuralgrad import nn
from neuralgrad.jit import CaptureError


def _pair(build, opt_cls=ng.optim.SGD, **opt_kw):
    """Two identical (model, optimizer) pairs built from the same seed."""
    out = []
    for _ in range(2):
        ng.manual_seed(0)
        model = build()
        out.append((model, opt_cls(model.parameters(), **opt_kw)))
    return out


def _step_fn(model, opt, loss_fn):
    def step(x, y):
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return loss

    return step


def _batches(n, shape, classes=None, seed=1):
    rng = np.random.default_rng(seed)
    for _ in range(n):
        x = ng.tensor(rng.standard_normal(shape).astype(np.float32))
        if classes is None:
            y = ng.tensor(rng.standard_normal((shape[0], 1)).astype(np.float32))
        else:
            y = ng.tensor(rng.integers(0, classes, shape[0]))
        yield x, y


def _same_state(m1, m2):
    for (n1, p1), (_, p2) in zip(m1.state_dict().items(), m2.state_dict().items()):
        assert np.array_equal(p1.numpy(), p2.numpy()), n1
    for p1, p2 in zip(m1.parameters(), m2.parameters()):
        assert (p1.grad is None) == (p2.grad is None)
        if p1.grad is not None:
            assert np.array_equal(p1.grad.numpy(), p2.grad.numpy())


MODELS = {
    "tanh-mse": (
        lambda: nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, 1)),
        nn.MSELoss,
        (32, 2),
        None,
    ),
    "relu-ce": (
        lambda: nn.Sequential(nn.Linear(20, 32), nn.ReLU(), nn.Linear(32, 5)),
        nn.CrossEntropyLoss,
        (16, 20),
        5,
    ),
    "dropout-bn": (
        lambda: nn.Sequential(
            nn.Linear(8, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Dropout(0.3), nn.Linear(16, 3)
        ),
        nn.CrossEntropyLoss,
        (10, 8),
        3,
    ),
    "layernorm-gelu": (
        lambda: nn.Sequential(
            nn.Linear(6, 12), nn.LayerNorm(12), nn.GELU(), nn.Linear(12, 4), nn.LogSoftmax(dim=1)
        ),
        nn.NLLLoss,
        (9, 6),
        4,
    ),
}


@pytest.mark.parametrize("name", sorted(MODELS))
@pytest.mark.parametrize("opt", ["sgd", "momentum", "adam", "adamw"])
def test_replay_is_bitwise_eager(name, opt):
    build, loss_cls, shape, classes = MODELS[name]
    cls, kw = {
        "sgd": (ng.optim.SGD, {"lr": 0.1}),
        "momentum": (ng.optim.SGD, {"lr": 0.1, "momentum": 0.9, "nesterov": True}),
        "adam": (ng.optim.Adam, {"lr": 0.01}),
        "adamw": (ng.optim.AdamW, {"lr": 0.01}),
    }[opt]
    (m1, o1), (m2, o2) = _pair(build, cls, **kw)
    eager = _step_fn(m1, o1, loss_cls())
    captured = ng.capture(_step_fn(m2, o2, loss_cls()))
    for i, (x, y) in enumerate(_batches(6, shape, classes)):
        ng.manual_seed(100 + i)  # dropout draws the same numbers in both
        a = eager(x, y)
        ng.manual_seed(100 + i)
        b = captured(x, y)
        assert a.item() == b.item()
        _same_state(m1, m2)
    assert captured.stats == {"captures": 1, "replays": 5, "fallbacks": 0}


def test_new_shape_records_again_and_old_one_still_replays():
    (m1, o1), (m2, o2) = _pair(MODELS["relu-ce"][0], lr=0.05)
    eager, captured = _step_fn(m1, o1, nn.CrossEntropyLoss()), None
    captured = ng.capture(_step_fn(m2, o2, nn.CrossEntropyLoss()))
    shapes = [(16, 20), (16, 20), (7, 20), (16, 20), (7, 20)]
    for k, shape in enumerate(shapes):
        ((x, y),) = _batches(1, shape, 5, seed=k)
        assert eager(x, y).item() == captured(x, y).item()
    _same_state(m1, m2)
    assert captured.stats["captures"] == 2 and captured.stats["replays"] == 3


def test_zero_grad_outside_and_manual_update_inside():
    ng.manual_seed(0)
    w1 = ng.randn(3, 1, requires_grad=True)
    w2 = ng.tensor(w1.detach().numpy().copy(), requires_grad=True)

    def step(w, x, y):
        loss = ((x @ w - y) ** 2).mean()
        loss.backward()
        with ng.no_grad():
            w -= 0.1 * w.grad
        return loss

    captured = ng.capture(lambda x, y: step(w2, x, y))
    for x, y in _batches(5, (8, 3)):
        w1.grad = None
        w2.grad = None
        assert step(w1, x, y).item() == captured(x, y).item()
        assert np.array_equal(w1.detach().numpy(), w2.detach().numpy())
        assert np.array_equal(w1.grad.numpy(), w2.grad.numpy())
    assert captured.stats["replays"] == 4


def test_gradients_accumulate_across_replays_without_zero_grad():
    ng.manual_seed(0)
    lin1 = nn.Linear(4, 2)
    lin2 = nn.Linear(4, 2)
    lin2.load_state_dict(lin1.state_dict())

    def backward_only(model):
        return lambda x: model(x).sum().backward()

    eager, captured = backward_only(lin1), ng.capture(backward_only(lin2))
    for x, _ in _batches(4, (5, 4)):
        eager(x)
        captured(x)
        assert np.array_equal(lin1.weight.grad.numpy(), lin2.weight.grad.numpy())


def test_scheduler_inside_steps_every_replay():
    (m1, o1), (m2, o2) = _pair(MODELS["tanh-mse"][0], lr=0.1)
    s1 = ng.optim.lr_scheduler.StepLR(o1, step_size=2, gamma=0.5)
    s2 = ng.optim.lr_scheduler.StepLR(o2, step_size=2, gamma=0.5)
    f1, f2 = _step_fn(m1, o1, nn.MSELoss()), _step_fn(m2, o2, nn.MSELoss())

    def with_schedule(f, s):
        def step(x, y):
            loss = f(x, y)
            s.step()
            return loss

        return step

    eager, captured = with_schedule(f1, s1), ng.capture(with_schedule(f2, s2))
    for x, y in _batches(6, (32, 2)):
        assert eager(x, y).item() == captured(x, y).item()
    assert o2.param_groups[0]["lr"] == o1.param_groups[0]["lr"] == 0.1 * 0.5**3
    _same_state(m1, m2)


def test_nan_in_a_later_batch_raises_the_eager_error():
    model = nn.Linear(3, 1)
    opt = ng.optim.SGD(model.parameters(), lr=0.1)
    captured = ng.capture(_step_fn(model, opt, nn.MSELoss()))
    ((x, y),) = _batches(1, (4, 3))
    captured(x, y)
    captured(x, y)
    bad = x.clone()
    bad[0, 0] = float("nan")
    before = model.weight.detach().clone()
    with pytest.raises(ValueError, match="NaN"):
        captured(bad, y)
    assert np.array_equal(before.numpy(), model.weight.detach().numpy())  # nothing applied
    assert captured.stats["fallbacks"] == 1


def test_label_out_of_range_in_a_replay_raises():
    model = nn.Linear(3, 4)
    opt = ng.optim.SGD(model.parameters(), lr=0.1)
    captured = ng.capture(_step_fn(model, opt, nn.CrossEntropyLoss()))
    ((x, y),) = _batches(1, (5, 3), 4)
    captured(x, y)
    captured(x, y)
    with pytest.raises((ValueError, IndexError)):
        captured(x, ng.tensor([0, 1, 2, 3, 9]))


def test_item_inside_the_step_falls_back_when_it_changes():
    ng.manual_seed(0)
    w = ng.randn(2, requires_grad=True)
    calls = []

    def step(x):
        v = (w * x).sum()
        calls.append(v.item())
        return v.detach()

    captured = ng.capture(step)
    captured(ng.tensor([1.0, 2.0]))
    captured(ng.tensor([1.0, 2.0]))  # same value: replays, the Python list is not appended
    out = captured(ng.tensor([3.0, 4.0]))  # the guarded value changes: eager
    assert out.item() == pytest.approx(w[0].item() * 3 + w[1].item() * 4)
    assert captured.stats == {"captures": 1, "replays": 1, "fallbacks": 1}
    assert len(calls) == 2


def test_rebinding_parameter_data_is_read_by_replays():
    model = nn.Linear(3, 1)
    f = ng.capture(lambda x: model(x))
    ((x, _),) = _batches(1, (2, 3))
    with ng.no_grad():
        f(x)
        model.weight.data = ng.zeros(1, 3)
        model.bias.data = ng.ones(1)
        assert np.array_equal(f(x).numpy(), np.ones((2, 1), np.float32))
        model.weight.data = ng.ones(2, 3)  # another shape: recorded anew
        expect = x.numpy() @ np.ones((3, 2), np.float32) + 1
        assert np.array_equal(f(x).numpy(), expect)
    assert f.stats["captures"] == 2


def test_outputs_must_not_need_backward():
    model = nn.Linear(3, 1)
    f = ng.capture(lambda x: model(x))
    ((x, _),) = _batches(1, (2, 3))
    with pytest.raises(CaptureError, match="backward"):
        f(x)
    with ng.no_grad():
        assert f(x).shape == (2, 1)


def test_several_outputs_and_input_gradients():
    ng.manual_seed(0)
    lin = nn.Linear(3, 2)

    def step(x):
        out = lin(x)
        loss = out.pow(2).sum()
        loss.backward()
        return {"loss": loss, "out": out.detach()}, x.grad

    f = ng.capture(step)
    for x, _ in _batches(3, (4, 3)):
        x.requires_grad_(True)
        res, gx = f(x)
        expect = (
            2
            * (x.detach().numpy() @ lin.weight.detach().numpy().T + lin.bias.detach().numpy())
            @ lin.weight.detach().numpy()
        )
        np.testing.assert_allclose(gx.numpy(), expect, rtol=1e-5, atol=1e-6)
        assert res["out"].shape == (4, 2) and res["loss"].ndim == 0
        lin.zero_grad()
    assert f.stats["replays"] == 2


def test_replay_source_is_plain_numpy_calls():
    model = nn.Linear(3, 1)
    opt = ng.optim.SGD(model.parameters(), lr=0.1)
    f = ng.capture(_step_fn(model, opt, nn.MSELoss()))
    ((x, y),) = _batches(1, (4, 3))
    f(x, y)
    src = f.source(x, y)
    assert "def replay(a0, a1):" in src and "a0._data" in src
    assert "Node" not in src and "grad_fn" not in src


def test_double_backward_and_autograd_grad_inside():
    ng.manual_seed(0)
    lin = nn.Linear(3, 2)

    def step(x):
        out = (lin(x) ** 2).sum()
        (gx,) = ng.autograd.grad(out, x, create_graph=True)
        penalty = (gx**2).sum()
        penalty.backward()
        return penalty.detach(), gx.detach()

    f = ng.capture(step)
    for x, _ in _batches(4, (4, 3)):
        x.requires_grad_(True)
        lin.zero_grad()
        got, got_gx = f(x)
        got_w = lin.weight.grad.numpy().copy()
        lin.zero_grad()
        want, want_gx = step(x)
        assert got.item() == want.item()
        assert np.array_equal(got_gx.numpy(), want_gx.numpy())
        assert np.array_equal(got_w, lin.weight.grad.numpy())
    assert f.stats["replays"] == 3


def test_repeated_indices_scatter_fresh_each_replay():
    ng.manual_seed(0)
    table = nn.Parameter(ng.randn(10, 4))

    def step(idx):
        v = (table[idx] ** 2).sum()
        v.backward()
        return v.detach()

    f = ng.capture(step)
    for i in range(4):
        idx = ng.tensor(np.array([1, 1, 3, i]))
        table.grad = None
        got = f(idx).item()
        got_g = table.grad.numpy().copy()
        table.grad = None
        assert step(idx).item() == got
        assert np.array_equal(table.grad.numpy(), got_g)


def test_tensors_made_in_the_step_and_changed_in_place_are_fresh_each_replay():
    """``zeros``/``tensor``/``arange`` inside a step are made anew by each replay, so writes into
    them (``dC[ix] += d``, ``add_``, through views) never carry over from one call to the next."""
    ng.manual_seed(0)
    emb = nn.Parameter(ng.randn(5, 3))

    def step(idx, scale):
        d_emb = ng.zeros(5, 3)  # the backprop-by-hand idiom: a buffer filled row by row
        picked = emb[idx] * scale
        for k in range(idx.shape[0]):
            d_emb[idx[k]] += picked[k]
        counts = ng.tensor([0.0, 0.0, 0.0])
        counts.add_(scale.sum())
        steps = ng.arange(3.0)
        steps[1:].mul_(scale[:2])
        out = (d_emb * d_emb).sum() + (counts * steps).sum()
        out.backward()
        return out.detach()

    f = ng.capture(step)
    for i in range(4):
        idx = ng.tensor(np.array([1, 3, i, 1]))
        scale = ng.tensor([1.0 + i, 2.0, -0.5 * i])
        emb.grad = None
        got, got_g = f(idx, scale).numpy().copy(), emb.grad.numpy().copy()
        emb.grad = None
        want = step(idx, scale)
        assert np.array_equal(want.numpy(), got) and np.array_equal(emb.grad.numpy(), got_g)
    assert f.stats["replays"] >= 1


def test_an_error_while_recording_leaves_every_tensor_plain():
    from neuralgrad.jit.traced import Traced

    model = nn.Linear(3, 1)
    opt = ng.optim.SGD(model.parameters(), lr=0.1)
    f = ng.capture(_step_fn(model, opt, nn.MSELoss()))
    ((x, y),) = _batches(1, (4, 3))
    bad = x.clone()
    bad[1, 1] = float("nan")
    with pytest.raises(ValueError, match="NaN"):
        f(bad, y)  # the first call records: the eager error, nothing kept
    assert not any(isinstance(t._data, Traced) for t in (*model.parameters(), bad, y))
    assert f.stats["captures"] == 0
    f(x, y)
    f(x, y)
    assert f.stats == {"captures": 1, "replays": 1, "fallbacks": 0}


def test_train_and_eval_modes_get_their_own_schedules():
    ng.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 8), nn.Dropout(0.5), nn.BatchNorm1d(8), nn.Linear(8, 2))
    f = ng.capture(lambda x: model(x))
    ((x, _),) = _batches(1, (16, 4))
    with ng.no_grad():
        for mode in ("train", "eval", "train", "eval", "eval"):
            getattr(model, mode)()
            ng.manual_seed(3)
            got = f(x).numpy()
            ng.manual_seed(3)
            want = model(x).numpy()
            assert np.array_equal(got, want), mode
    assert f.stats["captures"] == 2 and f.stats["replays"] == 3


def test_capture_as_a_method_decorator():
    class Trainer:
        def __init__(self, scale):
            ng.manual_seed(0)
            self.model = nn.Linear(3, 1)
            self.opt = ng.optim.SGD(self.model.parameters(), lr=0.1 * scale)

        @ng.capture
        def step(self, x, y):
            self.opt.zero_grad()
            loss = nn.functional.mse_loss(self.model(x), y)
            loss.backward()
            self.opt.step()
            return loss

    a, b = Trainer(1.0), Trainer(2.0)
    for x, y in _batches(3, (4, 3)):
        a.step(x, y)
        b.step(x, y)
    assert not np.array_equal(a.model.weight.detach().numpy(), b.model.weight.detach().numpy())
    assert Trainer.step.stats == {"captures": 2, "replays": 4, "fallbacks": 0}


def test_past_max_captures_calls_run_eagerly_with_one_warning():
    lin = nn.Linear(3, 1)
    f = ng.capture(lambda x: lin(x), max_captures=2)
    with ng.no_grad():
        f(ng.ones(1, 3))
        f(ng.ones(2, 3))
        with pytest.warns(UserWarning, match="max_captures"):
            out = f(ng.ones(3, 3))
        assert out.shape == (3, 1)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            f(ng.ones(4, 3))
        assert not caught  # warned once only
    assert f.stats == {"captures": 2, "replays": 0, "fallbacks": 2}


_GLOBAL_W: ng.Tensor | None = None


def _uses_the_global(x):
    return (x @ _GLOBAL_W).sum()


def test_tensors_named_as_globals_or_bound_in_partials_are_read_as_they_are_now():
    """The step's tensors are found through what it names (globals, partial arguments), so a
    replay reads their arrays at that moment: a rebound ``.data`` of the same shape is seen."""
    from functools import partial

    global _GLOBAL_W
    _GLOBAL_W = ng.ones(3, 2)
    scale = ng.full((1,), 2.0)
    f = ng.capture(partial(lambda s, x: _uses_the_global(x) * s, scale))
    x = ng.ones(4, 3)
    with ng.no_grad():
        assert f(x).item() == 48.0
        _GLOBAL_W.data = ng.full((3, 2), 3.0)
        scale.data = ng.full((1,), 0.5)
        assert f(x).item() == 36.0
    assert f.stats == {"captures": 1, "replays": 1, "fallbacks": 0}


def test_a_leaf_found_only_through_its_gradient_makes_the_next_call_record_again():
    ng.manual_seed(0)
    w = ng.randn(3, 1, requires_grad=True)
    hidden = {"keys": [[{"w": w}]]}  # deeper than the step's reach

    def step(x, box=hidden):
        w = box["keys"][0][0]["w"]
        loss = (x @ w).pow(2).sum()
        loss.backward()
        return loss.detach()

    f = ng.capture(step)
    for k, (x, _) in enumerate(_batches(4, (5, 3))):
        w.grad = None
        got = f(x).item()
        got_grad = w.grad.numpy().copy()
        w.grad = None
        assert step(x).item() == got and np.array_equal(w.grad.numpy(), got_grad), k
        with ng.no_grad():
            w.data = w.detach() * 0.5  # rebound: a replay must read the new array
    assert f.stats == {"captures": 2, "replays": 2, "fallbacks": 0}
