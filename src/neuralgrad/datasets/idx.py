"""The IDX file format of MNIST and Fashion-MNIST: a 4-byte magic (0, 0, type, number of
dimensions), each dimension as a big-endian int32, then the values in row-major order.
``.gz`` files are read transparently (recognised by their content, not their name). Problems
are ``InputError`` naming the file; memory is the file's data once plus the array."""

from __future__ import annotations

import gzip
import os
import zlib
from typing import IO

import numpy as np

from .._files import open_regular
from ..errors import InputError

__all__ = ["read_idx", "write_idx"]

_TYPES = {
    0x08: np.dtype(">u1"),
    0x09: np.dtype(">i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}


#: deflate's best ratio is about 1032:1, so a gzip file of n bytes holds at most this many
#: times n bytes: a header promising more is refused before anything is allocated
_GZIP_RATIO = 1100


def _open_idx(fh: IO[bytes]) -> tuple[IO[bytes], bool]:
    """``fh`` or a gzip stream over it (told by content, not name), and whether gzipped."""
    if fh.read(2) == b"\x1f\x8b":
        fh.seek(0)
        return gzip.GzipFile(fileobj=fh, mode="rb"), True
    fh.seek(0)
    return fh, False


def _read(stream: IO[bytes], n: int, name: str) -> bytes:
    """Exactly ``n`` bytes of the (possibly gzipped) stream, or ``InputError``."""
    try:
        data = stream.read(n)
    except (OSError, EOFError, zlib.error) as e:
        raise InputError(f"{name}: a corrupted or truncated gzip file ({e})") from None
    if len(data) != n:
        raise InputError(f"{name}: the IDX data ends after {len(data)} of {n} bytes")
    return data


def read_idx(path: str | os.PathLike) -> np.ndarray:
    """The array stored in an IDX file (optionally gzipped), in native byte order. The header's
    shape is checked against the bytes the file holds (or, gzipped, can hold) before the array
    is allocated, and a gzip stream is decompressed no further than the header says."""
    name = os.fspath(path)
    fh, size = open_regular(name, InputError, "an IDX file")
    with fh:
        stream, zipped = _open_idx(fh)
        try:
            magic = stream.read(4)
        except (OSError, EOFError, zlib.error) as e:
            raise InputError(f"{name}: a corrupted or truncated gzip file ({e})") from None
        if len(magic) < 4 or magic[:2] != b"\x00\x00" or magic[2] not in _TYPES:
            raise InputError(f"{name} is not an IDX file (its first bytes are {magic!r})")
        dtype, ndim = _TYPES[magic[2]], magic[3]
        shape = tuple(int(d) for d in np.frombuffer(_read(stream, 4 * ndim, name), dtype=">u4"))
        count = int(np.prod(shape, dtype=object))
        nbytes, head = count * dtype.itemsize, 4 + 4 * ndim
        promise = f"{name}: the IDX header promises shape {shape} ({nbytes} bytes of data)"
        if zipped and nbytes > size * _GZIP_RATIO:
            raise InputError(
                f"{promise}, more than a gzip file of {size} bytes can hold ({size * _GZIP_RATIO})"
            )
        if not zipped and nbytes != size - head:
            raise InputError(f"{promise} but the file holds {size - head} bytes")
        data = np.frombuffer(_read(stream, nbytes, name), dtype=dtype) if count else None
        if zipped and _read_rest(stream, name):
            raise InputError(f"{name}: data past the {nbytes} bytes the IDX header promises")
    if data is None:
        return np.zeros(shape, dtype=dtype.newbyteorder("="))
    return data.astype(dtype.newbyteorder("="), copy=True).reshape(shape)


def _read_rest(stream: IO[bytes], name: str) -> bool:
    """Whether anything follows (reading to the end checks the gzip stream's CRC)."""
    try:
        return bool(stream.read(1))
    except (OSError, EOFError, zlib.error) as e:
        raise InputError(f"{name}: a corrupted or truncated gzip file ({e})") from None


def write_idx(array: np.ndarray, path: str | os.PathLike, compress: bool | None = None) -> None:
    """Write ``array`` as an IDX file (gzipped when ``compress``, default: the name ends .gz)."""
    a = np.asarray(array)
    code = next(
        (c for c, t in _TYPES.items() if t.newbyteorder("=") == a.dtype.newbyteorder("=")), None
    )
    if code is None:
        raise TypeError(
            f"IDX can't store dtype {a.dtype}; use uint8, int8, int16, int32, float32 or float64"
        )
    header = bytes([0, 0, code, a.ndim]) + np.asarray(a.shape, dtype=">i4").tobytes()
    raw = header + a.astype(_TYPES[code], copy=False).tobytes()
    if compress if compress is not None else os.fspath(path).endswith(".gz"):
        raw = gzip.compress(raw)
    with open(path, "wb") as f:
        f.write(raw)
