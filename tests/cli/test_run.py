"""``neuralgrad run SCRIPT [ARGS...]``: a script runs as ``__main__`` with ``torch`` resolving
to neuralgrad, its own argv, exit status and tracebacks."""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import sys
    import torch
    import torch.nn as nn
    from helper import greeting

    print(greeting(), __name__, sys.argv[1:], torch.__name__, nn.Linear(2, 3).weight.shape)

    def fail():
        raise ValueError("boom")

    if sys.argv[1:] == ["fail"]:
        fail()
    if sys.argv[1:] == ["exit", "text"]:
        sys.exit("stopped early")
    if sys.argv[1:] == ["exit", "4"]:
        sys.exit(4)
    """
)


def _run(tmp_path, *args, module=True):
    (tmp_path / "script.py").write_text(SCRIPT)
    (tmp_path / "helper.py").write_text("def greeting():\n    return 'hello'\n")
    cmd = [sys.executable, "-m", "neuralgrad", "run", str(tmp_path / "script.py"), *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd="/")


def test_runs_as_main_with_its_argv_and_folder(tmp_path):
    out = _run(tmp_path, "--epochs", "3", "-h")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == (
        "hello __main__ ['--epochs', '3', '-h'] neuralgrad torch.Size([3, 2])"
    )


def test_exit_status_and_traceback_as_python_gives_them(tmp_path):
    out = _run(tmp_path, "fail")
    assert out.returncode == 1
    err = out.stderr.splitlines()
    assert err[0] == "Traceback (most recent call last):" and err[-1] == "ValueError: boom"
    assert "runpy" not in out.stderr and "neuralgrad/cli" not in out.stderr
    assert f'File "{tmp_path / "script.py"}", line' in out.stderr
    text = _run(tmp_path, "exit", "text")
    assert (text.returncode, text.stderr.strip()) == (1, "stopped early")
    assert _run(tmp_path, "exit", "4").returncode == 4


def test_a_missing_script_is_a_usage_error(tmp_path):
    cmd = [sys.executable, "-m", "neuralgrad", "run", str(tmp_path / "nope.py")]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert out.returncode == 2 and "can't open file" in out.stderr and "Traceback" not in out.stderr
