"""Fuzzing ``neuralgrad.load``: seeded byte edits of valid files, and edits of their JSON
header written back with its length fixed (so they reach the checks past the framing). Each
case must load exactly what was saved (our files carry a digest), load a well-formed foreign
file, or raise ``SerializationError`` naming the file; and no case may raise traced peak
memory above 200 MB (every input is under 10 MB)."""

from __future__ import annotations

import io
import json
import struct
import tracemalloc
from collections import OrderedDict
from typing import Any

import numpy as np

import neuralgrad as ng
from neuralgrad.serialization import SerializationError, content_digest
from scale import trials

from .mutate import mutate_bytes, mutate_value

PEAK_LIMIT = 200 * 2**20


def _saved(obj: Any) -> bytes:
    buf = io.BytesIO()
    ng.save(obj, buf)
    return buf.getvalue()


def _foreign() -> bytes:
    """A plain safetensors file as other tools write it (every dtype we read, no metadata)."""
    from safetensors.numpy import save

    arrays = {
        "u8": np.arange(6, dtype=np.uint8).reshape(2, 3),
        "u64": np.array([1, 2**63 - 1], dtype=np.uint64),
        "f16": np.ones(3, np.float16),
        "i32": np.arange(4, dtype=np.int32),
        "f64": np.linspace(0, 1, 5),
        "b": np.array([True, False]),
    }
    return save(arrays)


def valid_files() -> list[tuple[bytes, bool]]:
    """(file bytes, whether it is ours: a load must give back exactly what was saved)."""
    ng.manual_seed(0)
    model = ng.nn.Sequential(ng.nn.Linear(5, 4), ng.nn.BatchNorm1d(4), ng.nn.Linear(4, 3))
    opt = ng.optim.Adam(model.parameters(), lr=0.01)
    model(ng.randn(8, 5)).sum().backward()
    opt.step()
    nested = {"a": [1, (2.5, None)], 3: ng.arange(5), "b": ng.tensor(True), "s": "text"}
    ours = [
        model.state_dict(),
        opt.state_dict(),
        nested,
        OrderedDict([("w", ng.zeros(2, 2, dtype=ng.float64)), ("n", ng.tensor(float("nan")))]),
        ng.randn(512, 512),  # 1 MB of data
    ]
    return [(_saved(o), True) for o in ours] + [(_foreign(), False)]


def mutate_header(data: bytes, r: np.random.Generator) -> bytes | None:
    """The file with its JSON header edited and its length prefix fixed (None: the header is
    not JSON to begin with)."""
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n])
    meta = header.get("__metadata__", {})
    if "structure" in meta and r.random() < 0.5:  # edit the structure inside the metadata
        meta["structure"] = json.dumps(mutate_value(json.loads(meta["structure"]), r))
    else:
        header = mutate_value(header, r)
    raw = json.dumps(header).encode()
    return struct.pack("<Q", len(raw)) + raw + data[8 + n :]


def _still_ours(data: bytes) -> bool:
    """Whether an edited file still claims to be ours (an edit that removed the metadata
    leaves a well-formed plain safetensors file, which loads as one)."""
    try:
        (n,) = struct.unpack("<Q", data[:8])
        meta = json.loads(data[8 : 8 + n]).get("__metadata__")
    except Exception:
        return True
    return isinstance(meta, dict) and any(k in meta for k in ("format", "version", "structure"))


def _check_one(data: bytes, original: Any, ours: bool) -> str:
    """Load ``data``: 'loaded' or 'refused', any other outcome fails the test."""
    ours = ours and _still_ours(data)
    try:
        loaded = ng.load(io.BytesIO(data))
    except SerializationError as e:
        assert str(e).startswith("<file object>: "), e
        return "refused"
    if ours:
        assert content_digest(loaded) == content_digest(original), "a damaged file loaded"
    else:
        assert isinstance(loaded, OrderedDict)
        assert all(isinstance(v, ng.Tensor) for v in loaded.values())
    return "loaded"


def run_fuzz(n: int, seed: int) -> dict[str, int]:
    """``n`` seeded cases over every valid file; the outcome counts and the largest peak."""
    files = valid_files()
    originals = [ng.load(io.BytesIO(f)) for f, _ in files]
    r = np.random.default_rng(seed)
    counts = {"loaded": 0, "refused": 0, "peak": 0}
    tracemalloc.start()
    try:
        for case in range(n):
            which = case % len(files)
            data, ours = files[which]
            edited = mutate_header(data, r) if case % 2 else mutate_bytes(data, r)
            assert len(edited) < 10 * 2**20
            tracemalloc.reset_peak()
            before = tracemalloc.get_traced_memory()[0]
            try:
                counts[_check_one(edited, originals[which], ours)] += 1
            except AssertionError as e:
                raise AssertionError(f"case {case} (seed {seed}): {e}") from None
            counts["peak"] = max(counts["peak"], tracemalloc.get_traced_memory()[1] - before)
    finally:
        tracemalloc.stop()
    return counts


def test_mutated_model_files_load_exactly_or_raise_serialization_error() -> None:
    counts = run_fuzz(trials(300, 30_000), seed=14)
    assert counts["refused"] > counts["loaded"] > 0
    assert counts["peak"] < PEAK_LIMIT, counts
