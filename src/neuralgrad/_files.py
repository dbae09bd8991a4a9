"""Opening files to read them bounded by what they hold, and replacing files atomically: the one
place the package's readers (model files, checkpoints, run directories, CSV and IDX files) open a
path, and the one place its writers replace a file.

Reading refuses anything but a regular file before reading a byte (a directory, ``/dev/zero``,
a pipe that would block) with the caller's error type naming the path, and reports the size,
so a reader can check what a header promises against the bytes present before it allocates.
Writing goes through a temporary file next to the target that is renamed over it: a crash
leaves the old file whole, and the next save to that path removes what a killed writer left.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
from typing import IO

try:  # POSIX: a writer holds a lock on its temporary file, so a live one is never removed
    import fcntl
except ImportError:  # Windows: a file that is open can't be deleted, which protects it
    fcntl = None  # type: ignore[assignment]

__all__ = ["open_regular", "read_exactly", "write_all", "write_atomically", "temp_name_pattern"]

_CHUNK = 1 << 26
_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def open_regular(
    path: str | os.PathLike, error: type[Exception], what: str = "a file"
) -> tuple[IO[bytes], int]:
    """``path`` (symbolic links followed) opened for binary reading, and its size in bytes.
    Raises ``error`` naming the path when it is missing or unreadable, or is not a regular file
    (a pipe is opened without waiting for a writer, then refused); ``what`` names what was
    expected ("an IDX file")."""
    name = os.fspath(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(name, flags)
    except FileNotFoundError:
        raise error(f"{name}: no such file") from None
    except OSError as e:  # a loop of symbolic links, no permission, a directory on Windows
        raise error(f"{name}: cannot open it ({e.strerror or e})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = next((k for test, k in _KINDS if test(info.st_mode)), "not a regular file")
            raise error(f"{name} is {kind}, not {what}")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb"), info.st_size
    except BaseException:
        os.close(fd)
        raise


def read_exactly(fh: IO[bytes], n: int, name: str, error: type[Exception]) -> bytearray:
    """The next ``n`` bytes of ``fh`` (a file whose size said they are there); ``error`` if
    the file ends sooner (it shrank while being read)."""
    buf = bytearray(n)
    view, got = memoryview(buf), 0
    while got < n:
        k = fh.readinto(view[got : got + _CHUNK])  # type: ignore[attr-defined]
        if not k:
            raise error(f"{name}: the file ended after {got} of {n} bytes (it changed while read)")
        got += k
    return buf


# ---- writing ---------------------------------------------------------------------------------
def temp_name_pattern(base: str) -> re.Pattern[str]:
    """The names of the temporary files a save to ``base`` makes: ``.BASE.<12 hex>.tmp``."""
    return re.compile(rf"\.{re.escape(base)}\.[0-9a-f]{{12}}\.tmp")


def write_all(fh: IO[bytes], data: bytes | bytearray | memoryview) -> None:
    view = memoryview(data)
    for start in range(0, len(view), _CHUNK):
        fh.write(view[start : start + _CHUNK])


def _lock(fd: int, wait: bool) -> bool:
    """Take the exclusive lock on ``fd`` (True), or report it held elsewhere (False)."""
    if fcntl is None:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    return True


def _remove_stale_temps(directory: str, base: str) -> None:
    """Remove the temporary files of saves to ``base`` whose writers are gone (killed mid-save):
    on POSIX those nobody holds a lock on; on Windows those that are not open."""
    pattern = temp_name_pattern(base)
    with contextlib.suppress(OSError):
        names = [n for n in os.listdir(directory or ".") if pattern.fullmatch(n)]
        for name in names:
            path = os.path.join(directory, name)
            with contextlib.suppress(OSError):
                fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
                try:
                    if _lock(fd, wait=False):
                        os.unlink(path)
                finally:
                    os.close(fd)


def _open_temp(directory: str, base: str) -> tuple[str, int]:
    """A new locked file next to the target (same directory, so ``os.replace`` is atomic)."""
    while True:
        tmp = os.path.join(directory, f".{base}.{secrets.token_hex(6)}.tmp")
        try:
            fd = os.open(
                tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666
            )
        except FileExistsError:
            continue
        _lock(fd, wait=True)
        if os.fstat(fd).st_nlink:
            return tmp, fd
        os.close(fd)  # a cleaner took it for a dead writer's between open and lock: again


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


def write_atomically(path: str | os.PathLike, data: bytes | bytearray | memoryview) -> None:
    """Replace ``path`` by ``data``: write a temporary file, fsync it, rename it over the
    target, fsync the directory. Readers see the old file or the new one, never a part; a
    symbolic link is written through (its target is replaced, as ``torch.save`` does); stale
    temporary files of earlier, interrupted saves to the same target are removed first."""
    target = os.path.realpath(os.fspath(path))
    directory, base = os.path.split(target)
    _remove_stale_temps(directory, base)
    tmp, fd = _open_temp(directory, base)
    try:
        with os.fdopen(fd, "wb") as fh:
            write_all(fh, data)
            fh.flush()
            os.fsync(fh.fileno())
            with contextlib.suppress(OSError):  # keep the permissions of the file replaced
                os.chmod(tmp, stat.S_IMODE(os.stat(target).st_mode))
            if fcntl is not None:  # still locked: no cleaner can take it before the rename
                os.replace(tmp, target)
        if fcntl is None:
            os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(directory)
