"""The safetensors container, read bounded by the file: the header length checked against the
bytes present, the JSON header capped in size and nesting, every tensor's dtype, shape and
offsets checked (the tensors tile the data area exactly), then each array copied out in its
stored dtype. Also the SHA-256 digest of a file's contents that ``serialization`` stores and
checks. Errors are ``SerializationError`` naming the file."""

from __future__ import annotations

import hashlib
import io
import json
import os
from collections.abc import Iterable
from typing import Any

import numpy as np

from ._files import open_regular, read_exactly
from .errors import SerializationError

__all__ = [
    "MAX_HEADER",
    "MAX_CONTAINERS",
    "DTYPES",
    "parse_json",
    "digest",
    "described",
    "fail",
    "read_container",
]

#: The largest JSON header ``load`` reads (bytes), and the most JSON arrays and objects the
#: header, and the structure inside it, may each hold: parsing JSON costs up to ~25 bytes of
#: memory per byte, so these keep a hostile header's cost near 100 MB. The files neuralgrad
#: writes stay far below (about 3 objects per tensor, plus the structure's containers).
MAX_HEADER = 4 << 20
MAX_CONTAINERS = 100_000
# the safetensors dtype codes NumPy can hold, and their NumPy dtypes as stored (little-endian)
DTYPES = {
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
_CODES = {np.dtype(v).newbyteorder("<").str: k for k, v in DTYPES.items()}


class _NoSuchFile(SerializationError, FileNotFoundError):
    """A missing path: also a ``FileNotFoundError``, as ``torch.load`` raises."""


def digest(structure: str, tensors: Iterable[tuple[str, str, list, Any]]) -> str:
    """SHA-256 of the structure and of each tensor's name, dtype code, shape and bytes (in
    name order): what a file holds, independent of its layout."""
    h = hashlib.sha256(structure.encode("utf-8"))
    for name, code, shape, data in sorted(tensors, key=lambda item: item[0]):
        h.update(json.dumps([name, code, shape]).encode("utf-8"))
        h.update(data)
    return h.hexdigest()


def described(arrays: dict[str, np.ndarray]) -> Iterable[tuple[str, str, list, Any]]:
    for name, a in arrays.items():
        code = _CODES[a.dtype.newbyteorder("<").str]
        le = a if a.dtype.byteorder != ">" else a.astype(a.dtype.newbyteorder("<"))
        yield name, code, list(a.shape), np.ascontiguousarray(le).reshape(-1).view(np.uint8)


def fail(name: str, what: str) -> SerializationError:
    return SerializationError(f"{name}: {what}")


def _looks_pickled(first: bytes) -> bool:
    return first[:1] == b"\x80" or first[:4] == b"PK\x03\x04"


def _header_length(first: bytes, size: int, name: str) -> int:
    """The JSON header's length from the first 8 bytes, checked against the file's ``size``."""
    # NOTE: a safetensors header length whose low byte is 0x80 also starts with b"\x80"; the
    # JSON header's "{" after it tells such a file from a pickle (checked in ``_read``).
    looks_pickled = _looks_pickled(first)
    if len(first) < 8:
        raise fail(name, f"file is too short ({size} bytes) to be a safetensors file")
    n = int.from_bytes(first[:8], "little")
    if n > size - 8:
        if looks_pickled:
            raise _pickled(name)
        raise fail(
            name,
            f"header length {n} is larger than the file ({size} bytes); "
            "the file is truncated or not a safetensors file",
        )
    if n > MAX_HEADER:
        raise fail(name, f"its header of {n} bytes is over the {MAX_HEADER} bytes load reads")
    return n


def _pickled(name: str) -> SerializationError:
    return fail(
        name,
        "this looks like a pickle or PyTorch (.pt) file; neuralgrad.load "
        "reads only safetensors files and never unpickles",
    )


def _read(f: Any) -> tuple[bytes, Any, str]:
    """``(header JSON bytes, data area, name)`` of a path or binary file object; from a path,
    the data area is read only once the header length fits the file."""
    if hasattr(f, "read"):
        raw = None if isinstance(f, io.TextIOBase) else f.read()
        if not isinstance(raw, (bytes, bytearray)):
            raise TypeError("neuralgrad.load needs a file opened in binary mode ('rb')")
        name = str(getattr(f, "name", "<file object>"))
        first = bytes(raw[:8])
        n = _header_length(first, len(raw), name)
        header, body = bytes(raw[8 : 8 + n]), memoryview(raw)[8 + n :]
    else:
        name = os.fspath(f)
        fh, size = open_regular(name, _NoSuchFile)
        with fh:
            first = bytes(read_exactly(fh, min(size, 8), name, SerializationError))
            n = _header_length(first, size, name)
            header = bytes(read_exactly(fh, n, name, SerializationError))
            body = memoryview(read_exactly(fh, size - 8 - n, name, SerializationError))
    if _looks_pickled(first) and header[:1] != b"{":
        raise _pickled(name)
    return header, body, name


def parse_json(text: bytes | str, name: str, what: str) -> Any:
    """``text`` parsed, refusing more than ``MAX_CONTAINERS`` arrays and objects up front."""
    count = text.count("[" if isinstance(text, str) else b"[")
    count += text.count("{" if isinstance(text, str) else b"{")
    if count > MAX_CONTAINERS:
        raise fail(name, f"{what} nests over {MAX_CONTAINERS} JSON arrays and objects")
    try:
        return json.loads(text)
    except (UnicodeDecodeError, ValueError, RecursionError) as e:  # bad JSON, too deep, huge int
        raise fail(name, f"{what} is not valid JSON ({type(e).__name__})") from None


def _header(raw: bytes, body: int, name: str) -> dict:
    """The validated JSON header of a safetensors file whose data area has ``body`` bytes."""
    header = parse_json(raw, name, "the header")
    if not isinstance(header, dict):
        raise fail(name, "the header is not a JSON object")
    meta = header.get("__metadata__", {})
    if not isinstance(meta, dict) or not all(isinstance(v, str) for v in meta.values()):
        raise fail(name, "the header's __metadata__ is not a map of strings")
    for key, entry in header.items():
        if key != "__metadata__":
            _check_entry(name, key, entry, body)
    _check_layout(name, header, body)
    return header


def _check_entry(name: str, key: str, entry: Any, body: int) -> None:
    """One tensor's header entry: known dtype, a shape of non-negative ints, and offsets inside
    the data area whose length matches the shape."""
    if not isinstance(entry, dict) or set(entry) != {"dtype", "shape", "data_offsets"}:
        raise fail(name, f"header entry {key!r} is not a tensor description")
    dt, shape, offs = entry["dtype"], entry["shape"], entry["data_offsets"]
    if not isinstance(dt, str) or dt not in DTYPES:
        raise fail(name, f"tensor {key!r} has unsupported dtype {str(dt)[:40]!r}")
    if not isinstance(shape, list) or not all(type(n) is int and n >= 0 for n in shape):
        raise fail(name, f"tensor {key!r} has an invalid shape {str(shape)[:80]}")
    if not (
        isinstance(offs, list)
        and len(offs) == 2
        and all(type(o) is int for o in offs)
        and 0 <= offs[0] <= offs[1] <= body
    ):
        raise fail(
            name,
            f"tensor {key!r} has data offsets {str(offs)[:80]} outside the file's "
            f"{body}-byte data area",
        )
    nbytes = int(np.prod(shape, dtype=object)) * np.dtype(DTYPES[dt]).itemsize
    if offs[1] - offs[0] != nbytes:
        raise fail(
            name,
            f"tensor {key!r} of shape {shape} needs {nbytes} bytes but its "
            f"offsets span {offs[1] - offs[0]}",
        )


def _check_layout(name: str, header: dict, body: int) -> None:
    """The tensors tile the data area exactly, in order: no overlap, no gap, nothing after."""
    spans = sorted(tuple(e["data_offsets"]) for k, e in header.items() if k != "__metadata__")
    end = 0
    for start, stop in spans:
        if start != end:
            what = "overlap" if start < end else "leave a gap"
            raise fail(name, f"tensor data {what} at byte {min(start, end)} of the data area")
        end = stop
    if end != body:
        raise fail(name, f"{body - end} bytes after the last tensor's data")


def _arrays(header: dict, body: Any, name: str) -> dict[str, np.ndarray]:
    """Each tensor's array: a writable copy of its bytes in its stored dtype (native order)."""
    out = {}
    for key, e in header.items():
        if key == "__metadata__":
            continue
        dt = np.dtype(DTYPES[e["dtype"]])
        start, stop = e["data_offsets"]
        a = np.frombuffer(body[start:stop], dtype=dt) if stop > start else np.empty(0, dt)
        if e["dtype"] == "BOOL":
            a = a.view(np.uint8) != 0  # any other byte than 0/1 is still a plain bool
        out[key] = a.astype(dt.newbyteorder("="), copy=True).reshape(e["shape"])
    return out


def read_container(f: Any) -> tuple[dict, Any, dict[str, np.ndarray], str]:
    """``(header, data area, arrays by name, name)`` of the safetensors file at a path or in a
    binary file object, every check above passed."""
    raw, body, name = _read(f)
    header = _header(raw, len(body), name)
    return header, body, _arrays(header, body, name), name
