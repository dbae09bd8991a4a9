"""Every optimizer and option combination, 25 steps side by side with PyTorch on the same MLP,
weights and data: parameters and state dicts agree to float32 rounding (float64: tighter)."""

from __future__ import annotations

import numpy as np
import pytest

import neuralgrad as ng
from devices import DEVICES

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

STEPS = 25

CASES = [
    ("SGD", dict(lr=0.1)),
    ("SGD", dict(lr=0.05, momentum=0.9)),
    ("SGD", dict(lr=0.05, momentum=0.9, dampening=0.5)),
    ("SGD", dict(lr=0.05, momentum=0.9, nesterov=True)),
    ("SGD", dict(lr=0.05, momentum=0.8, weight_decay=0.01)),
    ("SGD", dict(lr=0.05, momentum=0.8, nesterov=True, weight_decay=0.05, maximize=True)),
    ("SGD", dict(lr=0.05, weight_decay=0.1, maximize=True)),
    ("Adagrad", dict()),
    ("Adagrad", dict(lr=0.1, lr_decay=0.05)),
    ("Adagrad", dict(lr=0.1, initial_accumulator_value=0.5, eps=1e-6)),
    ("Adagrad", dict(lr=0.05, weight_decay=0.1)),
    ("Adagrad", dict(lr=0.05, weight_decay=0.1, maximize=True)),
    ("Adadelta", dict()),
    ("Adadelta", dict(lr=0.5, rho=0.5, eps=1e-5)),
    ("Adadelta", dict(weight_decay=0.1)),
    ("Adadelta", dict(weight_decay=0.1, maximize=True)),
    ("RMSprop", dict()),
    ("RMSprop", dict(lr=1e-3, alpha=0.9, eps=1e-6)),
    ("RMSprop", dict(lr=1e-3, centered=True)),
    ("RMSprop", dict(lr=1e-3, momentum=0.9)),
    ("RMSprop", dict(lr=1e-3, momentum=0.5, centered=True, weight_decay=0.1)),
    ("RMSprop", dict(lr=1e-3, weight_decay=0.1, maximize=True)),
    ("Adam", dict()),
    ("Adam", dict(lr=0.01, betas=(0.8, 0.99))),
    ("Adam", dict(lr=0.01, amsgrad=True)),
    ("Adam", dict(lr=0.01, weight_decay=0.1)),
    ("Adam", dict(lr=0.01, weight_decay=0.1, amsgrad=True, maximize=True)),
    ("Adam", dict(lr=0.01, weight_decay=0.1, decoupled_weight_decay=True)),
    ("AdamW", dict()),
    ("AdamW", dict(lr=0.01, weight_decay=0.1)),
    ("AdamW", dict(lr=0.01, amsgrad=True, eps=1e-6)),
    ("AdamW", dict(lr=0.01, weight_decay=0.1, maximize=True)),
]


def _ids(case: tuple) -> str:
    name, kwargs = case
    return name + "-" + "-".join(f"{k}={v}" for k, v in kwargs.items())


def _train(lib, opt_cls, params, kwargs, a, steps, kind, groups, loss):
    opt = opt_cls(params if groups is None else groups(params), **kwargs)
    for _ in range(steps):
        opt.zero_grad()
        loss(a, params, kind).backward()
        opt.step()
    return opt


def _run_both(torch, name, kwargs, a, steps, kind="nll", groups=None, devices=("cpu", "cpu")):
    """The same training in both libraries (neuralgrad's on ``devices[0]``, PyTorch's on
    ``devices[1]``); returns (params, tparams, opt, topt)."""
    params, tparams = ng_params(a, devices[0]), torch_params(torch, a, devices[1])
    opt = _train(ng, getattr(ng.optim, name), params, kwargs, a, steps, kind, groups, ng_loss)
    tl = lambda a, ps, kind: torch_loss(torch, a, ps, kind)  # noqa: E731
    topt = _train(torch, getattr(torch.optim, name), tparams, kwargs, a, steps, kind, groups, tl)
    return params, tparams, opt, topt


def _check_against_torch(
    torch, name, kwargs, dtype, steps=STEPS, kind="nll", groups=None, seed=1, devices=("cpu",) * 2
):
    """Train in both libraries and compare; float32 runs also get PyTorch's float64 run as
    the reference for entries where float32 rounding is amplified (see close_to_torch)."""
    a = arrays(seed, dtype)
    params, tparams, opt, topt = _run_both(torch, name, kwargs, a, steps, kind, groups, devices)
    ref_params = ref_state = None
    if dtype == np.float32:
        _, ref_params, _, ref_opt = _run_both(
            torch, name, kwargs, arrays(seed, np.float64), steps, kind, groups
        )
        ref_state = ref_opt.state_dict()
    assert_params_match(params, tparams, ref_params, **tol(dtype))
    assert_state_dicts_match(opt.state_dict(), topt.state_dict(), ref_state, **tol(dtype))
    return a, params, opt


@pytest.mark.parametrize("device", DEVICES, indirect=True)
@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["f32", "f64"])
@pytest.mark.parametrize("case", CASES, ids=[_ids(c) for c in CASES])
def test_steps_match_torch(case, dtype, device, torch_device):
    """On the CPU and on a GPU (simulated, or real against PyTorch CUDA), where the optimizer's
    flat buffers and state live on the device."""
    torch = pytest.importorskip("torch")
    a, params, opt = _check_against_torch(torch, *case, dtype, devices=(device, torch_device))
    moved = max(np.abs(p.detach().numpy() - a[f"p{i}"]).max() for i, p in enumerate(params))
    assert moved > 1e-3  # the run really trained
    for state in opt.state.values():
        for key, value in state.items():
            if isinstance(value, ng.Tensor) and key != "step":
                assert value.device == device, f"state {key!r} on {value.device}"


@pytest.mark.parametrize("name", ["SGD", "Adagrad", "Adadelta", "RMSprop", "Adam", "AdamW"])
def test_param_groups_with_own_options_match_torch(name):
    """Per-group options (lr, weight decay) override the defaults, as in PyTorch."""
    torch = pytest.importorskip("torch")
    kwargs = dict(lr=0.01, momentum=0.5) if name in ("SGD", "RMSprop") else dict(lr=0.01)

    def groups(ps):
        return [{"params": ps[:2], "lr": 0.003, "weight_decay": 0.1}, {"params": ps[2:]}]

    _, _, opt = _check_against_torch(
        torch, name, kwargs, np.float32, kind="mse", groups=groups, seed=2
    )
    packed = opt.state_dict()["param_groups"]
    assert [g["params"] for g in packed] == [[0, 1], [2, 3]]
    assert (packed[0]["lr"], packed[1]["lr"]) == (0.003, 0.01)


@pytest.mark.parametrize("name", ["SGD", "Adam", "RMSprop"])
def test_parameters_without_gradient_are_skipped_like_torch(name):
    """A frozen parameter (no .grad) keeps its value and gets no state, in both libraries."""
    torch = pytest.importorskip("torch")
    kwargs = {
        "SGD": dict(lr=0.01, momentum=0.9),
        "Adam": dict(lr=0.01),
        "RMSprop": dict(lr=1e-3, momentum=0.9),
    }[name]

    def freeze_last(ps):
        ps[3].requires_grad_(False)
        return ps

    a, params, opt = _check_against_torch(
        torch, name, kwargs, np.float32, steps=20, groups=freeze_last, seed=3
    )
    assert 3 not in opt.state_dict()["state"] and len(opt.state_dict()["state"]) == 3
    np.testing.assert_array_equal(params[3].detach().numpy(), a["p3"])


def test_closure_is_evaluated_and_its_loss_returned_like_torch():
    torch = pytest.importorskip("torch")
    a = arrays(4)
    params, tparams = ng_params(a), torch_params(torch, a)
    opt = ng.optim.SGD(params, lr=0.1, momentum=0.9)
    topt = torch.optim.SGD(tparams, lr=0.1, momentum=0.9)

    def closure():
        opt.zero_grad()
        loss = ng_loss(a, params)
        loss.backward()
        return loss

    def tclosure():
        topt.zero_grad()
        loss = torch_loss(torch, a, tparams)
        loss.backward()
        return loss

    for _ in range(20):
        loss, tloss = opt.step(closure), topt.step(tclosure)
        assert loss.item() == pytest.approx(tloss.item(), rel=1e-5)
    assert_params_match(params, tparams, **tol(np.float32))


def test_loading_a_torch_state_dict_continues_like_torch():
    """A PyTorch Adam state dict (tensors converted to neuralgrad) resumes the same run."""
    torch = pytest.importorskip("torch")
    a = arrays(5)
    params, tparams, _, topt = _run_both(torch, "Adam", dict(lr=0.01), a, 10)
    sd = topt.state_dict()
    state = {i: {k: ng.tensor(v.numpy()) for k, v in s.items()} for i, s in sd["state"].items()}
    converted = {"state": state, "param_groups": sd["param_groups"]}
    for p, tp in zip(params, tparams):
        p.data = ng.tensor(tp.detach().numpy().copy())
    opt = ng.optim.Adam(params, lr=0.01)
    opt.load_state_dict(converted)
    for _ in range(15):
        opt.zero_grad()
        ng_loss(a, params).backward()
        opt.step()
        topt.zero_grad()
        torch_loss(torch, a, tparams).backward()
        topt.step()
    assert_params_match(params, tparams, **tol(np.float32))
