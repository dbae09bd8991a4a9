"""The Optimizer base: groups, defaults, lazy state, closure, zero_grad, add_param_group,
state dicts (layout, resuming bit for bit), in-place updates, argument validation."""

from __future__ import annotations

import copy
import pathlib
import re

import numpy as np
import pytest

import neuralgrad as ng

from .helpers import arrays, ng_loss, ng_params

ALL = ["SGD", "Adagrad", "Adadelta", "RMSprop", "Adam", "AdamW"]
OPTIONS = {
    "SGD": dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01),
    "Adagrad": dict(lr=0.05, lr_decay=0.01),
    "Adadelta": dict(weight_decay=0.01),
    "RMSprop": dict(lr=1e-3, momentum=0.5, centered=True),
    "Adam": dict(lr=0.01, amsgrad=True, weight_decay=0.01),
    "AdamW": dict(lr=0.01),
}


def _steps(opt, params, a, n):
    for _ in range(n):
        opt.zero_grad()
        ng_loss(a, params).backward()
        opt.step()


# ---- groups, defaults, state ------------------------------------------------------------------
def test_a_list_of_tensors_is_one_group_filled_from_defaults():
    params = ng_params(arrays())
    opt = ng.optim.SGD(params, lr=0.1, momentum=0.5)
    assert opt.defaults == dict(
        lr=0.1, momentum=0.5, dampening=0, weight_decay=0, nesterov=False, maximize=False
    )
    assert len(opt.param_groups) == 1
    group = opt.param_groups[0]
    assert group["params"] == params
    assert {k: v for k, v in group.items() if k != "params"} == opt.defaults


def test_dict_groups_keep_their_options_and_take_the_rest_from_defaults():
    params = ng_params(arrays())
    opt = ng.optim.Adam(
        [{"params": params[:2], "lr": 0.5}, {"params": params[2:]}], lr=0.01, betas=(0.8, 0.9)
    )
    assert [g["lr"] for g in opt.param_groups] == [0.5, 0.01]
    assert all(g["betas"] == (0.8, 0.9) for g in opt.param_groups)


def test_named_parameters_are_accepted_and_their_names_kept():
    params = ng_params(arrays())
    opt = ng.optim.SGD([(f"p{i}", p) for i, p in enumerate(params)], lr=0.1)
    assert opt.param_groups[0]["params"] == params
    assert opt.state_dict()["param_groups"][0]["param_names"] == ["p0", "p1", "p2", "p3"]


def test_state_is_created_lazily_on_the_first_step():
    a = arrays()
    params = ng_params(a)
    opt = ng.optim.Adam(params)
    assert len(opt.state) == 0
    _steps(opt, params, a, 1)
    assert set(opt.state) == set(params)
    assert float(opt.state[params[0]]["step"]) == 1.0
    assert opt.state[params[0]]["exp_avg"].dtype == ng.float32


def test_sgd_without_momentum_keeps_no_state_like_torch():
    a = arrays()
    params = ng_params(a)
    opt = ng.optim.SGD(params, lr=0.1)
    _steps(opt, params, a, 3)
    assert opt.state_dict()["state"] == {}


def test_adagrad_makes_its_state_at_construction_like_torch():
    params = ng_params(arrays())
    opt = ng.optim.Adagrad(params, initial_accumulator_value=0.25)
    assert len(opt.state) == 4
    np.testing.assert_array_equal(opt.state[params[0]]["sum"].numpy(), np.full((8, 4), 0.25))


def test_float64_parameters_get_float64_state():
    a = arrays(dtype=np.float64)
    params = ng_params(a)
    opt = ng.optim.RMSprop(params, momentum=0.9, centered=True)
    _steps(opt, params, a, 2)
    for p in params:
        assert p.dtype == ng.float64
        assert all(
            opt.state[p][k].dtype == ng.float64
            for k in ("square_avg", "momentum_buffer", "grad_avg")
        )


# ---- step, closure, zero_grad -----------------------------------------------------------------
def test_step_returns_the_closures_loss_and_runs_it_with_grad_enabled():
    a = arrays()
    params = ng_params(a)
    opt = ng.optim.SGD(params, lr=0.1)
    seen = []

    def closure():
        seen.append(ng.is_grad_enabled())
        opt.zero_grad()
        loss = ng_loss(a, params)
        loss.backward()
        return loss

    with ng.no_grad():
        loss = opt.step(closure)
    assert seen == [True] and isinstance(loss, ng.Tensor)
    assert opt.step() is None


def test_zero_grad_sets_to_none_by_default_or_zeros_in_place():
    a = arrays()
    params = ng_params(a)
    opt = ng.optim.SGD(params, lr=0.1)
    ng_loss(a, params).backward()
    arrays_before = [p.grad._data for p in params]
    opt.zero_grad(set_to_none=False)
    for p, arr in zip(params, arrays_before):
        assert p.grad._data is arr and not arr.any()
    opt.zero_grad()
    assert all(p.grad is None for p in params)


@pytest.mark.parametrize("name", ALL)
def test_updates_are_in_place_and_bump_the_version_once(name):
    """p._data stays the same array (a view made before sees the step) and .grad is untouched."""
    a = arrays()
    params = ng_params(a)
    opt = getattr(ng.optim, name)(params, **OPTIONS[name], maximize=True)
    ng_loss(a, params).backward()
    data = [p._data for p in params]
    views = [p._data.reshape(-1) for p in params]
    grads = [p.grad._data.copy() for p in params]
    versions = [p._version for p in params]
    opt.step()
    for p, d, v, g, ver in zip(params, data, views, grads, versions):
        assert p._data is d
        np.testing.assert_array_equal(v, p._data.reshape(-1))
        np.testing.assert_array_equal(p.grad._data, g)
        assert p._version == ver + 1
    assert any(not np.array_equal(p._data, a[f"p{i}"]) for i, p in enumerate(params))


def test_parameters_sharing_a_flat_buffer_keep_sharing_it():
    flat = np.zeros(12, dtype=np.float32)
    w = ng.nn.Parameter(ng.tensor(0.0))
    b = ng.nn.Parameter(ng.tensor(0.0))
    w._data, b._data = flat[:8].reshape(2, 4), flat[8:]  # as a flat-buffer utility lays them out
    opt = ng.optim.Adam([w, b], lr=0.1)
    (w.sum() * 2 + b.sum()).backward()
    opt.step()
    np.testing.assert_allclose(flat, -0.1, rtol=1e-6)


def test_a_zero_dim_parameter_made_by_an_op_is_updated():
    p = ng.nn.Parameter(ng.tensor([1.0, 2.0]).sum())
    opt = ng.optim.SGD([p], lr=0.5)
    (p * p).backward()
    opt.step()
    assert p.item() == pytest.approx(3.0 - 0.5 * 6.0)


def test_a_leaf_changed_after_use_is_caught_by_autograd():
    """The version bump lets backward see that a saved parameter was stepped in place."""
    p = ng.nn.Parameter(ng.tensor([1.0, 2.0]))
    opt = ng.optim.SGD([p], lr=0.1)
    (p * p).sum().backward()
    loss = (p * p).sum()
    opt.step()
    with pytest.raises(RuntimeError, match="modified by an in-place operation"):
        loss.backward()


# ---- add_param_group and argument errors ------------------------------------------------------
def test_add_param_group_takes_defaults_and_new_parameters_train():
    a = arrays()
    params = ng_params(a)
    opt = ng.optim.SGD(params[:2], lr=0.1, momentum=0.9)
    opt.add_param_group({"params": params[2:], "lr": 0.01})
    assert opt.param_groups[1]["momentum"] == 0.9 and opt.param_groups[1]["lr"] == 0.01
    _steps(opt, params, a, 2)
    assert set(opt.state) == set(params)


def test_parameter_in_two_groups_or_bad_params_are_refused():
    params = ng_params(arrays())
    opt = ng.optim.SGD(params[:2], lr=0.1)
    with pytest.raises(ValueError, match="more than one parameter group"):
        opt.add_param_group({"params": params[1:]})
    with pytest.raises(TypeError, match="ordered collections"):
        opt.add_param_group({"params": set(params[2:])})
    with pytest.raises(TypeError, match="can only optimize Tensors, but one of the params is list"):
        ng.optim.SGD([[1.0]], lr=0.1)
    with pytest.raises(ValueError, match="non-leaf"):
        ng.optim.SGD([params[0] * 2], lr=0.1)
    with pytest.raises(ValueError, match="empty parameter list"):
        ng.optim.SGD([], lr=0.1)
    with pytest.raises(TypeError, match="iterable of Tensors or dicts"):
        ng.optim.SGD(params[0], lr=0.1)


BAD_ARGUMENTS = [
    ("SGD", dict(lr=-0.1), "learning rate", -0.1),
    ("SGD", dict(momentum=-0.5), "momentum", -0.5),
    ("SGD", dict(weight_decay=-1e-4), "weight_decay", -1e-4),
    ("Adagrad", dict(lr_decay=-1.0), "lr_decay", -1.0),
    ("Adagrad", dict(initial_accumulator_value=-0.3), "initial_accumulator_value", -0.3),
    ("Adagrad", dict(eps=-1e-10), "epsilon", -1e-10),
    ("Adadelta", dict(rho=1.5), "rho", 1.5),
    ("Adadelta", dict(lr=-2.0), "learning rate", -2.0),
    ("RMSprop", dict(alpha=-0.99), "alpha", -0.99),
    ("RMSprop", dict(momentum=-0.9), "momentum", -0.9),
    ("Adam", dict(betas=(1.0, 0.999)), "beta parameter at index 0", 1.0),
    ("Adam", dict(betas=(0.9, -0.1)), "beta parameter at index 1", -0.1),
    ("Adam", dict(eps=-1e-8), "epsilon", -1e-8),
    ("AdamW", dict(weight_decay=-0.01), "weight_decay", -0.01),
    ("AdamW", dict(lr=float("nan")), "learning rate", float("nan")),
]


@pytest.mark.parametrize(
    "name,kwargs,what,value", BAD_ARGUMENTS, ids=[f"{c[0]}-{c[2]}" for c in BAD_ARGUMENTS]
)
def test_invalid_arguments_are_named_with_their_value(name, kwargs, what, value):
    params = ng_params(arrays())
    with pytest.raises(ValueError, match=f"Invalid {re.escape(what)}.*{re.escape(repr(value))}"):
        getattr(ng.optim, name)(params, **kwargs)


def test_nesterov_needs_momentum_and_no_dampening():
    params = ng_params(arrays())
    with pytest.raises(ValueError, match="momentum=0"):
        ng.optim.SGD(params, lr=0.1, nesterov=True)
    with pytest.raises(ValueError, match="dampening=0.1"):
        ng.optim.SGD(params, lr=0.1, momentum=0.9, dampening=0.1, nesterov=True)


# ---- state dicts -----------------------------------------------------------------------------
def test_state_dict_layout_is_pytorchs():
    a = arrays()
    params = ng_params(a)
    opt = ng.optim.SGD(
        [{"params": params[:1]}, {"params": params[1:], "lr": 0.5}], lr=0.1, momentum=0.9
    )
    _steps(opt, params, a, 1)
    sd = opt.state_dict()
    assert sorted(sd) == ["param_groups", "state"]
    assert sorted(sd["state"]) == [0, 1, 2, 3]
    assert [g["params"] for g in sd["param_groups"]] == [[0], [1, 2, 3]]
    assert sd["param_groups"][1]["lr"] == 0.5
    assert sd["state"][2]["momentum_buffer"] is opt.state[params[2]]["momentum_buffer"]


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("via_file", [False, True], ids=["in-memory", "saved"])
def test_resuming_from_a_state_dict_continues_bit_for_bit(name, via_file, tmp_path):
    a = arrays(7)
    params = ng_params(a)
    opt = getattr(ng.optim, name)(params, **OPTIONS[name])
    _steps(opt, params, a, 10)
    saved_params = [p.detach().numpy().copy() for p in params]
    sd = copy.deepcopy(opt.state_dict())
    if via_file:
        ng.save(sd, str(tmp_path / "opt.ngt"))
        sd = ng.load(str(tmp_path / "opt.ngt"))
    _steps(opt, params, a, 15)

    resumed = [ng.nn.Parameter(ng.tensor(v.copy())) for v in saved_params]
    opt2 = getattr(ng.optim, name)(resumed, lr=123.0)  # options come from the state dict
    opt2.load_state_dict(sd)
    _steps(opt2, resumed, a, 15)
    for p, q in zip(params, resumed):
        np.testing.assert_array_equal(p.detach().numpy(), q.detach().numpy())


def test_loaded_state_is_a_copy_cast_to_the_parameters_dtype():
    a = arrays()
    params = ng_params(a)
    opt = ng.optim.Adam(params)
    _steps(opt, params, a, 1)
    sd = opt.state_dict()
    params64 = [ng.nn.Parameter(ng.tensor(p.detach().numpy().astype(np.float64))) for p in params]
    opt2 = ng.optim.Adam(params64)
    opt2.load_state_dict(sd)
    loaded = opt2.state[params64[0]]["exp_avg"]
    assert loaded.dtype == ng.float64
    assert not np.shares_memory(loaded._data, sd["state"][0]["exp_avg"]._data)
    assert opt2.param_groups[0]["params"] == params64


def test_loading_a_mismatched_state_dict_names_the_difference():
    a = arrays()
    params = ng_params(a)
    sd = ng.optim.SGD([{"params": params[:2]}, {"params": params[2:]}], lr=0.1).state_dict()
    with pytest.raises(ValueError, match=r"different number of parameter groups \(2\).*\(1\)"):
        ng.optim.SGD(params, lr=0.1).load_state_dict(sd)
    with pytest.raises(ValueError, match="group 0 has 2 parameters, the optimizer's has 3"):
        ng.optim.SGD([{"params": params[:3]}, {"params": params[3:]}], lr=0.1).load_state_dict(sd)


def test_adamw_stays_decoupled_after_loading_an_adam_state_dict():
    a = arrays()
    params = ng_params(a)
    sd = ng.optim.Adam(params, weight_decay=0.1).state_dict()
    opt = ng.optim.AdamW(params)
    opt.load_state_dict(sd)
    assert opt.param_groups[0]["decoupled_weight_decay"] is True


def test_repr_lists_each_groups_options():
    params = ng_params(arrays())
    text = repr(ng.optim.SGD(params, lr=0.1))
    assert text.startswith("SGD (\nParameter Group 0\n") and "    lr: 0.1\n" in text


def test_optim_never_imports_nn():
    """Optimizers see parameters, not layers (docs/architecture.md, 'Which way imports run')."""
    root = pathlib.Path(ng.optim.__file__).parent
    pattern = re.compile(r"^\s*(from\s+(\.\.+nn|neuralgrad\.nn)\b|import\s+neuralgrad\.nn)", re.M)
    offenders = [str(f) for f in root.rglob("*.py") if pattern.search(f.read_text())]
    assert offenders == []
