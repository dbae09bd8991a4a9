"""IDX files and the MNIST / Fashion-MNIST loaders, on small IDX files the tests write: format
details, SHA-256 verification (a corrupted file is rejected), the cached download (the
network replaced by a fake ``_fetch``), atomic placement, and the offline message."""

from __future__ import annotations

import gzip
import re
import urllib.error
from pathlib import Path

import numpy as np
import pytest

from neuralgrad.datasets import (
    ChecksumError,
    DownloadError,
    load_fashion_mnist,
    load_mnist,
    read_idx,
    sha256sum,
    write_idx,
)
from neuralgrad.datasets import download as dl
from neuralgrad.datasets.mnist import SOURCES
from neuralgrad.errors import InputError

NAMES = [
    "train-images-idx3-ubyte.gz",
    "train-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
]


def _small_set(folder: Path, n: int = 12, seed: int = 0) -> dict[str, np.ndarray]:
    """Write MNIST-shaped train and test files with ``n`` images each; return the arrays."""
    g = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    arrays = {}
    for prefix in ("train", "t10k"):
        arrays[f"{prefix}-images"] = g.integers(0, 256, size=(n, 28, 28), dtype=np.uint8)
        arrays[f"{prefix}-labels"] = g.integers(0, 10, size=n, dtype=np.uint8)
        write_idx(arrays[f"{prefix}-images"], folder / f"{prefix}-images-idx3-ubyte.gz")
        write_idx(arrays[f"{prefix}-labels"], folder / f"{prefix}-labels-idx1-ubyte.gz")
    return arrays


def _sums(folder: Path) -> dict[str, str]:
    return {name: sha256sum(folder / name) for name in NAMES if (folder / name).exists()}


def test_read_idx_hand_made_bytes(tmp_path):
    raw = b"\x00\x00\x08\x02" + (2).to_bytes(4, "big") + (3).to_bytes(4, "big") + bytes(range(6))
    (tmp_path / "a.idx").write_bytes(raw)
    a = read_idx(tmp_path / "a.idx")
    assert a.dtype == np.uint8 and a.tolist() == [[0, 1, 2], [3, 4, 5]]
    (tmp_path / "a.idx.gz").write_bytes(gzip.compress(raw))
    np.testing.assert_array_equal(read_idx(tmp_path / "a.idx.gz"), a)
    big_endian = (
        b"\x00\x00\x0c\x01"
        + (2).to_bytes(4, "big")
        + (1).to_bytes(4, "big")
        + (-2).to_bytes(4, "big", signed=True)
    )
    (tmp_path / "b.idx").write_bytes(big_endian)
    assert read_idx(tmp_path / "b.idx").tolist() == [1, -2]


@pytest.mark.parametrize("dtype", [np.uint8, np.int8, np.int16, np.int32, np.float32, np.float64])
@pytest.mark.parametrize("name", ["x.idx", "x.idx.gz"])
def test_write_read_round_trip(tmp_path, dtype, name):
    a = (np.arange(60).reshape(3, 4, 5) - 20).astype(dtype)
    if dtype == np.uint8:
        a = np.arange(60, dtype=np.uint8).reshape(3, 4, 5)
    write_idx(a, tmp_path / name)
    b = read_idx(tmp_path / name)
    assert b.dtype == a.dtype and b.dtype.isnative
    np.testing.assert_array_equal(a, b)


def test_read_idx_rejects_bad_files(tmp_path):
    (tmp_path / "text.idx").write_bytes(b"hello world")
    with pytest.raises(ValueError, match="not an IDX file"):
        read_idx(tmp_path / "text.idx")
    write_idx(np.zeros((4, 5), np.uint8), tmp_path / "cut.idx")
    (tmp_path / "cut.idx").write_bytes((tmp_path / "cut.idx").read_bytes()[:-3])
    with pytest.raises(ValueError, match=r"promises shape \(4, 5\) \(20 bytes.*holds 17"):
        read_idx(tmp_path / "cut.idx")
    write_idx(np.zeros((4, 5), np.uint8), tmp_path / "cut.idx.gz")
    (tmp_path / "cut.idx.gz").write_bytes((tmp_path / "cut.idx.gz").read_bytes()[:-6])
    with pytest.raises(ValueError, match="corrupted or truncated gzip"):
        read_idx(tmp_path / "cut.idx.gz")
    with pytest.raises(TypeError, match="can't store dtype int64"):
        write_idx(np.zeros(3, np.int64), tmp_path / "x.idx")


def _header(shape):
    return bytes([0, 0, 8, len(shape)]) + np.asarray(shape, ">u4").tobytes()


def test_read_idx_is_bounded_by_the_file(tmp_path):
    """A small gzip file never makes the reader allocate what its header or stream claims: a
    header promising more than the file can hold is refused first, and a stream longer than
    the header says is decompressed no further (the file had 200 MB of zeros past it)."""
    import tracemalloc

    liar = tmp_path / "liar.idx"  # not named .gz: told by its content
    liar.write_bytes(gzip.compress(_header((60000, 280, 280)) + bytes(1000)))
    bomb = tmp_path / "bomb.idx"
    bomb.write_bytes(gzip.compress(_header((100, 28, 28)) + bytes(200_000_000), 9))
    assert bomb.stat().st_size < 1_000_000
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match="more than a gzip file of .* can hold"):
            read_idx(liar)
        with pytest.raises(InputError, match="data past the 78400 bytes"):
            read_idx(bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20_000_000
    with pytest.raises(InputError, match="is a directory, not an IDX file"):
        read_idx(tmp_path)
    with pytest.raises(InputError, match="no such file"):
        read_idx(tmp_path / "absent.idx")


def test_load_from_local_files_with_given_sums(tmp_path):
    arrays = _small_set(tmp_path)
    X, y = load_mnist(tmp_path, train=True, download=False, checksums=_sums(tmp_path))
    assert X.shape == (12, 784) and X.dtype == np.float32
    assert y.dtype == np.int64
    np.testing.assert_array_equal(X, arrays["train-images"].reshape(12, -1))
    np.testing.assert_array_equal(y, arrays["train-labels"])
    Xt, yt = load_mnist(
        tmp_path, train=False, download=False, checksums=_sums(tmp_path), flatten=False
    )
    assert Xt.shape == (12, 28, 28)
    np.testing.assert_array_equal(yt, arrays["t10k-labels"])


def test_published_sums_reject_other_files(tmp_path):
    """Without a user-supplied sum, the files must be the official ones."""
    _small_set(tmp_path)
    with pytest.raises(
        ChecksumError, match="train-images-idx3-ubyte.gz has SHA-256 .*expected 440fcabf"
    ):
        load_mnist(tmp_path, download=False)
    for table in SOURCES.values():
        assert set(table["sha256"]) == set(NAMES)
        assert all(re.fullmatch("[0-9a-f]{64}", s) for s in table["sha256"].values())


def test_corrupted_file_is_rejected(tmp_path):
    _small_set(tmp_path)
    sums = _sums(tmp_path)
    path = tmp_path / "train-labels-idx1-ubyte.gz"
    raw = bytearray(path.read_bytes())
    raw[-10] ^= 0xFF
    path.write_bytes(bytes(raw))
    with pytest.raises(ChecksumError, match="train-labels-idx1-ubyte.gz.*corrupted"):
        load_mnist(tmp_path, download=False, checksums=sums)


def test_unpacked_files_are_accepted(tmp_path):
    arrays = _small_set(tmp_path / "gz")
    for name in NAMES:
        raw = gzip.decompress((tmp_path / "gz" / name).read_bytes())
        (tmp_path / name.removesuffix(".gz")).write_bytes(raw)
    X, y = load_mnist(tmp_path, download=False)
    np.testing.assert_array_equal(y, arrays["train-labels"])
    sums = {"train-images-idx3-ubyte": "0" * 64}
    with pytest.raises(ChecksumError):
        load_mnist(tmp_path, download=False, checksums=sums)


def test_missing_files_without_download(tmp_path):
    with pytest.raises(FileNotFoundError, match="download=False.*ossci-datasets"):
        load_mnist(tmp_path, download=False)


def test_mismatched_images_and_labels(tmp_path):
    _small_set(tmp_path)
    write_idx(np.zeros(5, np.uint8), tmp_path / "train-labels-idx1-ubyte.gz")
    with pytest.raises(ValueError, match="don't match"):
        load_mnist(tmp_path, download=False, checksums=_sums(tmp_path))


def test_offline_download_names_url_and_cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("NEURALGRAD_DATA", str(tmp_path / "cache"))
    calls = []

    def offline(url, dest):
        calls.append(url)
        raise urllib.error.URLError("[Errno -3] Temporary failure in name resolution")

    monkeypatch.setattr(dl, "_fetch", offline)
    with pytest.raises(DownloadError) as info:
        load_mnist()
    msg = str(info.value)
    assert "https://ossci-datasets.s3.amazonaws.com/mnist/train-images-idx3-ubyte.gz" in msg
    assert "https://storage.googleapis.com/cvdf-datasets/mnist/train-images-idx3-ubyte.gz" in msg
    assert str(tmp_path / "cache" / "mnist") in msg and "No network?" in msg
    assert "name resolution" in msg
    assert len(calls) == 2  # each mirror tried once
    assert list((tmp_path / "cache" / "mnist").iterdir()) == []  # no partial files left
    with pytest.raises(DownloadError, match="fashion-mnist.s3-website"):
        load_fashion_mnist()


def _serve(monkeypatch, files: dict[str, bytes]) -> list[str]:
    """Replace the network by ``files`` (by file name); return the URLs fetched."""
    fetched = []

    def fetch(url, dest):
        fetched.append(url)
        dest.write_bytes(files[url.rsplit("/", 1)[1]])

    monkeypatch.setattr(dl, "_fetch", fetch)
    return fetched


def test_download_into_cache_then_reuse(tmp_path, monkeypatch):
    arrays = _small_set(tmp_path / "server")
    files = {n: (tmp_path / "server" / n).read_bytes() for n in NAMES}
    sums = _sums(tmp_path / "server")
    monkeypatch.setenv("NEURALGRAD_DATA", str(tmp_path / "cache"))
    fetched = _serve(monkeypatch, files)
    X, y = load_fashion_mnist(train=False, checksums=sums)
    np.testing.assert_array_equal(y, arrays["t10k-labels"])
    assert fetched == [
        "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/t10k-images-idx3-ubyte.gz",
        "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/t10k-labels-idx1-ubyte.gz",
    ]
    cached = sorted(p.name for p in (tmp_path / "cache" / "fashion-mnist").iterdir())
    assert cached == ["t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"]
    load_fashion_mnist(train=False, checksums=sums)
    assert len(fetched) == 2  # the second call reads the cache


def test_corrupted_download_never_lands_in_cache(tmp_path, monkeypatch):
    _small_set(tmp_path / "server")
    sums = _sums(tmp_path / "server")
    files = {n: (tmp_path / "server" / n).read_bytes() for n in NAMES}
    files["train-images-idx3-ubyte.gz"] = files["train-images-idx3-ubyte.gz"][:-100]
    _serve(monkeypatch, files)
    with pytest.raises(DownloadError, match="SHA-256"):
        load_mnist(tmp_path / "cache", checksums=sums)
    assert not (tmp_path / "cache" / "train-images-idx3-ubyte.gz").exists()
    assert [p.name for p in (tmp_path / "cache").iterdir()] == []


def test_second_mirror_used_when_first_fails(tmp_path, monkeypatch):
    _small_set(tmp_path / "server")
    sums = _sums(tmp_path / "server")
    files = {n: (tmp_path / "server" / n).read_bytes() for n in NAMES}
    fetched = []

    def flaky(url, dest):
        fetched.append(url)
        if "ossci" in url:
            raise TimeoutError("timed out")
        dest.write_bytes(files[url.rsplit("/", 1)[1]])

    monkeypatch.setattr(dl, "_fetch", flaky)
    load_mnist(tmp_path / "cache", checksums=sums)
    assert [u.split("/")[2] for u in fetched] == [
        "ossci-datasets.s3.amazonaws.com",
        "storage.googleapis.com",
    ] * 2


def test_cache_dir_default(monkeypatch):
    monkeypatch.delenv("NEURALGRAD_DATA", raising=False)
    assert dl.cache_dir("mnist") == Path.home() / ".cache" / "neuralgrad" / "mnist"
