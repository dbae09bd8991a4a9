"""The IDX file format of MNIST and Fashion-MNIST: a 4-byte magic (0, 0, type, number of
dimensions), each dimension as a big-endian int32, then the values in row-major order.
``.gz`` files are read transparently (recognised by their content, not their name)."""

from __future__ import annotations

import gzip
import os

import numpy as np

__all__ = ["read_idx", "write_idx"]

_TYPES = {
    0x08: np.dtype(">u1"),
    0x09: np.dtype(">i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}


def read_idx(path: str | os.PathLike) -> np.ndarray:
    """The array stored in an IDX file (optionally gzipped), in native byte order."""
    with open(path, "rb") as f:
        raw = f.read()
    name = os.fspath(path)
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as e:
            raise ValueError(f"{name}: a corrupted or truncated gzip file ({e})") from None
    if len(raw) < 4 or raw[:2] != b"\x00\x00" or raw[2] not in _TYPES:
        raise ValueError(f"{name} is not an IDX file (its first bytes are {raw[:4]!r})")
    dtype, ndim = _TYPES[raw[2]], raw[3]
    head = 4 + 4 * ndim
    if len(raw) < head:
        raise ValueError(f"{name}: the IDX header is truncated")
    shape = tuple(int(d) for d in np.frombuffer(raw, dtype=">i4", count=ndim, offset=4))
    count = int(np.prod(shape, dtype=np.int64))
    if len(raw) - head != count * dtype.itemsize:
        raise ValueError(
            f"{name}: the IDX header promises shape {shape} ({count * dtype.itemsize}"
            f" bytes of data) but the file holds {len(raw) - head} bytes"
        )
    data = np.frombuffer(raw, dtype=dtype, count=count, offset=head)
    return data.astype(dtype.newbyteorder("="), copy=True).reshape(shape)


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
