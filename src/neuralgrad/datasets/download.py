"""Cached downloads with SHA-256 verification, for data sets too large to ship.

Files go to a cache directory (``$NEURALGRAD_DATA``, else ``~/.cache/neuralgrad``), are written
under a temporary name and renamed into place only after their SHA-256 sum matches, so a
crash or a corrupted transfer never leaves a bad file that later loads. Without a network the
error names the URLs and the directory to put the files in by hand.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Sequence
from pathlib import Path

from ..errors import InputError

__all__ = ["cache_dir", "sha256sum", "verify_sha256", "download", "ChecksumError", "DownloadError"]


class ChecksumError(InputError):
    """A file whose SHA-256 sum is not the expected one (corrupted, truncated or replaced)."""


class DownloadError(ConnectionError):
    """A file that could not be fetched from any of its URLs (e.g. no network)."""


def cache_dir(name: str = "") -> Path:
    """Where downloads are kept: ``$NEURALGRAD_DATA/name`` or ``~/.cache/neuralgrad/name``."""
    root = os.environ.get("NEURALGRAD_DATA") or Path.home() / ".cache" / "neuralgrad"
    return Path(root) / name


def sha256sum(path: str | os.PathLike) -> str:
    """The file's SHA-256 as 64 hex digits."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def verify_sha256(path: str | os.PathLike, expected: str) -> None:
    """Raise ``ChecksumError`` unless the file's SHA-256 is ``expected``."""
    got = sha256sum(path)
    if got != expected.lower():
        raise ChecksumError(
            f"{os.fspath(path)} has SHA-256 {got}, expected {expected}: the file "
            "is corrupted or not the expected one; delete it and download again"
        )


def _fetch(url: str, dest: Path) -> None:
    """Copy ``url`` to ``dest`` (the one place that touches the network)."""
    import shutil
    import urllib.request

    with urllib.request.urlopen(url, timeout=60) as response, open(dest, "wb") as f:
        shutil.copyfileobj(response, f, 1 << 20)


def download(urls: Sequence[str], dest: str | os.PathLike, sha256: str | None) -> Path:
    """Fetch ``dest`` from the first of ``urls`` that works, checking ``sha256`` (if given)
    before the file takes its final name. Raises ``DownloadError`` naming every URL tried, the
    reasons and the directory to place the file in by hand."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    reasons = []
    for url in urls:
        part = dest.with_name(f"{dest.name}.{secrets.token_hex(4)}.part")
        try:
            _fetch(url, part)
            if sha256 is not None:
                verify_sha256(part, sha256)
            os.replace(part, dest)
            return dest
        except (OSError, ChecksumError) as e:  # URLError and timeouts are OSErrors
            reasons.append(f"{url}: {e}")
        finally:
            part.unlink(missing_ok=True)
    tried = "\n  ".join(reasons)
    raise DownloadError(
        f"could not download {dest.name}; tried:\n  {tried}\nNo network? "
        f"Download the file by hand from one of these URLs and put it in "
        f"{dest.parent} (the cache directory; set NEURALGRAD_DATA or pass "
        "root= to use another)."
    )
