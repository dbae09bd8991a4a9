"""Coverage-guided fuzzing of the readers with atheris (libFuzzer for Python), where it is
installed: ``python tests/fuzz/coverage_guided.py TARGET [libFuzzer flags]``, TARGET one of
``model`` (``neuralgrad.load``), ``idx`` (``read_idx``, plain or gzipped) or ``csv``
(``load_csv``). It starts from valid files (its seed corpus) and grows inputs toward new
branches of neuralgrad's code; an input that raises anything but the library's own error, or
pushes the process past ``-rss_limit_mb``, is a crash that atheris saves for replay.

Examples: ``-atheris_runs=100000`` (stop after that many inputs), ``-max_total_time=600``."""

from __future__ import annotations

import io
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import atheris
import numpy as np

with atheris.instrument_imports(include=["neuralgrad"]):
    import neuralgrad as ng
    from neuralgrad.datasets import load_csv, read_idx, write_idx
    from neuralgrad.errors import InputError

SCRATCH = Path(tempfile.mkdtemp(prefix="neuralgrad-fuzz-"))


def _through_file(suffix: str, read: Callable[[Path], object]) -> Callable[[bytes], None]:
    """A target that writes the input to a file named ``*suffix`` and reads it with ``read``."""
    path = SCRATCH / f"input{suffix}"

    def target(data: bytes) -> None:
        path.write_bytes(data)
        try:
            read(path)
        except InputError:
            pass

    return target


def _load(data: bytes) -> None:
    try:
        ng.load(io.BytesIO(data))
    except InputError:  # SerializationError is one
        pass


TARGETS: dict[str, Callable[[bytes], None]] = {
    "model": _load,
    "idx": _through_file(".idx.gz", read_idx),  # the reader tells gzip from plain by content
    "csv": _through_file(".csv", lambda p: load_csv(p, target="label")),
}


def write_seeds(target: str, folder: Path) -> None:
    """Valid inputs for ``target`` in ``folder``: where the fuzzer starts."""
    folder.mkdir(parents=True, exist_ok=True)
    if target == "model":
        ng.manual_seed(0)
        model = ng.nn.Sequential(ng.nn.Linear(4, 3), ng.nn.BatchNorm1d(3))
        ng.save(model.state_dict(), folder / "state.ng")
        ng.save({"a": [1, (2.5, None)], "t": ng.arange(3)}, folder / "nested.ng")
    elif target == "idx":
        images = np.arange(3 * 4 * 2, dtype=np.uint8).reshape(3, 4, 2)
        write_idx(images, folder / "plain.idx", compress=False)
        write_idx(images, folder / "packed.idx.gz", compress=True)
    else:
        rows = "".join(f"{i / 7:.3f},{'ab'[i % 2]},{i % 3}\n" for i in range(12))
        (folder / "table.csv").write_text("x,colour,label\n" + rows)


def main(argv: list[str]) -> None:
    if len(argv) < 2 or argv[1] not in TARGETS:
        sys.exit(f"usage: {argv[0]} {{{','.join(TARGETS)}}} [libFuzzer flags]")
    target = argv[1]
    seeds = SCRATCH / "seeds"
    write_seeds(target, seeds)
    flags = [a for a in argv[2:] if a.startswith("-")]
    corpora = [a for a in argv[2:] if not a.startswith("-")] or [str(seeds)]
    if str(seeds) not in corpora:
        corpora.append(str(seeds))
    np.seterr(all="ignore")  # values in fuzzed files may overflow when read; not an error
    atheris.Setup([argv[0], *flags, *corpora], TARGETS[target])
    atheris.Fuzz()


if __name__ == "__main__":
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    main(sys.argv)
