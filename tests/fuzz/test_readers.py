"""Fuzzing the data readers: seeded byte edits of a CSV file (through ``load_csv``) and of IDX
files, plain and gzipped (through ``read_idx``). Each case must read or raise ``InputError``
naming the file; a gzip or IDX header never makes the reader allocate past what the file can
hold (traced peak memory stays under 200 MB for these inputs of a few kB)."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from neuralgrad.datasets import load_csv, read_idx, write_idx
from neuralgrad.errors import InputError
from scale import trials

from .mutate import mutate_bytes

PEAK_LIMIT = 200 * 2**20


def _csv() -> bytes:
    g = np.random.default_rng(0)
    rows = [
        f"{a:.3f},{b:.3f},{c},{lab}\n"
        for a, b, c, lab in zip(
            g.normal(size=40), g.normal(size=40), g.choice(["red", "blue"], 40), np.arange(40) % 3
        )
    ]
    return ("x1,x2,colour,label\n" + "".join(rows)).encode()


def _idx(folder: Path, compress: bool) -> bytes:
    path = folder / ("original.idx.gz" if compress else "original.idx")
    write_idx(np.arange(6 * 5 * 4, dtype=np.uint8).reshape(6, 5, 4), path, compress)
    return path.read_bytes()


def _traced(fn) -> int:
    """Peak traced memory of ``fn()`` above where it started."""
    tracemalloc.reset_peak()
    before = tracemalloc.get_traced_memory()[0]
    fn()
    return tracemalloc.get_traced_memory()[1] - before


def run_fuzz(n: int, seed: int, folder: Path) -> dict[str, int]:
    pytest.importorskip("pandas")
    originals = {
        "data.csv": _csv(),
        "images.idx": _idx(folder, False),
        "images.idx.gz": _idx(folder, True),
    }
    r = np.random.default_rng(seed)
    counts = {"read": 0, "refused": 0, "peak": 0}
    tracemalloc.start()
    try:
        for case in range(n):
            name = list(originals)[case % len(originals)]
            path = folder / name
            path.write_bytes(mutate_bytes(originals[name], r))

            def read():
                if name.endswith(".csv"):
                    load_csv(path, "label", onehot=True)
                else:
                    read_idx(path)

            try:
                peak = _traced(read)
                counts["read"] += 1
            except InputError as e:
                assert str(path) in str(e), f"case {case} (seed {seed}): {e}"
                peak = tracemalloc.get_traced_memory()[1]
                counts["refused"] += 1
            except Exception as e:
                raise AssertionError(f"case {case} (seed {seed}, {name}): {e!r}") from e
            counts["peak"] = max(counts["peak"], peak)
    finally:
        tracemalloc.stop()
    return counts


def test_mutated_csv_and_idx_files_read_or_raise_input_error(tmp_path: Path) -> None:
    counts = run_fuzz(trials(150, 3_000), seed=14, folder=tmp_path)
    assert counts["refused"] > 0 and counts["read"] > 0
    assert counts["peak"] < PEAK_LIMIT, counts
