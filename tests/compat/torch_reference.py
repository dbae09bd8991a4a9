"""Runs the compatibility scripts under PyTorch in one process (importing it once) and writes
each one's printed output to OUT_DIR/<name>.txt. Usage: python torch_reference.py OUT_DIR
SCRIPT..."""

from __future__ import annotations

import contextlib
import io
import os
import runpy
import sys
import traceback
from pathlib import Path


def main(out_dir: str, scripts: list[str]) -> None:
    import torch  # noqa: F401  (the reference; imported before any script)

    for script in scripts:
        name = Path(script).stem
        work = Path(out_dir) / name
        work.mkdir(parents=True, exist_ok=True)
        os.chdir(work)
        sys.argv = [script]
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            try:
                runpy.run_path(script, run_name="__main__")
            except BaseException:  # noqa: BLE001 - the comparison will show it
                traceback.print_exc(file=buffer)
        (Path(out_dir) / f"{name}.txt").write_text(buffer.getvalue())


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
