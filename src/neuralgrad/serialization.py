"""``save`` / ``load``: tensors, state dicts and checkpoints in the safetensors format.

The arrays go in a safetensors file (``safetensors.numpy``); everything around them (nested
dicts, OrderedDicts, lists, tuples, numbers, strings, bools, None) is a small tagged JSON tree in
the file's metadata, so int vs str keys, tuple vs list and OrderedDict survive the round trip.
Loading never runs code: a truncated, corrupted or hostile file raises ``SerializationError``
naming the file and what is wrong. Writes are atomic: a crash mid-save leaves the old file whole.
Plain safetensors files written by other tools load as an ``OrderedDict`` of tensors.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import stat
from collections import OrderedDict
from typing import IO, Any

import numpy as np

from . import _dtype
from ._tensor import Tensor, wrap

__all__ = ["save", "load", "SerializationError"]

_FORMAT = "neuralgrad"
_VERSION = "1"
_MAX_HEADER = 100_000_000  # the safetensors library's own limit on the JSON header
_CHUNK = 1 << 26
# safetensors dtype codes NumPy can hold; the first four are neuralgrad's own dtypes, the rest
# (from other tools' files) are converted to the nearest supported dtype on load.
_DTYPES = {
    "F32": "<f4",
    "F64": "<f8",
    "I64": "<i8",
    "BOOL": "|b1",
    "F16": "<f2",
    "I32": "<i4",
    "I16": "<i2",
    "I8": "|i1",
    "U8": "|u1",
    "U16": "<u2",
    "U32": "<u4",
    "U64": "<u8",
}


_STORED = frozenset(d.np for d in _dtype.ALL)  # what neuralgrad's own files keep as written

_SCALARS = (
    ((bool, np.bool_), bool),
    ((int, np.integer), int),
    ((float, np.floating), float),
    (str, str),
)


class SerializationError(RuntimeError):
    """A file ``neuralgrad.load`` cannot read: not safetensors, truncated, corrupted or hostile."""


# ---- saving ----------------------------------------------------------------------------------
class _Encoder:
    """Turns an object into the JSON tree, collecting its tensors (each stored once)."""

    def __init__(self) -> None:
        self.arrays: dict[str, np.ndarray] = {}
        self.names: dict[int, tuple[str, Tensor]] = {}
        self.active: set[int] = set()

    def tensor(self, t: Tensor) -> dict:
        if id(t) not in self.names:
            name = str(len(self.names))
            self.names[id(t)] = (name, t)
            self.arrays[name] = np.array(t, order="C")  # a copy: 0-d stays 0-d
        node: dict = {"tensor": self.names[id(t)][0]}
        if t.requires_grad:
            node["requires_grad"] = True
        if t.is_cuda:  # the file holds a host copy; load puts it back (or at map_location)
            node["device"] = str(t.device)
        return node

    def encode(self, obj: Any, path: str) -> Any:
        if obj is None or type(obj) in (bool, int, float, str):
            return obj
        for kind, py in _SCALARS:  # subclasses (IntEnum, np.float64 ...) as the plain type
            if isinstance(obj, kind):
                return py(obj)
        if isinstance(obj, Tensor):
            return self.tensor(obj)
        if hasattr(obj, "state_dict") and hasattr(obj, "load_state_dict"):
            kind = type(obj).__name__
            raise TypeError(
                f"neuralgrad.save stores state, not whole objects: got a {kind} (at {path}). "
                f"Save its state_dict and rebuild it to load: neuralgrad.save(obj.state_dict(), "
                f"path), then obj = {kind}(...); obj.load_state_dict(neuralgrad.load(path))"
            )
        if not isinstance(obj, (dict, list, tuple)):
            raise TypeError(
                f"neuralgrad.save can't store a {type(obj).__name__} (at {path}); "
                "it stores tensors, numbers, strings, bools, None and "
                "dicts/lists/tuples of them"
            )
        if id(obj) in self.active:
            raise ValueError(f"neuralgrad.save: the object contains itself (at {path})")
        self.active.add(id(obj))
        try:
            if isinstance(obj, dict):
                tag = "odict" if isinstance(obj, OrderedDict) else "dict"
                return {
                    tag: [
                        [self.encode(k, f"{path} key {k!r}"), self.encode(v, f"{path}[{k!r}]")]
                        for k, v in obj.items()
                    ]
                }
            tag = "tuple" if isinstance(obj, tuple) else "list"
            return {tag: [self.encode(v, f"{path}[{i}]") for i, v in enumerate(obj)]}
        finally:
            self.active.discard(id(obj))


def _serialize(obj: Any) -> bytes:
    from safetensors.numpy import save as st_save  # optional at import time

    enc = _Encoder()
    tree = enc.encode(obj, "obj")
    meta = {"format": _FORMAT, "version": _VERSION, "structure": json.dumps(tree)}
    return st_save(enc.arrays, metadata=meta)


def _write_all(fh: IO[bytes], data: bytes) -> None:
    view = memoryview(data)
    for start in range(0, len(view), _CHUNK):
        fh.write(view[start : start + _CHUNK])


def _open_temp(path: str) -> tuple[str, int]:
    """A new file next to ``path`` (same directory, so ``os.replace`` is atomic)."""
    directory, base = os.path.split(path)
    while True:
        tmp = os.path.join(directory, f".{base}.{secrets.token_hex(6)}.tmp")
        try:
            return tmp, os.open(
                tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666
            )
        except FileExistsError:
            continue


def _fsync_dir(directory: str) -> None:
    """Make the rename itself durable (POSIX; a no-op where directories can't be opened)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _atomic_write(path: str, data: bytes) -> None:
    """Write to a temporary file, flush and fsync it, rename it over ``path``, fsync the
    directory: readers see the old file or the new one, never a part."""
    path = os.path.abspath(path)
    tmp, fd = _open_temp(path)
    try:
        with os.fdopen(fd, "wb") as fh:
            _write_all(fh, data)
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(OSError):  # keep the permissions of the file being replaced
            os.chmod(tmp, stat.S_IMODE(os.stat(path).st_mode))
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(os.path.dirname(path))


def save(obj: Any, f: str | os.PathLike | IO[bytes]) -> None:
    """Write ``obj`` (a tensor, a state dict, or nested dicts/lists/tuples of tensors, numbers,
    strings, bools and None) to ``f``, a path (written atomically) or a binary file object
    (``torch.save``; the format is safetensors, not pickle)."""
    data = _serialize(obj)
    if hasattr(f, "write"):
        _write_all(f, data)
        if hasattr(f, "flush"):
            f.flush()
        return
    _atomic_write(os.fspath(f), data)


# ---- loading ---------------------------------------------------------------------------------
def _fail(name: str, what: str) -> SerializationError:
    return SerializationError(f"{name}: {what}")


def _read(f: Any) -> tuple[bytes, str]:
    if hasattr(f, "read"):
        data = f.read()
        if not isinstance(data, (bytes, bytearray)):
            raise TypeError("neuralgrad.load needs a file opened in binary mode ('rb')")
        return bytes(data), str(getattr(f, "name", "<file object>"))
    path = os.fspath(f)
    with open(path, "rb") as fh:
        return fh.read(), str(path)


def _check_entry(name: str, key: str, entry: Any, body: int) -> None:
    """One tensor's header entry: known dtype, a shape of non-negative ints, and offsets inside
    the data area whose length matches the shape."""
    if not isinstance(entry, dict) or set(entry) != {"dtype", "shape", "data_offsets"}:
        raise _fail(name, f"header entry {key!r} is not a tensor description")
    dt, shape, offs = entry["dtype"], entry["shape"], entry["data_offsets"]
    if dt not in _DTYPES:
        raise _fail(name, f"tensor {key!r} has unsupported dtype {dt!r}")
    if not isinstance(shape, list) or not all(type(n) is int and n >= 0 for n in shape):
        raise _fail(name, f"tensor {key!r} has an invalid shape {shape!r}")
    if not (
        isinstance(offs, list)
        and len(offs) == 2
        and all(type(o) is int for o in offs)
        and 0 <= offs[0] <= offs[1] <= body
    ):
        raise _fail(
            name,
            f"tensor {key!r} has data offsets {offs!r} outside the file's {body}-byte data area",
        )
    nbytes = int(np.prod(shape, dtype=object)) * np.dtype(_DTYPES[dt]).itemsize
    if offs[1] - offs[0] != nbytes:
        raise _fail(
            name,
            f"tensor {key!r} of shape {shape} needs {nbytes} bytes but its "
            f"offsets span {offs[1] - offs[0]}",
        )


def _header(data: bytes, name: str) -> dict:
    """The validated JSON header of a safetensors file held in ``data``."""
    # NOTE: a safetensors header length whose low byte is 0x80 also starts with b"\x80"; the
    # JSON header's "{" at byte 8 tells such a file from a pickle.
    if data[8:9] != b"{" and (data[:1] == b"\x80" or data[:4] == b"PK\x03\x04"):
        raise _fail(
            name,
            "this looks like a pickle or PyTorch (.pt) file; neuralgrad.load "
            "reads only safetensors files and never unpickles",
        )
    if len(data) < 8:
        raise _fail(name, f"file is too short ({len(data)} bytes) to be a safetensors file")
    n = int.from_bytes(data[:8], "little")
    if n > _MAX_HEADER or n > len(data) - 8:
        raise _fail(
            name,
            f"header length {n} is larger than the file ({len(data)} bytes); "
            "the file is truncated or not a safetensors file",
        )
    try:
        header = json.loads(data[8 : 8 + n].decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as e:
        raise _fail(name, f"the header is not valid JSON ({type(e).__name__})") from None
    if not isinstance(header, dict):
        raise _fail(name, "the header is not a JSON object")
    meta = header.get("__metadata__", {})
    if not isinstance(meta, dict) or not all(isinstance(v, str) for v in meta.values()):
        raise _fail(name, "the header's __metadata__ is not a map of strings")
    for key, entry in header.items():
        if key != "__metadata__":
            _check_entry(name, key, entry, len(data) - 8 - n)
    return header


def _arrays(data: bytes, name: str) -> dict[str, np.ndarray]:
    from safetensors.numpy import load as st_load  # optional at import time

    try:
        return st_load(data)
    except Exception as e:  # the library's own checks: overlaps, gaps, misalignment
        raise _fail(name, f"corrupted safetensors data ({e})") from None


def _to_tensor(a: np.ndarray, keep_dtype: bool = False) -> Tensor:
    """``a`` as a tensor: of its own dtype when neuralgrad wrote it (``keep_dtype``) or it is
    one of the four everyday dtypes, else of the nearest of those."""
    everyday = a.dtype.str in ("<f4", "<f8", "<i8", "|b1")
    if everyday or keep_dtype and a.dtype in _STORED:
        return wrap(a if a.flags.writeable else a.copy())
    from .ops.creation import as_array  # other tools' dtypes: to the nearest supported one

    return wrap(as_array(a))


class _Decoder:
    """Rebuilds the object from the JSON tree, refusing anything it did not write."""

    def __init__(self, arrays: dict[str, np.ndarray], name: str, map_location: Any) -> None:
        self.arrays = arrays
        self.name = name
        self.map_location = map_location
        self.tensors: dict[str, Tensor] = {}  # shared tensors come back shared

    def tensor(self, node: dict) -> Tensor:
        key, grad = node.get("tensor"), node.get("requires_grad", False)
        where = node.get("device", "cpu")
        if (
            set(node) - {"tensor", "requires_grad", "device"}
            or not isinstance(key, str)
            or key not in self.arrays
            or type(grad) is not bool
            or where not in ("cpu", "cuda")
            and not str(where).startswith("cuda:")
        ):
            raise _fail(self.name, f"invalid tensor reference {json.dumps(node)[:80]}")
        t = self.tensors.get(key)
        if t is None:
            t = _to_tensor(self.arrays[key], keep_dtype=True)
            t = self.tensors[key] = _placed(t, self.map_location or where, self.name)
            if grad:
                if not t.is_floating_point():
                    raise _fail(self.name, f"tensor {key!r} of dtype {t.dtype} can't require grad")
                t.requires_grad_(True)
        return t

    def decode(self, node: Any) -> Any:
        if node is None or type(node) in (bool, int, float, str):
            return node
        if isinstance(node, dict) and "tensor" in node:
            return self.tensor(node)
        if not (isinstance(node, dict) and len(node) == 1):
            raise _fail(self.name, f"unexpected {type(node).__name__} in the structure")
        ((tag, body),) = node.items()
        if tag in ("list", "tuple") and isinstance(body, list):
            items = [self.decode(v) for v in body]
            return items if tag == "list" else tuple(items)
        if tag in ("dict", "odict") and isinstance(body, list):
            out: dict = OrderedDict() if tag == "odict" else {}
            for pair in body:
                if not (isinstance(pair, list) and len(pair) == 2):
                    raise _fail(self.name, "a dict entry is not a [key, value] pair")
                key = self.decode(pair[0])
                try:
                    hash(key)
                except TypeError:
                    raise _fail(
                        self.name, f"unhashable dict key of type {type(key).__name__}"
                    ) from None
                out[key] = self.decode(pair[1])
            return out
        raise _fail(self.name, f"unknown structure node {tag!r}")


def _structure(meta: dict, arrays: dict, name: str, map_location: Any) -> Any:
    if meta.get("version") != _VERSION:
        raise _fail(
            name,
            f"format version {meta.get('version')!r} is not one this neuralgrad reads ({_VERSION})",
        )
    try:
        return _Decoder(arrays, name, map_location).decode(json.loads(meta.get("structure", "")))
    except (ValueError, RecursionError) as e:  # bad JSON, too deep, too-long ints
        raise _fail(name, f"the object structure is invalid ({type(e).__name__})") from None


def _placed(t: Tensor, where: Any, name: str) -> Tensor:
    """``t`` (a host tensor just read) on ``where``: the device it was saved from, or the
    ``map_location`` asked for."""
    from ._devices import device, move
    from .cuda import GPUUnavailableError

    dev = device(where)
    if dev.type == "cpu":
        return t
    try:
        return wrap(move(t._data, dev))
    except GPUUnavailableError as e:
        raise GPUUnavailableError(
            f"{name} holds tensors saved from {dev}; {e} To load them on the CPU, pass "
            f"map_location='cpu'"
        ) from None


def load(
    f: str | os.PathLike | IO[bytes],
    map_location: Any = None,
    *,
    weights_only: bool | None = None,
    mmap: bool | None = None,
) -> Any:
    """Read an object written by ``save`` from a path or binary file object (``torch.load``).

    Tensors come back on the device they were saved from (a GPU tensor is stored as a host copy
    that names its device), or all on ``map_location`` (a device or its name) when it is given;
    ``weights_only`` and ``mmap`` are accepted for PyTorch compatibility (nothing is ever
    unpickled; the file is read whole).
    Raises ``SerializationError`` for a file that is not a valid safetensors file.
    """
    data, name = _read(f)
    header = _header(data, name)
    arrays = _arrays(data, name)
    meta = header.get("__metadata__", {})
    if meta.get("format") == _FORMAT:
        return _structure(meta, arrays, name, map_location)
    # a plain safetensors file (e.g. from another library): its tensors by name
    return OrderedDict(
        (k, _placed(_to_tensor(arrays[k]), map_location or "cpu", name))
        for k in header
        if k != "__metadata__"
    )
