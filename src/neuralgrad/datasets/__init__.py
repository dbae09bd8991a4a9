"""Data sets that ship or are generated (nothing is fetched at import or load time except
MNIST's cached download): the 8×8 digits, a 5,000-image MNIST sample, 2-D/1-D teaching sets,
the user's CSV files (read through pandas: ``load_csv``, ``read_table``), and MNIST /
Fashion-MNIST from their IDX files."""

from . import mnist
from .csv import TabularData, infer_task, load_csv
from .digits import digits_split, load_digits
from .download import ChecksumError, DownloadError, cache_dir, sha256sum, verify_sha256
from .idx import read_idx, write_idx
from .mnist import FASHION_MNIST_CLASSES, load_fashion_mnist, load_mnist
from .mnist_sample import MNIST_SHAPE, load_mnist_sample, mnist_sample_split
from .table import Table, read_table
from .toy import (
    make_1d_function,
    make_blobs,
    make_circles,
    make_moons,
    make_regression,
    make_spirals,
    make_xor,
)

__all__ = [
    "load_digits",
    "digits_split",
    "load_mnist_sample",
    "mnist_sample_split",
    "MNIST_SHAPE",
    "make_xor",
    "make_moons",
    "make_circles",
    "make_spirals",
    "make_blobs",
    "make_regression",
    "make_1d_function",
    "load_csv",
    "TabularData",
    "infer_task",
    "read_table",
    "Table",
    "mnist",
    "load_mnist",
    "load_fashion_mnist",
    "FASHION_MNIST_CLASSES",
    "read_idx",
    "write_idx",
    "cache_dir",
    "sha256sum",
    "verify_sha256",
    "ChecksumError",
    "DownloadError",
]
