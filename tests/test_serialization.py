"""``save`` / ``load``: round trips (dtypes, 0-d, structure, sharing), model and optimizer-style
checkpoints, file objects, atomic writes under simulated crashes, interop with plain safetensors
files and PyTorch, and a seeded fuzzer plus hand-made hostile files that must only ever give
``SerializationError`` (or a successful load)."""

from __future__ import annotations

import io
import json
import math
import os
import pickle
import struct
from collections import OrderedDict
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import neuralgrad as ng
from neuralgrad import _files
from neuralgrad.serialization import SerializationError


def _roundtrip(obj: Any, tmp_path: Path) -> Any:
    path = tmp_path / "obj.ng"
    ng.save(obj, path)
    return ng.load(path)


def _same(a: Any, b: Any) -> None:
    """Deep equality that also checks container types, key types and tensor dtypes."""
    assert type(a) is type(b), (type(a), type(b))
    if isinstance(a, ng.Tensor):
        assert a.dtype == b.dtype and a.shape == b.shape and a.requires_grad == b.requires_grad
        np.testing.assert_array_equal(a.detach().numpy(), b.detach().numpy())
    elif isinstance(a, dict):
        assert list(a) == list(b) and [type(k) for k in a] == [type(k) for k in b]
        for k in a:
            _same(a[k], b[k])
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b)
        for x, y in zip(a, b):
            _same(x, y)
    elif isinstance(a, float) and math.isnan(a):
        assert math.isnan(b)
    else:
        assert a == b


# ---- round trips ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "t",
    [
        ng.randn(3, 4),
        ng.randn(2, 3, dtype=ng.float64),
        ng.arange(6).reshape(2, 3),
        ng.tensor([True, False, True]),
        ng.tensor(3.5),
        ng.tensor(7),
        ng.tensor(True),
        ng.zeros(0, 3),
        ng.arange(12.0).reshape(3, 4).T,
        ng.randn(5, requires_grad=True),
    ],
    ids=[
        "f32",
        "f64",
        "i64",
        "bool",
        "0d-f32",
        "0d-i64",
        "0d-bool",
        "empty",
        "transposed",
        "requires_grad",
    ],
)
def test_tensor_round_trip(t: ng.Tensor, tmp_path: Path) -> None:
    _same(t, _roundtrip(t, tmp_path))


def test_nested_structure_round_trip(tmp_path: Path) -> None:
    shared = ng.randn(2)
    obj = {
        "model": OrderedDict([("0.weight", ng.randn(2, 2)), ("0.bias", ng.zeros(2))]),
        "optimizer": {
            "state": {
                0: {"step": ng.tensor(3.0), "exp_avg": ng.zeros(2, 2)},
                1: {"step": ng.tensor(3.0), "momentum_buffer": None},
            },
            "param_groups": [
                {
                    "params": [0, 1],
                    "lr": 1e-3,
                    "betas": (0.9, 0.999),
                    "nesterov": False,
                    "foreach": None,
                }
            ],
        },
        "epoch": 12,
        "best": float("nan"),
        "loss": -math.inf,
        "big": 2**80,
        "name": "m\u00e9\u2713",
        (1, "a"): [(), [], {}],
        2.5: "float key",
        None: True,
        False: 0,
        "a": shared,
        "b": [shared],
        "numpy": [np.int64(4), np.float32(0.5), np.bool_(True)],
    }
    back = _roundtrip(obj, tmp_path)
    obj["numpy"] = [4, 0.5, True]  # NumPy scalars come back as Python numbers
    _same(obj, back)
    assert back["a"] is back["b"][0]  # one tensor saved once comes back once


def test_parameters_load_back_as_tensors_and_model_reloads(tmp_path: Path) -> None:
    model = ng.nn.Sequential(ng.nn.Linear(4, 3), ng.nn.Dropout(), ng.nn.Linear(3, 2))
    w = _roundtrip(model[0].weight, tmp_path)
    assert type(w) is ng.Tensor and w.requires_grad and w.is_leaf
    sd = _roundtrip(model.state_dict(), tmp_path)
    assert type(sd) is OrderedDict and all(type(v) is ng.Tensor for v in sd.values())
    fresh = ng.nn.Sequential(ng.nn.Linear(4, 3), ng.nn.Dropout(), ng.nn.Linear(3, 2)).eval()
    fresh.load_state_dict(sd)
    x = ng.randn(5, 4)
    np.testing.assert_array_equal(fresh(x).detach().numpy(), model.eval()(x).detach().numpy())


def test_loaded_tensors_are_writable_and_independent(tmp_path: Path) -> None:
    t = _roundtrip({"x": ng.zeros(3)}, tmp_path)["x"]
    t += 1
    assert np.all(t.numpy() == 1)


def test_file_objects_and_path_types(tmp_path: Path) -> None:
    buf = io.BytesIO()
    ng.save({"x": ng.ones(2)}, buf)
    buf.seek(0)
    _same(ng.load(buf), {"x": ng.ones(2)})
    with open(tmp_path / "f.ng", "wb") as fh:
        ng.save([1, 2], fh)
    with open(tmp_path / "f.ng", "rb") as fh:
        assert ng.load(fh) == [1, 2]
    ng.save((1,), str(tmp_path / "s.ng"))
    assert ng.load(str(tmp_path / "s.ng")) == (1,)
    with open(tmp_path / "s.ng") as fh, pytest.raises(TypeError, match="binary mode"):
        ng.load(fh)
    assert ng.load(tmp_path / "s.ng", map_location="cpu", weights_only=True) == (1,)


def test_unsupported_objects_are_refused_with_their_path(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match=r"can't store a set \(at obj\['a'\]\[1\]\)"):
        ng.save({"a": [1, {2}]}, tmp_path / "x.ng")
    with pytest.raises(TypeError, match="ndarray"):
        ng.save(np.zeros(2), tmp_path / "x.ng")
    loop: list = []
    loop.append(loop)
    with pytest.raises(ValueError, match="contains itself"):
        ng.save(loop, tmp_path / "x.ng")
    assert not (tmp_path / "x.ng").exists()


# ---- interop ----------------------------------------------------------------------------------
def test_files_are_safetensors_readable_by_torch(tmp_path: Path) -> None:
    torch = pytest.importorskip("torch")
    st = pytest.importorskip("safetensors.torch")
    tm = torch.nn.Linear(3, 2)
    model = ng.nn.Linear(3, 2)
    ng.save(model.state_dict(), tmp_path / "m.safetensors")
    loaded = st.load_file(str(tmp_path / "m.safetensors"))
    assert len(loaded) == 2  # tensors are stored under their own names, the keys in metadata
    tm.load_state_dict(
        {k: torch.tensor(v.numpy()) for k, v in ng.load(tmp_path / "m.safetensors").items()}
    )
    np.testing.assert_array_equal(tm.weight.detach().numpy(), model.weight.detach().numpy())


def test_plain_safetensors_files_load_as_ordered_dicts(tmp_path: Path) -> None:
    torch = pytest.importorskip("torch")
    st = pytest.importorskip("safetensors.torch")
    tm = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Linear(4, 2))
    st.save_file(tm.state_dict(), str(tmp_path / "torch.safetensors"))
    sd = ng.load(tmp_path / "torch.safetensors")
    assert isinstance(sd, OrderedDict) and set(sd) == set(tm.state_dict())
    model = ng.nn.Sequential(ng.nn.Linear(3, 4), ng.nn.Linear(4, 2))
    model.load_state_dict(sd)
    x = np.random.default_rng(0).normal(size=(2, 3)).astype(np.float32)
    np.testing.assert_allclose(
        model(ng.tensor(x)).detach().numpy(),
        tm(torch.tensor(x)).detach().numpy(),
        rtol=1e-5,
        atol=1e-6,
    )
    from safetensors.numpy import save as np_save

    (tmp_path / "half.safetensors").write_bytes(np_save({"h": np.ones(3, np.float16)}))
    assert ng.load(tmp_path / "half.safetensors")["h"].dtype == ng.float16  # kept, as stored


# ---- atomic writes ----------------------------------------------------------------------------
def _old_file(tmp_path: Path) -> Path:
    path = tmp_path / "ckpt.ng"
    ng.save({"version": "old", "w": ng.ones(1000)}, path)
    return path


def _assert_intact(path: Path) -> None:
    assert ng.load(path)["version"] == "old"
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]  # no temp files left


def test_crash_mid_write_keeps_the_old_file(tmp_path: Path, monkeypatch: Any) -> None:
    path = _old_file(tmp_path)

    def torn(fh: Any, data: bytes) -> None:
        fh.write(data[: len(data) // 2])
        raise OSError("disk full")

    monkeypatch.setattr(_files, "write_all", torn)
    with pytest.raises(OSError, match="disk full"):
        ng.save({"version": "new", "w": ng.zeros(1000)}, path)
    _assert_intact(path)


@pytest.mark.parametrize("step", ["fsync", "replace"])
def test_crash_before_rename_keeps_the_old_file(
    step: str, tmp_path: Path, monkeypatch: Any
) -> None:
    path = _old_file(tmp_path)

    def boom(*args: Any) -> None:
        raise KeyboardInterrupt  # even a BaseException cleans up

    monkeypatch.setattr(_files.os, step, boom)
    with pytest.raises(KeyboardInterrupt):
        ng.save({"version": "new"}, path)
    monkeypatch.undo()
    _assert_intact(path)


def test_save_replaces_and_keeps_permissions(tmp_path: Path) -> None:
    path = _old_file(tmp_path)
    os.chmod(path, 0o640)
    ng.save({"version": "new"}, path)
    assert ng.load(path) == {"version": "new"}
    assert (os.stat(path).st_mode & 0o777) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


# ---- hostile and corrupted files --------------------------------------------------------------
def _valid_files() -> list[bytes]:
    out = []
    for obj in [
        ng.randn(4, 3),
        {"a": [1, (2.5, None)], 3: ng.arange(5), "b": ng.tensor(True)},
        OrderedDict([("w", ng.zeros(2, 2, dtype=ng.float64)), ("s", ng.tensor(1.0))]),
        "just a string",
    ]:
        buf = io.BytesIO()
        ng.save(obj, buf)
        out.append(buf.getvalue())
    return out


def _load_bytes(data: bytes) -> Any:
    return ng.load(io.BytesIO(data))


def _mutate(data: bytes, r: np.random.Generator) -> bytes:
    kind = r.integers(4)
    b = bytearray(data)
    if kind == 0:  # truncate
        return bytes(b[: r.integers(len(b))])
    if kind == 1:  # flip bits
        for _ in range(r.integers(1, 6)):
            i = r.integers(len(b))
            b[i] ^= 1 << int(r.integers(8))
        return bytes(b)
    if kind == 2:  # splice random bytes in
        i = r.integers(len(b))
        return bytes(b[:i]) + r.bytes(int(r.integers(1, 40))) + bytes(b[i:])
    i = r.integers(len(b))  # overwrite a run with random bytes
    n = int(r.integers(1, 20))
    b[i : i + n] = r.bytes(n)
    return bytes(b)


def test_fuzzed_files_give_only_serialization_errors() -> None:
    """Truncations, bit flips and splices into valid files (seeded, 600 cases): each loads
    exactly what was saved or raises SerializationError naming the file, nothing else (the
    long form over every reader is tests/fuzz)."""
    r = np.random.default_rng(20240601)
    files = _valid_files()
    originals = [_load_bytes(f) for f in files]
    outcomes = {"loaded": 0, "refused": 0}
    for case in range(600):
        data = _mutate(files[case % len(files)], r)
        try:
            loaded = _load_bytes(data)
            _same(loaded, originals[case % len(files)])  # the digest: a load is the saved object
            outcomes["loaded"] += 1
        except SerializationError as e:
            assert str(e).startswith("<file object>: ") or "BytesIO" in str(e)
            outcomes["refused"] += 1
    assert outcomes["refused"] > 300


def _file(header: Any, body: bytes = b"", length: int | None = None) -> bytes:
    raw = header if isinstance(header, bytes) else json.dumps(header).encode()
    n = len(raw) if length is None else length
    return struct.pack("<Q", n) + raw + body


def _ours(structure: Any, tensors: dict | None = None, body: bytes = b"") -> bytes:
    header = dict(tensors or {})
    header["__metadata__"] = {
        "format": "neuralgrad",
        "version": "1",
        "structure": structure if isinstance(structure, str) else json.dumps(structure),
    }
    return _file(header, body)


F32 = {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}

HOSTILE = {
    "empty": b"",
    "short": b"\x01\x02",
    "text": b"hello, this is not a model file at all",
    "huge_header_length": _file({}, length=2**63),
    "header_past_end": _file({"a": F32}, b"\0" * 8, length=500),
    "header_not_utf8": _file(b"\xff\xfe{}"),
    "header_not_json": _file(b"{not json"),
    "header_is_list": _file([1, 2]),
    "deep_json": _file(b"[" * 100_000 + b"]" * 100_000),
    "entry_not_dict": _file({"a": 3}),
    "entry_extra_field": _file({"a": {**F32, "evil": 1}}, b"\0" * 8),
    "bad_dtype": _file({"a": {**F32, "dtype": "OBJ"}}, b"\0" * 8),
    "bf16": _file({"a": {**F32, "dtype": "BF16", "data_offsets": [0, 4]}}, b"\0" * 4),
    "negative_shape": _file({"a": {**F32, "shape": [-2]}}, b"\0" * 8),
    "float_shape": _file({"a": {**F32, "shape": [2.0]}}, b"\0" * 8),
    "huge_shape": _file({"a": {**F32, "shape": [2**40, 2**40]}}, b"\0" * 8),
    "offsets_out_of_range": _file({"a": {**F32, "data_offsets": [0, 2**62]}}, b"\0" * 8),
    "offsets_reversed": _file({"a": {**F32, "data_offsets": [8, 0]}}, b"\0" * 8),
    "offsets_wrong_length": _file({"a": {**F32, "data_offsets": [0, 4]}}, b"\0" * 8),
    "offsets_overlap": _file({"a": F32, "b": F32}, b"\0" * 8),
    "offsets_gap": _file({"a": {**F32, "data_offsets": [4, 12]}}, b"\0" * 12),
    "metadata_not_strings": _file({"__metadata__": {"format": 1}}),
    "metadata_list": _file({"__metadata__": ["x"]}),
    "structure_not_json": _ours("{{{"),
    "structure_raw_list": _ours([1, 2]),
    "structure_raw_object": _ours({"a": 1, "b": 2}),
    "structure_unknown_tag": _ours({"pickle": "cos\nsystem\n"}),
    "structure_dangling_tensor": _ours({"tensor": "7"}),
    "structure_tensor_not_str": _ours({"tensor": 0}),
    "structure_bad_requires_grad": _ours(
        {"tensor": "0", "requires_grad": "yes"}, {"0": F32}, b"\0" * 8
    ),
    "structure_grad_on_int": _ours(
        {"tensor": "0", "requires_grad": True},
        {"0": {**F32, "dtype": "I64", "shape": [1]}},
        b"\0" * 8,
    ),
    "structure_dict_not_pairs": _ours({"dict": [[1, 2, 3]]}),
    "structure_dict_body_object": _ours({"dict": {"a": 1}}),
    "structure_unhashable_key": _ours({"dict": [[{"list": []}, 1]]}),
    "structure_deep": _ours('{"list": [' * 5000 + "]}" * 5000),
    "structure_huge_int": _ours("1" * 10_000),
    "dtype_is_a_list": _file({"a": {**F32, "dtype": ["F32"]}}, b"\0" * 8),
    "header_over_the_cap": _file(b"{" + b" " * (4 << 20) + b"}"),
    "header_too_many_containers": _file(json.dumps({"__metadata__": {}, "x": [[]] * 100_001})),
    "structure_too_many_containers": _ours(json.dumps({"list": [{"list": []}] * 100_001})),
    "format_tag_damaged": _file(
        {"__metadata__": {"format": "neuralgrAd", "version": "2", "structure": "1"}}
    ),
    "digest_mismatch": _file(
        {"__metadata__": {"format": "neuralgrad", "version": "2", "structure": "1", "sha256": "0"}}
    ),
    "uint64_past_int64": _file(
        {"a": {"dtype": "U64", "shape": [1], "data_offsets": [0, 8]}}, b"\xff" * 8
    ),
    "newer_version": _file(
        {"__metadata__": {"format": "neuralgrad", "version": "99", "structure": "1"}}
    ),
}


@pytest.mark.parametrize("name", list(HOSTILE), ids=list(HOSTILE))
def test_hostile_files_are_refused_clearly(name: str, tmp_path: Path) -> None:
    path = tmp_path / f"{name}.ng"
    path.write_bytes(HOSTILE[name])
    with pytest.raises(SerializationError) as err:
        ng.load(path)
    assert str(err.value).startswith(f"{path}: ")
    assert isinstance(err.value, RuntimeError)


def test_header_length_with_low_byte_0x80_is_not_taken_for_a_pickle() -> None:
    # A safetensors file starts with its header length (little-endian), so 1 header length in
    # 256 makes its first byte 0x80, the byte a pickle starts with.
    for k in range(600):
        buf = io.BytesIO()
        ng.save({"text": "x" * k, "t": ng.ones(3)}, buf)
        if buf.getvalue()[0] == 0x80:
            assert ng.load(io.BytesIO(buf.getvalue()))["text"] == "x" * k
            return
    raise AssertionError("no header length with low byte 0x80 was produced")


class _Evil:
    def __reduce__(self) -> Any:
        return (os.system, ("echo pwned > /dev/null",))


def test_pickle_and_torch_files_are_never_unpickled(tmp_path: Path, monkeypatch: Any) -> None:
    path = tmp_path / "evil.pt"
    path.write_bytes(pickle.dumps(_Evil()))
    calls = []
    monkeypatch.setattr(os, "system", lambda cmd: calls.append(cmd))
    with pytest.raises(SerializationError, match="pickle or PyTorch"):
        ng.load(path)
    assert calls == []
    torch = pytest.importorskip("torch")
    torch.save({"w": torch.ones(2)}, tmp_path / "model.pt")
    with pytest.raises(SerializationError, match="never unpickles"):
        ng.load(tmp_path / "model.pt")


def test_whole_modules_are_refused_with_the_state_dict_idiom(tmp_path):
    for obj in (ng.nn.Linear(2, 2), {"model": ng.nn.Sequential(ng.nn.ReLU())}):
        with pytest.raises(TypeError, match=r"state_dict\(\).*load_state_dict"):
            ng.save(obj, tmp_path / "model.ng")
    opt = ng.optim.SGD(ng.nn.Linear(2, 2).parameters(), lr=0.1)
    with pytest.raises(TypeError, match="got a SGD"):
        ng.save(opt, tmp_path / "opt.ng")
    assert not list(tmp_path.iterdir())


def test_every_stored_dtype_round_trips(tmp_path):
    names = ("float16", "int32", "int16", "int8", "uint8", "float64", "bool")
    saved = {n: ng.tensor([1, 0, 1]).to(getattr(ng, n)) for n in names}
    ng.save(saved, tmp_path / "dtypes.ng")
    for n, t in ng.load(tmp_path / "dtypes.ng").items():
        assert t.dtype == getattr(ng, n) and t.tolist() == saved[n].tolist()


# ---- bounded by the file, special files, other tools' dtypes ------------------------------------
def test_special_files_are_refused_without_reading_them(tmp_path: Path) -> None:
    with pytest.raises(SerializationError, match="is a directory"):
        ng.load(tmp_path)
    if os.path.exists("/dev/zero"):
        with pytest.raises(SerializationError, match="character device"):
            ng.load("/dev/zero")  # would read until memory runs out
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe")
        with pytest.raises(SerializationError, match="is a pipe"):
            ng.load(tmp_path / "pipe")  # would wait for a writer for ever
    loop = tmp_path / "loop"
    os.symlink(loop, loop)
    with pytest.raises(SerializationError, match="cannot open it"):
        ng.load(loop)
    with pytest.raises(FileNotFoundError) as missing:
        ng.load(tmp_path / "absent.ng")
    assert isinstance(missing.value, SerializationError) and "no such file" in str(missing.value)


def test_a_changed_byte_of_the_data_is_caught_by_the_digest(tmp_path: Path) -> None:
    path = tmp_path / "w.ng"
    ng.save({"w": ng.arange(8.0)}, path)
    data = bytearray(path.read_bytes())
    data[-3] ^= 0x01  # inside the last float: a well-formed file with another number
    path.write_bytes(bytes(data))
    with pytest.raises(SerializationError, match="digest"):
        ng.load(path)


def test_files_of_format_version_1_still_load() -> None:
    data = _ours({"dict": [["w", {"tensor": "0"}]]}, {"0": F32}, struct.pack("<2f", 1.0, 2.0))
    assert _load_bytes(data)["w"].tolist() == [1.0, 2.0]


def test_other_tools_dtypes_are_kept_or_held_in_the_smallest_signed_type(tmp_path: Path) -> None:
    from safetensors.numpy import save as np_save

    arrays = {
        "u8": np.arange(4, dtype=np.uint8),
        "u16": np.array([65535], dtype=np.uint16),
        "u32": np.array([2**32 - 1], dtype=np.uint32),
        "u64": np.array([2**63 - 1], dtype=np.uint64),
        "i16": np.array([-3], dtype=np.int16),
    }
    (tmp_path / "x.safetensors").write_bytes(np_save(arrays))
    got = ng.load(tmp_path / "x.safetensors")
    assert {k: str(v.dtype) for k, v in got.items()} == {
        "u8": "neuralgrad.uint8",  # never widened to int64 (8x the memory)
        "u16": "neuralgrad.int32",
        "u32": "neuralgrad.int64",
        "u64": "neuralgrad.int64",
        "i16": "neuralgrad.int16",
    }
    assert got["u64"].tolist() == [2**63 - 1] and got["u32"].tolist() == [2**32 - 1]
    (tmp_path / "big.safetensors").write_bytes(np_save({"n": np.array([2**64 - 1], np.uint64)}))
    with pytest.raises(SerializationError, match="18446744073709551615.*int64"):
        ng.load(tmp_path / "big.safetensors")  # it would wrap to -1


def test_a_header_larger_than_the_file_allocates_nothing(tmp_path: Path) -> None:
    import tracemalloc

    path = tmp_path / "liar.ng"
    path.write_bytes(_file({"a": {**F32, "shape": [2**28]}}, b"\0" * 8))
    tracemalloc.start()
    try:
        with pytest.raises(SerializationError, match="needs 1073741824 bytes"):
            ng.load(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1 << 20


# ---- writes: through symbolic links, and no leftovers from killed saves ----------------------
def test_saving_to_a_symlink_writes_through_it(tmp_path: Path) -> None:
    target = tmp_path / "real.ng"
    ng.save({"v": 1}, target)
    link = tmp_path / "link.ng"
    link.symlink_to(target)
    ng.save({"v": 2}, link)
    assert link.is_symlink() and ng.load(target) == {"v": 2}


def test_the_next_save_removes_temporary_files_a_killed_save_left(tmp_path: Path) -> None:
    path = tmp_path / "m.ng"
    ng.save({"v": 1}, path)
    stale = [tmp_path / ".m.ng.0123456789ab.tmp", tmp_path / ".m.ng.ba9876543210.tmp"]
    for f in stale:
        f.write_bytes(b"half a file")
    other = tmp_path / ".other.ng.0123456789ab.tmp"  # another target's: not ours to remove
    other.write_bytes(b"x")
    ng.save({"v": 2}, path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [other.name, "m.ng"]


def test_a_live_writers_temporary_file_is_left_alone(tmp_path: Path) -> None:
    fcntl = pytest.importorskip("fcntl")
    path = tmp_path / "m.ng"
    live = tmp_path / ".m.ng.0123456789ab.tmp"
    with open(live, "wb") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)  # what a writer in progress holds
        ng.save({"v": 1}, path)
        assert live.exists()
    ng.save({"v": 2}, path)  # its writer is gone now
    assert not live.exists()
