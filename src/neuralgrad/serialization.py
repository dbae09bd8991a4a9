"""``save`` / ``load``: tensors, state dicts and checkpoints in the safetensors format.

The arrays go in a safetensors file (``safetensors.numpy``); everything around them (nested
dicts, OrderedDicts, lists, tuples, numbers, strings, bools, None) is a small tagged JSON tree in
the file's metadata, so int vs str keys, tuple vs list and OrderedDict survive the round trip,
and a SHA-256 digest of the tree and the arrays tells a damaged file from a good one.
Loading never runs code and is bounded by the file: special files are refused, the header is
checked against the bytes present before anything is allocated, its size and nesting are
capped, stored dtypes are kept (never widened beyond what neuralgrad can hold), and a truncated,
corrupted or hostile file raises ``SerializationError`` naming the file and what is wrong.
Writes are atomic (``_files.write_atomically``): a crash mid-save leaves the old file whole.
Plain safetensors files written by other tools load as an ``OrderedDict`` of tensors.
"""

from __future__ import annotations

import json
import os
import re
from collections import OrderedDict
from typing import IO, Any

import numpy as np

from . import _dtype
from ._files import write_all, write_atomically
from ._safetensors import (
    MAX_CONTAINERS,
    MAX_HEADER,
    described,
    digest,
    fail,
    parse_json,
    read_container,
)
from ._tensor import Tensor, wrap
from .errors import SerializationError

__all__ = ["save", "load", "content_digest", "SerializationError", "MAX_HEADER", "MAX_CONTAINERS"]

_FORMAT = "neuralgrad"
_VERSION = "2"  # 2 adds the digest; files of version 1 (no digest) are still read
_READS = ("1", "2")
# other tools' unsigned integers: read as the smallest signed dtype that holds their values
_WIDER = {"U16": np.int32, "U32": np.int64, "U64": np.int64}
_STORED = frozenset(d.np for d in _dtype.ALL)

_SCALARS = (
    ((bool, np.bool_), bool),
    ((int, np.integer), int),
    ((float, np.floating), float),
    (str, str),
)


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


def content_digest(obj: Any) -> str:
    """The SHA-256 digest ``save`` would store for ``obj``: equal for equal contents (so a
    checkpoint can carry the digest of its own contents and notice that it was edited)."""
    enc = _Encoder()
    structure = json.dumps(enc.encode(obj, "obj"))
    return digest(structure, described(enc.arrays))


def _serialize(obj: Any) -> bytes:
    from safetensors.numpy import save as st_save  # optional at import time

    enc = _Encoder()
    structure = json.dumps(enc.encode(obj, "obj"))
    meta = {
        "format": _FORMAT,
        "version": _VERSION,
        "structure": structure,
        "sha256": digest(structure, described(enc.arrays)),
    }
    return st_save(enc.arrays, metadata=meta)


def save(obj: Any, f: str | os.PathLike | IO[bytes]) -> None:
    """Write ``obj`` (a tensor, a state dict, or nested dicts/lists/tuples of tensors, numbers,
    strings, bools and None) to ``f``, a path (written atomically, through a symbolic link) or
    a binary file object (``torch.save``; the format is safetensors, not pickle)."""
    data = _serialize(obj)
    if hasattr(f, "write"):
        write_all(f, data)
        if hasattr(f, "flush"):
            f.flush()
        return
    write_atomically(f, data)


def _foreign(a: np.ndarray, code: str, key: str, name: str) -> Tensor:
    """Another tool's tensor: its dtype when neuralgrad has it, else the smallest signed
    integer type that holds the values (unsigned 64-bit values above 2**63 - 1 are refused)."""
    if a.dtype in _STORED:
        return wrap(a)
    if code == "U64" and a.size and int(a.max()) > np.iinfo(np.int64).max:
        raise fail(
            name,
            f"tensor {key!r} (uint64) holds {int(a.max())}, more than int64 (neuralgrad's widest "
            "integer type) can hold",
        )
    return wrap(a.astype(_WIDER[code]))


_DEVICE_NAME = re.compile(r"cpu|cuda(:[0-9]{1,4})?")  # what save writes


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
            or not (isinstance(where, str) and _DEVICE_NAME.fullmatch(where))
        ):
            raise fail(self.name, f"invalid tensor reference {json.dumps(node)[:80]}")
        t = self.tensors.get(key)
        if t is None:
            a = self.arrays[key]
            if a.dtype not in _STORED:
                raise fail(self.name, f"tensor {key!r} has a dtype neuralgrad never writes")
            t = self.tensors[key] = _placed(wrap(a), self.map_location or where, self.name)
            if grad:
                if not t.is_floating_point():
                    raise fail(self.name, f"tensor {key!r} of dtype {t.dtype} can't require grad")
                t.requires_grad_(True)
        return t

    def decode(self, node: Any) -> Any:
        if node is None or type(node) in (bool, int, float, str):
            return node
        if isinstance(node, dict) and "tensor" in node:
            return self.tensor(node)
        if not (isinstance(node, dict) and len(node) == 1):
            raise fail(self.name, f"unexpected {type(node).__name__} in the structure")
        ((tag, body),) = node.items()
        if tag in ("list", "tuple") and isinstance(body, list):
            items = [self.decode(v) for v in body]
            return items if tag == "list" else tuple(items)
        if tag in ("dict", "odict") and isinstance(body, list):
            out: dict = OrderedDict() if tag == "odict" else {}
            for pair in body:
                if not (isinstance(pair, list) and len(pair) == 2):
                    raise fail(self.name, "a dict entry is not a [key, value] pair")
                key = self.decode(pair[0])
                try:
                    hash(key)
                except TypeError:
                    raise fail(
                        self.name, f"unhashable dict key of type {type(key).__name__}"
                    ) from None
                out[key] = self.decode(pair[1])
            return out
        raise fail(self.name, f"unknown structure node {str(tag)[:40]!r}")


def _is_ours(meta: dict) -> bool:
    """Whether the metadata is neuralgrad's (also when its format tag is damaged: the other
    keys tell)."""
    return meta.get("format") == _FORMAT or any(k in meta for k in ("version", "structure"))


def _structure(
    meta: dict, header: dict, body: Any, arrays: dict, name: str, map_location: Any
) -> Any:
    """The object a neuralgrad file holds, after checking its tags and (version 2) digest."""
    if meta.get("format") != _FORMAT:
        raise fail(name, f"its format tag {meta.get('format')!r} is damaged (not {_FORMAT!r})")
    version = meta.get("version")
    if version not in _READS:
        raise fail(name, f"format version {version!r} is not one this neuralgrad reads ({_READS})")
    structure = meta.get("structure", "")
    if version != "1":
        tensors = (
            (k, e["dtype"], e["shape"], body[e["data_offsets"][0] : e["data_offsets"][1]])
            for k, e in header.items()
            if k != "__metadata__"
        )
        if meta.get("sha256") != digest(structure, tensors):
            raise fail(
                name,
                "its contents do not match the SHA-256 digest stored with them: the file is "
                "damaged (or was edited by hand)",
            )
    tree = parse_json(structure, name, "the object structure")
    try:
        return _Decoder(arrays, name, map_location).decode(tree)
    except RecursionError:
        raise fail(name, "the object structure nests too deeply") from None


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
    Raises ``SerializationError`` (naming the file) for anything but a valid safetensors file;
    a missing path's error is also a ``FileNotFoundError``. Memory: about twice the file, plus
    at most ~100 MB for a hostile header (see ``MAX_HEADER``).
    """
    header, body, arrays, name = read_container(f)
    meta = header.get("__metadata__", {})
    if _is_ours(meta):
        return _structure(meta, header, body, arrays, name, map_location)
    # a plain safetensors file (e.g. from another library): its tensors by name
    return OrderedDict(
        (k, _placed(_foreign(arrays[k], e["dtype"], k, name), map_location or "cpu", name))
        for k, e in header.items()
        if k != "__metadata__"
    )
