"""``Module``: registration, walking, modes, hooks, dtype moves, repr, and state dicts side by side
with PyTorch (keys, values, load errors) for nested models."""

from __future__ import annotations

import copy
import re
from collections import OrderedDict
from typing import Any

import numpy as np
import pytest

import neuralgrad as ng
import neuralgrad.nn as nn


def _net(m: Any) -> Any:
    """The same nested model in either library: Sequential of Sequential, a ModuleDict,
    a layer without bias, and a custom module with a parameter and a buffer of its own."""

    class Scale(m.Module):
        def __init__(self) -> None:
            super().__init__()
            self.alpha = m.Parameter(lib(m).ones(3))
            self.register_buffer("count", lib(m).zeros(1))
            self.register_buffer("scratch", lib(m).zeros(2), persistent=False)

        def forward(self, x):
            return x * self.alpha

    return m.Sequential(
        m.Sequential(m.Linear(4, 5), m.Flatten()),
        m.ModuleDict({"proj": m.Linear(5, 3, bias=False), "act": m.Identity()}),
        Scale(),
    )


def lib(m: Any) -> Any:
    return ng if m is nn else __import__("torch")


def _to_ng(sd: dict) -> OrderedDict:
    return OrderedDict((k, ng.tensor(v.detach().numpy())) for k, v in sd.items())


def _forward(model: Any, m: Any, x: np.ndarray) -> np.ndarray:
    h = model[0](lib(m).tensor(x))
    h = model[1]["act"](model[1]["proj"](h))
    return model[2](h).detach().numpy()


# ---- registration -----------------------------------------------------------------------------
def test_assignment_registers_parameters_buffers_and_children() -> None:
    torch = pytest.importorskip("torch")
    ours, theirs = _net(nn), _net(torch.nn)
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    assert [n for n, _ in ours.named_buffers()] == [n for n, _ in theirs.named_buffers()]
    assert [n for n, _ in ours.named_modules()] == [n for n, _ in theirs.named_modules()]
    assert [n for n, _ in ours.named_children()] == [n for n, _ in theirs.named_children()]
    assert len(list(ours.parameters())) == len(list(theirs.parameters()))
    assert len(list(ours.parameters(recurse=False))) == 0
    assert [n for n, _ in ours[2].named_parameters(prefix="x")] == ["x.alpha"]


def test_setattr_rules() -> None:
    m = nn.Module()
    m.w = nn.Parameter(ng.ones(2))
    with pytest.raises(TypeError, match="cannot assign Tensor as parameter 'w'"):
        m.w = ng.ones(2)
    m.w = None
    assert "w" in m._parameters and m.w is None
    m.child = nn.Linear(1, 1)
    with pytest.raises(TypeError, match="child module 'child'"):
        m.child = 3
    m.register_buffer("b", ng.zeros(1))
    with pytest.raises(TypeError, match="buffer 'b'"):
        m.b = 1.0
    m.b = ng.ones(1)
    assert m._buffers["b"] is m.b
    m.child = nn.Parameter(ng.ones(1))  # re-assignment moves the name between stores
    assert "child" not in m._modules and "child" in m._parameters
    m.plain = ng.ones(1)  # a plain tensor is a plain attribute, as in PyTorch
    assert "plain" not in m._parameters and "plain" not in m._buffers
    del m.child
    assert not hasattr(m, "child")


def test_registration_errors_match_torch() -> None:
    torch = pytest.importorskip("torch")

    class Early(nn.Module):
        def __init__(self) -> None:
            self.w = nn.Parameter(ng.ones(1))

    with pytest.raises(AttributeError, match="before Module.__init__"):
        Early()
    m, t = nn.Module(), torch.nn.Module()
    for call, exc in [
        (lambda mod, lb: mod.register_parameter("a.b", None), KeyError),
        (lambda mod, lb: mod.register_parameter("", None), KeyError),
        (lambda mod, lb: mod.register_buffer(1, None), TypeError),
        (lambda mod, lb: mod.register_buffer("training", None), KeyError),
        (lambda mod, lb: mod.register_parameter("p", lb.ones(1)), TypeError),
        (lambda mod, lb: mod.add_module("x", 3), TypeError),
    ]:
        with pytest.raises(exc):
            call(t, torch)
        with pytest.raises(exc):
            call(m, ng)
    with pytest.raises(ValueError, match="non-leaf"):
        m.register_parameter("q", _nonleaf_param())


def _nonleaf_param() -> nn.Parameter:
    p = nn.Parameter(ng.ones(1))
    q = p * 2
    q.__class__ = nn.Parameter  # a Parameter object with history, which must be refused
    return q


def test_shared_parameters_listed_once_but_state_dict_names_both() -> None:
    torch = pytest.importorskip("torch")
    for m in (nn, torch.nn):
        lin = m.Linear(3, 3)
        seq = m.Sequential(lin, m.Identity(), lin)
        assert len(list(seq.parameters())) == 2
        assert list(seq.state_dict()) == ["0.weight", "0.bias", "2.weight", "2.bias"]
        assert [n for n, _ in seq.named_modules()] == ["", "0", "1"]


def test_getattr_error_and_get_submodule() -> None:
    model = _net(nn)
    with pytest.raises(AttributeError, match="'Sequential' object has no attribute 'nope'"):
        model.nope
    assert model.get_submodule("1.proj") is model[1]["proj"]
    assert model.get_submodule("") is model
    with pytest.raises(AttributeError):
        model.get_submodule("0.missing")
    assert "alpha" in dir(model[2])


def test_missing_forward() -> None:
    with pytest.raises(NotImplementedError, match='missing the required "forward"'):
        nn.Module()(1)


# ---- modes and bulk changes -------------------------------------------------------------------
def test_train_eval_propagate_through_each_childs_train() -> None:
    calls = []

    class Frozen(nn.Module):
        def train(self, mode: bool = True):
            calls.append(mode)
            return super().train(False)  # e.g. a layer that always stays in eval mode

    model = nn.Sequential(nn.Sequential(nn.Dropout(), Frozen()), nn.Dropout())
    assert model.training and all(m.training for m in model[0][0].modules())
    assert model.eval() is model
    assert not any(m.training for m in model.modules())
    model.train()
    assert model.training and model[0][0].training and model[1].training
    assert not model[0][1].training and calls == [False, True]
    with pytest.raises(ValueError, match="boolean"):
        model.train("yes")


def test_zero_grad_and_requires_grad() -> None:
    lin = nn.Linear(3, 2)
    lin(ng.randn(4, 3)).sum().backward()
    g = lin.weight.grad
    lin.zero_grad(set_to_none=False)
    assert lin.weight.grad is g and np.all(g.numpy() == 0)
    lin.zero_grad()
    assert lin.weight.grad is None and lin.bias.grad is None
    assert lin.requires_grad_(False) is lin
    assert not any(p.requires_grad for p in lin.parameters())


def test_apply_visits_children_first_like_torch() -> None:
    torch = pytest.importorskip("torch")
    seen: dict = {"ng": [], "torch": []}
    _net(nn).apply(lambda m: seen["ng"].append(type(m).__name__))
    _net(torch.nn).apply(lambda m: seen["torch"].append(type(m).__name__))
    assert seen["ng"] == seen["torch"]


def test_to_and_double_cast_float_tensors_only_and_keep_identity() -> None:
    model = _net(nn)
    model[2].register_buffer("steps", ng.tensor([3]))
    w = model[0][0].weight
    model[0](ng.randn(2, 4)).sum().backward()
    assert model.double() is model
    assert model[0][0].weight is w and w.dtype == ng.float64 and w.grad.dtype == ng.float64
    assert model[2].count.dtype == ng.float64 and model[2].steps.dtype == ng.int64
    assert model[0](ng.randn(2, 4, dtype=ng.float64)).dtype == ng.float64
    model.to(ng.float32)
    assert w.dtype == ng.float32
    with pytest.raises(TypeError, match="floating point"):
        model.to(ng.int64)
    assert model.cpu() is model and model.float() is model


def test_deepcopy_gives_independent_parameters() -> None:
    a = nn.Linear(3, 2)
    b = copy.deepcopy(a)
    with ng.no_grad():
        b.weight.add_(1.0)
    assert not np.allclose(a.weight.detach().numpy(), b.weight.detach().numpy())
    assert isinstance(b.weight, nn.Parameter) and b.weight.requires_grad


# ---- hooks ------------------------------------------------------------------------------------
def test_forward_hooks_and_handles() -> None:
    lin = nn.Linear(2, 2)
    seen = []
    h1 = lin.register_forward_pre_hook(lambda m, args: (args[0] * 0,))
    h2 = lin.register_forward_hook(lambda m, args, out: seen.append(out.shape) or out + 1)
    y = lin(ng.ones(1, 2))
    np.testing.assert_allclose(y.detach().numpy(), lin.bias.detach().numpy()[None] + 1, rtol=1e-6)
    assert seen == [(1, 2)]
    h1.remove()
    h2.remove()
    h2.remove()  # twice is harmless
    assert not lin._forward_hooks and not lin._forward_pre_hooks
    with lin.register_forward_hook(lambda m, a, o: seen.append(1)):
        lin(ng.ones(2))
    lin(ng.ones(2))
    assert seen == [(1, 2), 1]


# ---- state dicts ------------------------------------------------------------------------------
def test_state_dict_keys_and_values_match_torch() -> None:
    torch = pytest.importorskip("torch")
    ours, theirs = _net(nn), _net(torch.nn)
    sd_t = theirs.state_dict()
    assert ours.load_state_dict(_to_ng(sd_t)) == ([], [])
    sd = ours.state_dict()
    assert list(sd) == list(sd_t) and "2.scratch" not in sd
    for k in sd:
        assert sd[k].shape == tuple(sd_t[k].shape)
        np.testing.assert_array_equal(sd[k].numpy(), sd_t[k].numpy())
        assert sd[k].grad_fn is None and not sd[k].requires_grad
    x = np.random.default_rng(0).normal(size=(2, 4)).astype(np.float32)
    np.testing.assert_allclose(
        _forward(ours, nn, x), _forward(theirs, torch.nn, x), rtol=1e-5, atol=1e-6
    )


def test_state_dict_shares_memory_and_keep_vars() -> None:
    lin = nn.Linear(2, 2)
    sd = lin.state_dict()
    with ng.no_grad():
        lin.weight.add_(1.0)
    np.testing.assert_array_equal(sd["weight"].numpy(), lin.weight.detach().numpy())
    assert lin.state_dict(keep_vars=True)["weight"] is lin.weight
    assert list(lin.state_dict(prefix="enc.")) == ["enc.weight", "enc.bias"]
    dest: OrderedDict = OrderedDict()
    assert lin.state_dict(dest, "p.") is dest and list(dest) == ["p.weight", "p.bias"]


def _torch_message(err: str) -> str:
    """PyTorch's message with ``torch.Size([a, b])`` written as the tuple ``(a, b)``."""

    def tup(m: re.Match) -> str:
        dims = [d.strip() for d in m.group(1).split(",") if d.strip()]
        return "(" + ", ".join(dims) + ("," if len(dims) == 1 else "") + ")"

    return re.sub(r"torch\.Size\(\[(.*?)\]\)", tup, err)


def test_load_state_dict_errors_list_everything_like_torch() -> None:
    """Missing, unexpected and wrongly shaped keys in one message, worded as PyTorch's."""
    torch = pytest.importorskip("torch")
    ours, theirs = _net(nn), _net(torch.nn)
    bad_t = theirs.state_dict()
    del bad_t["0.0.bias"]
    bad_t["0.0.weight"] = torch.zeros(2, 2)
    bad_t["extra"] = torch.zeros(1)
    bad_t["1.proj.gamma"] = torch.zeros(1)
    with pytest.raises(RuntimeError) as want:
        theirs.load_state_dict(bad_t)
    with pytest.raises(RuntimeError) as got:
        ours.load_state_dict(_to_ng(bad_t))
    assert str(got.value) == _torch_message(str(want.value))
    assert '"0.0.bias"' in str(got.value) and '"extra"' in str(got.value)
    assert "size mismatch for 0.0.weight" in str(got.value)


def test_load_state_dict_non_strict_returns_incompatible_keys_like_torch() -> None:
    torch = pytest.importorskip("torch")
    ours, theirs = _net(nn), _net(torch.nn)
    sd_t = theirs.state_dict()
    del sd_t["2.alpha"]
    sd_t["2.beta"] = torch.zeros(1)
    want = theirs.load_state_dict(sd_t, strict=False)
    got = ours.load_state_dict(_to_ng(sd_t), strict=False)
    assert got.missing_keys == want.missing_keys == ["2.alpha"]
    assert got.unexpected_keys == want.unexpected_keys
    np.testing.assert_array_equal(ours[0][0].weight.detach().numpy(), sd_t["0.0.weight"].numpy())
    assert repr(ours.load_state_dict(ours.state_dict())) == "<All keys matched successfully>"
    with pytest.raises(RuntimeError, match="size mismatch"):  # raised even when not strict
        ours.load_state_dict({"2.alpha": ng.zeros(4)}, strict=False)


def test_load_state_dict_type_errors() -> None:
    lin = nn.Linear(2, 2)
    with pytest.raises(TypeError, match="dict-like"):
        lin.load_state_dict([("weight", ng.zeros(2, 2))])
    with pytest.raises(RuntimeError, match='parameter named "bias", expected neuralgrad.Tensor'):
        lin.load_state_dict({"weight": ng.zeros(2, 2), "bias": [0.0, 0.0]})


def test_load_state_dict_copies_in_place_or_assigns() -> None:
    lin = nn.Linear(2, 2)
    w = lin.weight
    new = {"weight": ng.ones(2, 2, dtype=ng.float64), "bias": ng.zeros(2)}
    lin.load_state_dict(new)
    assert lin.weight is w and w.dtype == ng.float32 and np.all(w.numpy(force=True) == 1)
    lin.load_state_dict({"weight": ng.full((2, 2), 3.0), "bias": ng.zeros(2)}, assign=True)
    assert lin.weight is not w and isinstance(lin.weight, nn.Parameter)
    assert lin.weight.requires_grad and np.all(lin.weight.numpy(force=True) == 3)


# ---- repr -------------------------------------------------------------------------------------
def test_repr_matches_torch_including_multiline_extra_repr() -> None:
    torch = pytest.importorskip("torch")

    def build(m: Any) -> Any:
        class Two(m.Module):
            def extra_repr(self) -> str:
                return "first\nsecond"

        class One(m.Module):
            def extra_repr(self) -> str:
                return "k=1"

        outer = m.Sequential(Two(), One(), m.Module())
        outer.add_module("none", None)
        inner = One()
        inner.child = Two()
        outer.add_module("inner", inner)
        return outer

    assert repr(build(nn)) == repr(build(torch.nn))
    assert repr(_net(nn)).replace("Scale", "S") == repr(_net(torch.nn)).replace("Scale", "S")
