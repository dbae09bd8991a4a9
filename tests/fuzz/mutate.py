"""Seeded mutations for the fuzz suite: byte edits of a file (truncate, flip bits, splice or
overwrite random bytes, repeat a slice) and edits of a decoded structure (a value replaced by
another kind, a key dropped or added, a list cut), each drawn from a NumPy generator so a
failing case is replayed by its seed and number.

How many cases each test runs comes from ``scale.trials``: a short form in every test run,
the counts the reliability targets name under ``NEURALGRAD_LONG=1``."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np

import neuralgrad as ng

__all__ = ["mutate_bytes", "mutate_value"]


def mutate_bytes(data: bytes, r: np.random.Generator) -> bytes:
    """``data`` with one to three random byte-level edits."""
    for _ in range(int(r.integers(1, 4))):
        data = _one_byte_edit(data, r)
    return data


def _one_byte_edit(data: bytes, r: np.random.Generator) -> bytes:
    b = bytearray(data)
    if not b:
        return r.bytes(int(r.integers(1, 16)))
    i = int(r.integers(len(b)))
    kind = int(r.integers(6))
    if kind == 0:  # truncate
        return bytes(b[:i])
    if kind == 1:  # flip bits
        for _ in range(int(r.integers(1, 6))):
            j = int(r.integers(len(b)))
            b[j] ^= 1 << int(r.integers(8))
        return bytes(b)
    if kind == 2:  # splice random bytes in
        return bytes(b[:i]) + r.bytes(int(r.integers(1, 40))) + bytes(b[i:])
    if kind == 3:  # overwrite a run with random bytes
        n = int(r.integers(1, 20))
        b[i : i + n] = r.bytes(n)
        return bytes(b)
    if kind == 4:  # overwrite with an interesting byte (0, 0xff, a digit, a quote, a brace)
        b[i] = int(r.choice([0, 0xFF, 0x7F, 0x80, ord("9"), ord('"'), ord("{"), ord("-")]))
        return bytes(b)
    j = int(r.integers(i, len(b) + 1))  # repeat a slice
    return bytes(b[:j]) + bytes(b[i:j]) * int(r.integers(1, 4)) + bytes(b[j:])


#: values a structural edit puts in place of another: every JSON kind and a few extremes
_ODD_VALUES: list[Any] = [
    None,
    True,
    0,
    -1,
    1,
    2**63,
    -(2**70),
    0.5,
    float("nan"),
    float("inf"),
    -1e308,
    "",
    "x",
    "relu",
    "nan",
    [],
    [0],
    [-3, 2],
    [60000, 60000],
    {},
    {"name": "sgd"},
    {"a": 1},
]


def mutate_value(value: Any, r: np.random.Generator) -> Any:
    """A deep copy of ``value`` (nested dicts and lists of plain values and tensors) with one
    to three structural edits."""
    value = copy.deepcopy(value)
    for _ in range(int(r.integers(1, 4))):
        value = _edit(value, r)
    return value


def _edit(value: Any, r: np.random.Generator) -> Any:
    """One edit at a random place in ``value``, the edited value returned."""
    places = list(_places(value, ()))
    path = places[int(r.integers(len(places)))]
    if not path:
        return _new_value(value, r)
    parent = value
    for key in path[:-1]:
        parent = parent[key]
    key = path[-1]
    kind = int(r.integers(4))
    if kind == 0 and isinstance(parent, dict):
        del parent[key]
    elif kind == 1 and isinstance(parent, dict):
        name = ["extra", "", "0", "__metadata__", "format", "tensor"][int(r.integers(6))]
        parent[name] = _new_value(None, r)
    elif kind == 2 and isinstance(parent, list):
        del parent[int(r.integers(len(parent))) :]
    else:
        parent[key] = _new_value(parent[key], r)
    return value


def _new_value(old: Any, r: np.random.Generator) -> Any:
    """A value to put in place of ``old``: a neighbour of a number, a tensor of another shape
    or dtype, or one of the odd ones."""
    if isinstance(old, ng.Tensor) and r.random() < 0.6:
        changes = [
            lambda t: t.reshape(-1),
            lambda t: t.double(),
            lambda t: t.long(),
            lambda t: t.flatten()[:-1],
            lambda t: t * float("nan"),
            lambda t: ng.zeros(2, 2),
        ]
        return changes[int(r.integers(len(changes)))](old.detach())
    if isinstance(old, (int, float)) and not isinstance(old, bool) and r.random() < 0.4:
        return type(old)(old * int(r.choice([-1, 0, 2, 1000])) + int(r.choice([-1, 1])))
    return copy.deepcopy(_ODD_VALUES[int(r.integers(len(_ODD_VALUES)))])


def _places(value: Any, path: tuple) -> Any:
    yield path
    if isinstance(value, dict):
        for k in list(value):
            yield from _places(value[k], (*path, k))
    elif isinstance(value, list):
        for i in range(len(value)):
            yield from _places(value[i], (*path, i))
