"""``Sequential``, ``ModuleList`` and ``ModuleDict``: every list/dict operation run side by side
with PyTorch, comparing the children's names, order and identity markers, and the reprs."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import neuralgrad as ng
import neuralgrad.nn as nn


def _layers(m: Any, n: int = 4) -> list:
    """Distinguishable layers: Linear(i+1, i+2)."""
    return [m.Linear(i + 1, i + 2) for i in range(n)]


def _sig(container: Any) -> list:
    """(name, in_features) of each child, None-safe: what the comparison looks at."""
    return [(k, getattr(v, "in_features", type(v).__name__)) for k, v in container._modules.items()]


def _same(fn: Callable, cls: str = "Sequential") -> None:
    """Run ``fn(container, layer_maker)`` on both libraries and compare the result and the
    children afterwards."""
    torch = pytest.importorskip("torch")
    results = []
    for m in (nn, torch.nn):
        c = getattr(m, cls)(*([_layers(m)] if cls == "ModuleList" else _layers(m)))
        out = fn(c, m)
        if isinstance(out, (m.Module,)):
            out = (type(out).__name__, _sig(out) if out._modules else out.in_features)
        results.append((out, _sig(c)))
    assert results[0] == results[1]


SEQ_OPS = {
    "index": lambda s, m: s[1],
    "negative": lambda s, m: s[-1],
    "slice": lambda s, m: s[1:3],
    "step_slice": lambda s, m: s[::-2],
    "len": lambda s, m: len(s),
    "iter": lambda s, m: [layer.in_features for layer in s],
    "append": lambda s, m: s.append(m.Linear(9, 9)),
    "extend": lambda s, m: s.extend(_layers(m, 2)),
    "insert": lambda s, m: s.insert(1, m.Linear(7, 7)),
    "insert_neg": lambda s, m: s.insert(-1, m.Linear(7, 7)),
    "insert_end": lambda s, m: s.insert(4, m.Linear(7, 7)),
    "pop": lambda s, m: s.pop(1),
    "del": lambda s, m: s.__delitem__(0),
    "del_slice": lambda s, m: s.__delitem__(slice(1, 3)),
    "setitem": lambda s, m: s.__setitem__(-2, m.Linear(8, 8)),
    "add": lambda s, m: s + m.Sequential(m.Linear(6, 6)),
    "iadd": lambda s, m: s.__iadd__(m.Sequential(m.Linear(6, 6))),
    "mul": lambda s, m: s * 2,
    "rmul": lambda s, m: 2 * s,
    "imul": lambda s, m: s.__imul__(2),
}


@pytest.mark.parametrize("op", list(SEQ_OPS), ids=list(SEQ_OPS))
def test_sequential_ops_match_torch(op: str) -> None:
    _same(SEQ_OPS[op])


LIST_OPS = {
    k: SEQ_OPS[k]
    for k in (
        "index",
        "negative",
        "slice",
        "step_slice",
        "len",
        "iter",
        "append",
        "extend",
        "insert",
        "pop",
        "del",
        "del_slice",
        "setitem",
    )
}
LIST_OPS["add"] = lambda s, m: s + [m.Linear(6, 6)]
LIST_OPS["iadd"] = lambda s, m: s.__iadd__([m.Linear(6, 6)])


@pytest.mark.parametrize("op", list(LIST_OPS), ids=list(LIST_OPS))
def test_module_list_ops_match_torch(op: str) -> None:
    _same(LIST_OPS[op], "ModuleList")


def test_sequential_forward_chains_and_index_errors() -> None:
    torch = pytest.importorskip("torch")
    seq = nn.Sequential(nn.Linear(3, 4), nn.Flatten(0), nn.Identity())
    tseq = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Flatten(0), torch.nn.Identity())
    seq.load_state_dict({k: ng.tensor(v.numpy()) for k, v in tseq.state_dict().items()})
    x = np.random.default_rng(1).normal(size=(2, 3)).astype(np.float32)
    np.testing.assert_allclose(
        seq(ng.tensor(x)).detach().numpy(),
        tseq(torch.tensor(x)).detach().numpy(),
        rtol=1e-5,
        atol=1e-6,
    )
    for bad in (3, -4):
        with pytest.raises(IndexError, match="out of range"):
            seq[bad]
        with pytest.raises(IndexError):
            tseq[bad]
    with pytest.raises(ValueError, match="only objects of Sequential"):
        seq + [nn.Identity()]
    with pytest.raises(ValueError, match="Non-positive"):
        seq * 0
    with pytest.raises(TypeError):
        seq * 1.5


def test_sequential_from_ordered_dict_keeps_names() -> None:
    torch = pytest.importorskip("torch")
    for m in (nn, torch.nn):
        seq = m.Sequential(OrderedDict([("enc", m.Linear(2, 3)), ("dec", m.Linear(3, 2))]))
        assert list(seq.state_dict()) == ["enc.weight", "enc.bias", "dec.weight", "dec.bias"]
        assert list(seq[1:]._modules) == ["dec"]
        seq.append(m.Identity())
        assert list(seq._modules) == ["enc", "dec", "2"]
    assert repr(nn.Sequential(OrderedDict([("enc", nn.Linear(2, 3))]))) == repr(
        torch.nn.Sequential(OrderedDict([("enc", torch.nn.Linear(2, 3))]))
    )


def test_slices_share_the_modules() -> None:
    seq = nn.Sequential(*_layers(nn))
    assert seq[1:3][0] is seq[1]
    assert isinstance(seq[1:3], nn.Sequential)
    lst = nn.ModuleList(_layers(nn))
    assert isinstance(lst[1:], nn.ModuleList) and lst[1:][0] is lst[1]


def test_module_list_repr_compresses_repeats_like_torch() -> None:
    torch = pytest.importorskip("torch")

    def build(m: Any) -> Any:
        return m.ModuleList(
            [
                m.Linear(2, 2),
                m.Linear(2, 2),
                m.Linear(2, 2),
                m.Identity(),
                m.Linear(2, 2),
                m.Sequential(m.Identity(), m.Identity()),
                m.Sequential(m.Identity(), m.Identity()),
            ]
        )

    assert repr(build(nn)) == repr(build(torch.nn))
    assert repr(nn.ModuleList()) == repr(torch.nn.ModuleList()) == "ModuleList()"


def test_module_list_extend_needs_iterable() -> None:
    with pytest.raises(TypeError, match="iterable"):
        nn.ModuleList().extend(5)


def test_module_dict_matches_torch() -> None:
    torch = pytest.importorskip("torch")
    out = []
    for m in (nn, torch.nn):
        d = m.ModuleDict({"b": m.Linear(1, 2), "a": m.Linear(2, 3)})
        d.update([("c", m.Linear(3, 4)), ["b", m.Linear(5, 6)]])
        d.update(OrderedDict([("z", m.Identity())]))
        d["y"] = m.Linear(7, 8)
        popped = d.pop("a").in_features
        del d["z"]
        out.append(
            (
                list(d.keys()),
                [getattr(v, "in_features", None) for v in d.values()],
                list(d),
                "c" in d,
                "a" in d,
                len(d),
                popped,
                list(d.state_dict()),
                repr(d),
            )
        )
        d.clear()
        assert len(d) == 0
    assert out[0] == out[1]


def test_module_dict_update_errors() -> None:
    d = nn.ModuleDict()
    with pytest.raises(TypeError, match="iterable of key/value pairs"):
        d.update(3)
    with pytest.raises(TypeError, match="element #0 should be Iterable"):
        d.update([3])
    with pytest.raises(ValueError, match="element #0 has length 3"):
        d.update([("a", nn.Identity(), 1)])
    with pytest.raises(KeyError):
        d["missing"]


def test_containers_register_children_for_parameters_and_modes() -> None:
    model = nn.Sequential(
        nn.ModuleList([nn.Linear(2, 2), nn.Dropout()]), nn.ModuleDict({"head": nn.Linear(2, 1)})
    )
    assert [n for n, _ in model.named_parameters()] == [
        "0.0.weight",
        "0.0.bias",
        "1.head.weight",
        "1.head.bias",
    ]
    model.eval()
    assert not model[0][1].training
    assert "0" not in dir(model)
