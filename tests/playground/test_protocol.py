"""playground.protocol: malformed messages are refused with a message that says what is
wrong, before any session acts on them."""

import json

import pytest

from neuralgrad.errors import InputError
from neuralgrad.playground.limits import MAX_MESSAGE_BYTES
from neuralgrad.playground.protocol import MESSAGES, parse_message


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("{not json", "not JSON"),
        ("[1, 2]", "JSON object"),
        ('{"type": "launch"}', "unknown type"),
        ("{}", "unknown type"),
        ('{"type": "configure", "data": {}}', "models must be a list"),
        ('{"type": "configure", "data": [], "models": [{}]}', "data must be an object"),
        ('{"type": "configure", "data": {}, "models": [{}, {}, {}]}', "1 to 2 models"),
        ('{"type": "speed", "value": 9}', "speed"),
        ('{"type": "speed", "value": true}', "whole number"),
        ('{"type": "export", "run": 5}', "no run"),
        ('{"type": "upload", "name": "a.csv"}', "text must be text"),
        (b"\x00\x01", "binary"),
        (" " * (MAX_MESSAGE_BYTES + 1), "at most"),
    ],
)
def test_malformed(text, match):
    with pytest.raises(InputError, match=match):
        parse_message(text)


def test_every_type_parses():
    examples = {
        "configure": {"data": {}, "models": [{}]},
        "upload": {"name": "a", "text": ""},
        "speed": {"value": 2},
        "export": {"run": 0},
    }
    for kind in MESSAGES:
        message = {"type": kind, **examples.get(kind, {})}
        assert parse_message(json.dumps(message)) == message
