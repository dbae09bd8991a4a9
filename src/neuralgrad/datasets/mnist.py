"""MNIST and Fashion-MNIST from their official IDX files, downloaded once into a cache
directory and checked against their published SHA-256 sums.

Nothing ships with neuralgrad; without a network, put the four ``.gz`` files (or their
uncompressed forms) in ``root`` yourself. MNIST: Y. LeCun, C. Cortes, C. J. C. Burges.
Fashion-MNIST: H. Xiao, K. Rasul, R. Vollgraf (Zalando Research, MIT licence).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from ..errors import InputError
from . import download as _download
from .idx import read_idx

__all__ = ["load_mnist", "load_fashion_mnist", "SOURCES", "FASHION_MNIST_CLASSES"]

# The SHA-256 sums of the official .gz files (as TensorFlow Datasets and torchvision's mirrors
# serve them). A file name missing here can still be checked with ``checksums=``.
SOURCES: dict[str, dict] = {
    "mnist": {
        "mirrors": [
            "https://ossci-datasets.s3.amazonaws.com/mnist/",
            "https://storage.googleapis.com/cvdf-datasets/mnist/",
        ],
        "sha256": {
            "train-images-idx3-ubyte.gz": "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
            "train-labels-idx1-ubyte.gz": "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
            "t10k-images-idx3-ubyte.gz": "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
            "t10k-labels-idx1-ubyte.gz": "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
        },
    },
    "fashion-mnist": {
        "mirrors": ["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"],
        "sha256": {
            "train-images-idx3-ubyte.gz": "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
            "train-labels-idx1-ubyte.gz": "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
            "t10k-images-idx3-ubyte.gz": "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
            "t10k-labels-idx1-ubyte.gz": "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
        },
    },
}

FASHION_MNIST_CLASSES = (
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
)


def _locate(
    name: str, folder: Path, source: dict, download: bool, checksums: dict[str, str]
) -> Path:
    """The path of ``name`` (gzipped or not) in ``folder``, verified, downloading it if
    missing and ``download`` is set."""
    gz, plain = folder / f"{name}.gz", folder / name
    urls = [m + gz.name for m in source["mirrors"]]
    expected = checksums.get(gz.name, source["sha256"].get(gz.name))
    if gz.exists():
        if expected is not None:
            _download.verify_sha256(gz, expected)
        return gz
    if plain.exists():  # unpacked by the user: checkable only against a sum they give
        if plain.name in checksums:
            _download.verify_sha256(plain, checksums[plain.name])
        return plain
    if not download:
        raise FileNotFoundError(
            f"{gz} not found and download=False; fetch it from {urls[0]} "
            f"into {folder}, or pass download=True"
        )
    return _download.download(urls, gz, expected)


def _load(
    dataset: str,
    root: str | os.PathLike | None,
    train: bool,
    download: bool,
    checksums: dict[str, str] | None,
    flatten: bool,
) -> tuple[np.ndarray, np.ndarray]:
    source = SOURCES[dataset]
    folder = Path(root) if root is not None else _download.cache_dir(dataset)
    prefix = "train" if train else "t10k"
    paths = [
        _locate(f"{prefix}-{kind}", folder, source, download, checksums or {})
        for kind in ("images-idx3-ubyte", "labels-idx1-ubyte")
    ]
    images, labels = read_idx(paths[0]), read_idx(paths[1])
    if images.ndim != 3 or labels.ndim != 1 or len(images) != len(labels):
        raise InputError(
            f"{paths[0]} and {paths[1]} don't match: images of shape "
            f"{images.shape} (expected (N, rows, cols)), labels of shape "
            f"{labels.shape} (expected (N,))"
        )
    X = images.reshape(len(images), -1) if flatten else images
    return X.astype(np.float32), labels.astype(np.int64)


def load_mnist(
    root: str | os.PathLike | None = None,
    train: bool = True,
    download: bool = True,
    checksums: dict[str, str] | None = None,
    flatten: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """MNIST's 60,000 training (``train=True``) or 10,000 test handwritten digits.

    Returns ``X`` float32 with pixel values 0..255, of shape (N, 784) (``flatten``) or
    (N, 28, 28), and ``y`` int64 digits 0..9. ``root``: the folder holding the files (default:
    the cache directory, see ``download.cache_dir``). ``checksums``: SHA-256 sums by file name,
    overriding the published ones (e.g. for your own mirror's files).
    """
    return _load("mnist", root, train, download, checksums, flatten)


def load_fashion_mnist(
    root: str | os.PathLike | None = None,
    train: bool = True,
    download: bool = True,
    checksums: dict[str, str] | None = None,
    flatten: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """Fashion-MNIST (Zalando's clothing images, same format as MNIST); class ``i`` is
    ``FASHION_MNIST_CLASSES[i]``. Arguments as ``load_mnist``."""
    return _load("fashion-mnist", root, train, download, checksums, flatten)
