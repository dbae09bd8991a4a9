"""Flat parameter groups (optim/_flat.py): one pass per group gives bitwise the per-parameter
path's parameters and state, leaves each parameter its own memory (shared memory stays shared),
notices rebound arrays, and matches PyTorch."""

from __future__ import annotations

import copy

import numpy as np
import pytest

import neuralgrad as ng

from .helpers import (
    arrays,
    assert_params_match,
    assert_state_dicts_match,
    ng_loss,
    ng_params,
    tol,
    torch_loss,
    torch_params,
)

FLAT, PER_PARAM = 10**12, 0
SHAPES = [(3, 4), (4,), (), (2, 1, 3), (1,)]  # mixed ranks, a 0-d and 1-d parameters

CASES = [
    ("SGD", dict(lr=0.1)),
    ("SGD", dict(lr=0.05, momentum=0.9)),
    ("SGD", dict(lr=0.05, momentum=0.9, dampening=0.3)),
    ("SGD", dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01)),
    ("SGD", dict(lr=0.05, weight_decay=0.1, maximize=True)),
    ("Adam", dict(lr=0.01)),
    ("Adam", dict(lr=0.01, amsgrad=True)),
    ("Adam", dict(lr=0.01, weight_decay=0.1, maximize=True)),
    ("Adam", dict(lr=0.01, weight_decay=0.1, decoupled_weight_decay=True, amsgrad=True)),
    ("AdamW", dict(lr=0.01, weight_decay=0.1)),
    ("AdamW", dict(lr=0.01, amsgrad=True, maximize=True)),
    ("RMSprop", dict(lr=0.01, momentum=0.5, centered=True, weight_decay=0.1)),
    ("Adagrad", dict(lr=0.1, lr_decay=0.01, weight_decay=0.1)),
    ("Adadelta", dict(weight_decay=0.1, maximize=True)),
]


def _ids(case: tuple) -> str:
    return case[0] + "-" + "-".join(f"{k}={v}" for k, v in case[1].items())


def _params(seed: int = 0, dtype=np.float32) -> list[ng.nn.Parameter]:
    rng = np.random.default_rng(seed)
    return [ng.nn.Parameter(ng.tensor(rng.standard_normal(s).astype(dtype))) for s in SHAPES]


def _np(t) -> np.ndarray:
    """A tensor's array (shared memory), also for parameters."""
    return t.detach().numpy()


def _set_grads(params: list, step: int) -> None:
    """The same pseudo-random gradients for every run at a given step."""
    rng = np.random.default_rng(1000 + step)
    for p in params:
        p.grad = ng.tensor(rng.standard_normal(p.shape).astype(p._data.dtype))


def _run(
    name: str,
    kw: dict,
    steps: int,
    limit: int,
    params: list | None = None,
    hook=None,
    opt=None,
    start: int = 0,
):
    """``steps`` steps with fixed gradients; ``hook(i, opt, params)`` runs before each step."""
    params = _params() if params is None else params
    if opt is None:
        opt = getattr(ng.optim, name)(params, **kw)
        opt._flat_limit = limit
    for i in range(start, start + steps):
        _set_grads(params, i)
        if hook is not None:
            hook(i, opt, params)
        opt.step()
    return opt, params


def _path(opt, group: int = 0) -> str | None:
    """How the group was stepped last: 'flat' or None (per parameter)."""
    entry = opt._flat_layouts.get(id(opt.param_groups[group]))
    return None if entry is None or entry[1] is None else "flat"


def _assert_identical(a: tuple, b: tuple) -> None:
    """Same parameters and state, bit for bit (the optimizers' state dicts side by side)."""
    (opt_a, params_a), (opt_b, params_b) = a, b
    for i, (p, q) in enumerate(zip(params_a, params_b)):
        assert np.array_equal(_np(p), _np(q)), f"parameter {i}"
    sa, sb = opt_a.state_dict()["state"], opt_b.state_dict()["state"]
    assert sa.keys() == sb.keys()
    for idx in sa:
        assert sa[idx].keys() == sb[idx].keys(), idx
        for key, value in sa[idx].items():
            other = sb[idx][key]
            assert value.shape == other.shape and value.dtype == other.dtype, (idx, key)
            assert np.array_equal(value.numpy(), other.numpy()), (idx, key)


# ---- the flat path equals the per-parameter path bit for bit ---------------------------------
@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_flat_and_per_parameter_paths_agree_bitwise(case):
    name, kw = case
    params = _params()
    arrays = [p._data for p in params]
    flat = _run(name, kw, 6, FLAT, params)
    per_param = _run(name, kw, 6, PER_PARAM)
    assert _path(flat[0]) == "flat" and _path(per_param[0]) is None
    _assert_identical(flat, per_param)
    # the parameters keep their own arrays, updated in place
    assert all(p._data is a and p.shape == s for p, a, s in zip(params, arrays, SHAPES))


@pytest.mark.parametrize("case", CASES[:1] + CASES[5:6], ids=_ids)
def test_an_array_taken_from_a_parameter_before_the_first_step_sees_every_update(case):
    name, kw = case
    params = _params()
    held = _np(params[0])
    before = held.copy()
    flat = _run(name, kw, 5, FLAT, params)
    assert _path(flat[0]) == "flat"
    assert not np.array_equal(held, before) and np.array_equal(held, _np(params[0]))
    _assert_identical(flat, _run(name, kw, 5, PER_PARAM))


def test_state_tensors_belong_to_the_optimizer_and_live_in_its_buffers():
    opt, params = _run("Adam", {}, 2, FLAT)
    (entry,) = opt._flat_layouts.values()
    buf = entry[1].fstate["exp_avg"]._data
    tensors = [opt.state[p]["exp_avg"] for p in params]
    assert all(np.shares_memory(t._data, buf) for t in tensors)
    _run("Adam", {}, 1, FLAT, params, opt=opt, start=2)
    assert [opt.state[p]["exp_avg"] for p in params] == tensors  # the same tensors, updated


def test_float64_groups_are_flat_and_mixed_dtypes_stay_per_parameter():
    a = _run("Adam", {}, 4, FLAT, _params(dtype=np.float64))
    assert _path(a[0]) == "flat" and a[1][0].dtype == ng.float64
    _assert_identical(a, _run("Adam", {}, 4, PER_PARAM, _params(dtype=np.float64)))
    mixed = _params()
    mixed[1] = ng.nn.Parameter(ng.tensor(_np(mixed[1]).astype(np.float64)))
    b = _run("Adam", {}, 2, FLAT, mixed)
    assert _path(b[0]) is None


def test_real_training_steps_agree_and_bump_each_version_once():
    a = arrays(3)
    runs = []
    for limit in (FLAT, PER_PARAM):
        params = ng_params(a)
        opt = ng.optim.AdamW(params, lr=0.01, amsgrad=True)
        opt._flat_limit = limit
        for _ in range(5):
            opt.zero_grad()
            ng_loss(a, params).backward()
            versions = [p._version for p in params]
            opt.step()
            assert [p._version for p in params] == [v + 1 for v in versions]
        runs.append((opt, params))
    assert _path(runs[0][0]) == "flat"
    _assert_identical(*runs)


def test_default_limits_step_small_groups_flat_and_large_ones_per_parameter():
    small = _run("Adam", {}, 1, ng.optim.Adam._flat_limit)
    assert _path(small[0]) == "flat"
    big = [ng.nn.Parameter(ng.zeros(300, 300)), ng.nn.Parameter(ng.zeros(300))]
    opt, _ = _run("SGD", dict(lr=0.1), 1, ng.optim.SGD._flat_limit, big)
    assert _path(opt) is None


# ---- what must stay visible -------------------------------------------------------------------
def test_a_parameter_sharing_memory_with_a_tensor_keeps_it_and_the_tensor_sees_updates():
    params = _params()
    t = ng.tensor(np.arange(12, dtype=np.float32).reshape(3, 4))
    params[0] = ng.nn.Parameter(t)
    before = t.numpy().copy()
    opt, _ = _run("SGD", dict(lr=0.1, momentum=0.9), 3, FLAT, params)
    assert _path(opt) == "flat"
    assert params[0]._data is t._data
    assert not np.array_equal(t.numpy(), before)
    ref = _params()
    ref[0] = ng.nn.Parameter(ng.tensor(before))
    _assert_identical((opt, params), _run("SGD", dict(lr=0.1, momentum=0.9), 3, PER_PARAM, ref))


def test_parameters_that_are_views_of_one_buffer_keep_sharing_it():
    buf = np.zeros(7, dtype=np.float32)
    w, b = ng.nn.Parameter(ng.tensor(0.0)), ng.nn.Parameter(ng.tensor(0.0))
    w._data, b._data = buf[:6].reshape(2, 3), buf[6:]
    opt, _ = _run("Adam", dict(lr=0.1), 1, FLAT, [w, b])
    assert _path(opt) == "flat"
    assert w._data.base is buf and b._data.base is buf
    assert np.abs(buf).min() > 0.09  # Adam's first step moves every entry by about lr
    assert np.array_equal(buf, np.concatenate([_np(w).ravel(), _np(b)]))


def test_state_tensors_are_per_parameter_views_with_pytorchs_layout():
    opt, params = _run("Adam", dict(amsgrad=True), 2, FLAT)
    sd = opt.state_dict()
    assert sorted(sd["state"]) == list(range(len(SHAPES)))
    for i, p in enumerate(params):
        st = sd["state"][i]
        assert sorted(st) == ["exp_avg", "exp_avg_sq", "max_exp_avg_sq", "step"]
        assert st["step"].shape == () and st["step"].item() == 2.0
        assert all(st[k].shape == p.shape and st[k].dtype == p.dtype for k in st if k != "step")
    m0 = opt.state[params[0]]["exp_avg"]
    _set_grads(params, 2)
    before = m0.numpy().copy()
    opt.step()
    assert opt.state[params[0]]["exp_avg"] is m0 and not np.array_equal(m0.numpy(), before)


# ---- rebinding, missing gradients, new state: never a stale buffer ---------------------------
def _rebind_data(i, opt, params):
    if i == 3:
        params[1].data = ng.tensor(np.full(4, 0.5, dtype=np.float32))


def _rebind_state(i, opt, params):
    if i == 3:
        st = opt.state[params[2]]
        st["exp_avg"] = ng.tensor(np.float32(0.25))
        st["exp_avg_sq"].data = ng.tensor(np.float32(0.5))


def _drop_grad(i, opt, params):
    if i in (2, 3):
        params[3].grad = None


def _switch_options(i, opt, params):
    if i == 3:
        opt.param_groups[0]["amsgrad"] = True
        opt.param_groups[0]["lr"] = 0.002


def _replace_state(i, opt, params):
    if i == 3:
        opt.state[params[2]] = {k: v.clone() for k, v in opt.state[params[2]].items()}


def _reset_momentum(i, opt, params):
    if i == 3:
        del opt.state[params[1]]["momentum_buffer"]


HOOKS = [_rebind_data, _drop_grad, _switch_options, _replace_state]


@pytest.mark.parametrize(
    "name, hook",
    [("Adam", h) for h in HOOKS + [_rebind_state]]
    + [("SGD", h) for h in HOOKS + [_reset_momentum]],
    ids=lambda v: getattr(v, "__name__", v),
)
def test_changes_between_steps_are_followed_exactly(name, hook):
    kw = dict(lr=0.01, momentum=0.9) if name == "SGD" else dict(lr=0.01)
    flat = _run(name, kw, 7, FLAT, hook=hook)
    _assert_identical(flat, _run(name, kw, 7, PER_PARAM, hook=hook))


def test_a_rebound_parameter_keeps_sharing_the_tensor_it_was_given():
    params = _params()
    opt, _ = _run("Adam", {}, 2, FLAT, params)
    assert _path(opt) == "flat"
    given = ng.tensor(np.ones(4, dtype=np.float32))
    params[1].data = given
    _run("Adam", {}, 2, FLAT, params, opt=opt, start=2)
    assert _path(opt) == "flat" and params[1]._data is given._data
    assert not np.array_equal(given.numpy(), np.ones(4))


def test_after_a_skipped_parameter_sgd_returns_to_the_flat_path_and_adam_stays_per_parameter():
    sgd, _ = _run("SGD", dict(lr=0.1, momentum=0.9), 6, FLAT, hook=_drop_grad)
    assert _path(sgd) == "flat"  # no step counts: the layout is made again
    adam, params = _run("Adam", {}, 6, FLAT, hook=_drop_grad)
    assert _path(adam) is None  # the skipped parameter's step count lags behind
    assert [adam.state[p]["step"].item() for p in params] == [6, 6, 6, 4, 6]


def test_momentum_switched_on_mid_run_makes_its_buffers():
    def hook(i, opt, params):
        if i == 2:
            opt.param_groups[0]["momentum"] = 0.9

    flat = _run("SGD", dict(lr=0.1), 5, FLAT, hook=hook)
    assert _path(flat[0]) == "flat"
    _assert_identical(flat, _run("SGD", dict(lr=0.1), 5, PER_PARAM, hook=hook))


def test_an_edited_step_count_sends_the_group_per_parameter():
    def hook(i, opt, params):
        if i == 3:
            opt.state[params[0]]["step"].fill_(10.0)

    flat = _run("Adam", {}, 6, FLAT, hook=hook)
    assert _path(flat[0]) is None
    _assert_identical(flat, _run("Adam", {}, 6, PER_PARAM, hook=hook))


def test_groups_are_laid_out_separately():
    groups = lambda ps: [{"params": ps[:3]}, {"params": ps[3:], "lr": 0.05}]  # noqa: E731
    runs = []
    for limit in (FLAT, PER_PARAM):
        ps = _params()
        opt = ng.optim.Adam(groups(ps), lr=0.01)
        opt._flat_limit = limit
        runs.append(_run("Adam", {}, 4, limit, ps, opt=opt))
    assert _path(runs[0][0], 0) == _path(runs[0][0], 1) == "flat"
    _assert_identical(*runs)


# ---- saving, loading, copying -----------------------------------------------------------------
@pytest.mark.parametrize("via_file", [False, True], ids=["in-memory", "saved"])
@pytest.mark.parametrize("name", ["Adam", "SGD"])
def test_state_dict_round_trip_continues_bit_for_bit(name, via_file, tmp_path):
    kw = dict(lr=0.01, amsgrad=True) if name == "Adam" else dict(lr=0.01, momentum=0.9)
    opt, params = _run(name, kw, 5, FLAT)
    saved = [_np(p).copy() for p in params]
    sd = copy.deepcopy(opt.state_dict())
    if via_file:
        ng.save(sd, str(tmp_path / "opt.ngt"))
        sd = ng.load(str(tmp_path / "opt.ngt"))
    _run(name, kw, 5, FLAT, params, opt=opt, start=5)

    resumed = [ng.nn.Parameter(ng.tensor(v)) for v in saved]
    opt2 = getattr(ng.optim, name)(resumed, lr=1.0)
    opt2._flat_limit = FLAT
    opt2.load_state_dict(sd)
    _run(name, kw, 5, FLAT, resumed, opt=opt2, start=5)
    assert _path(opt2) == "flat"
    _assert_identical((opt, params), (opt2, resumed))


def test_loading_into_the_same_optimizer_lays_the_group_out_again():
    def run(limit):
        opt, params = _run("Adam", {}, 3, limit)
        sd = copy.deepcopy(opt.state_dict())
        _run("Adam", {}, 2, limit, params, opt=opt, start=3)
        opt.load_state_dict(sd)
        return _run("Adam", {}, 3, limit, params, opt=opt, start=5)

    flat = run(FLAT)
    assert _path(flat[0]) == "flat"
    _assert_identical(flat, run(PER_PARAM))


def test_a_deep_copied_optimizer_steps_its_own_parameters():
    opt, params = _run("Adam", {}, 3, FLAT)
    twin = copy.deepcopy((opt, params))
    before = [_np(p).copy() for p in params]
    _run("Adam", {}, 2, FLAT, twin[1], opt=twin[0], start=3)
    assert all(np.array_equal(_np(p), b) for p, b in zip(params, before))
    _run("Adam", {}, 2, FLAT, params, opt=opt, start=3)
    _assert_identical((opt, params), twin)


# ---- PyTorch ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "case",
    [
        ("SGD", dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01)),
        ("Adam", dict(lr=0.01, amsgrad=True)),
        ("AdamW", dict(lr=0.01, weight_decay=0.1, maximize=True)),
    ],
    ids=_ids,
)
def test_flat_groups_match_torch_optim_over_five_steps(case):
    torch = pytest.importorskip("torch")
    name, kw = case
    a = arrays(5)
    params, tparams = ng_params(a), torch_params(torch, a)
    opt, topt = getattr(ng.optim, name)(params, **kw), getattr(torch.optim, name)(tparams, **kw)
    for _ in range(5):
        opt.zero_grad()
        ng_loss(a, params).backward()
        opt.step()
        topt.zero_grad()
        torch_loss(torch, a, tparams).backward()
        topt.step()
    assert _path(opt) == "flat"
    assert_params_match(params, tparams, **tol(np.float32))
    assert_state_dicts_match(opt.state_dict(), topt.state_dict(), **tol(np.float32))
