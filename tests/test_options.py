"""options: a choice given as a name, as ``name:key=value`` text or as a dict resolves to its
settings over the defaults; unknown names, settings and values of the wrong kind are errors
that name the field."""

import json

import pytest

from neuralgrad.errors import InputError
from neuralgrad.options import Option, canonical, parse_choice, resolve

TABLE = {
    "sgd": Option("sgd", None, "SGD", {"momentum": 0.9, "nesterov": True, "betas": (0.9, 0.99)}),
    "plain": Option("plain", None, "no settings"),
}


def test_three_spellings_resolve_alike():
    expected = ("sgd", {"momentum": 0.5, "nesterov": False, "betas": (0.9, 0.99)})
    assert resolve("sgd:momentum=0.5,nesterov=false", TABLE, "optimizer") == expected
    assert resolve({"name": "SGD", "momentum": 0.5, "nesterov": False}, TABLE, "f") == expected
    assert resolve("plain", TABLE, "f") == ("plain", {})


def test_text_settings_are_json_values():
    assert parse_choice("sgd:betas=[0.8,0.9],momentum=1e-2", "f") == {
        "name": "sgd",
        "betas": [0.8, 0.9],
        "momentum": 0.01,
    }
    assert parse_choice("x:mode=fan_out", "f")["mode"] == "fan_out"


def test_canonical_keeps_only_changed_settings_and_is_json():
    assert canonical("sgd:momentum=0.9", TABLE, "f") == "sgd"
    value = canonical({"name": "sgd", "betas": (0.5, 0.9)}, TABLE, "f")
    assert value == {"name": "sgd", "betas": [0.5, 0.9]} and json.loads(json.dumps(value)) == value


@pytest.mark.parametrize(
    "value, match",
    [
        ("adam", r"optimizer: unknown choice 'adam'; choose one of \['plain', 'sgd'\]"),
        ("sgd:mom=1", r"'sgd' has no setting\(s\) \['mom'\]; its settings are"),
        ("plain:x=1", "its settings are none"),
        ("sgd:momentum", "expected name:key=value"),
        ("sgd:momentum=fast", "'momentum' must be like 0.9, got 'fast'"),
        ("sgd:nesterov=1", "'nesterov' must be like True"),
        ("sgd:betas=[1]", "'betas' must be like"),
        (3, "expected a name or"),
        ({"momentum": 1}, "expected a name or"),
    ],
)
def test_errors_name_the_field(value, match):
    with pytest.raises(InputError, match=match) as caught:
        resolve(value, TABLE, "optimizer")
    assert caught.value.field == "optimizer" and isinstance(caught.value, ValueError)
