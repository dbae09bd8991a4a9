"""The documentation site's how-to pages run as written, and its API reference covers every
public module: each page's Python blocks run (a block whose first line is ``# NAME.py`` is
written to that file instead, for the commands to use), then its ``neuralgrad`` commands run
in order in the same folder and exit 0."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

import neuralgrad

DOCS = Path(__file__).resolve().parents[1] / "docs"
HOW_TO = sorted((DOCS / "how-to").glob("*.md"))
COMMAND = re.compile(r"^    ((?:python -m )?neuralgrad .*)$", re.M)
FENCED_PYTHON = re.compile(r"```python\n(.*?)```", re.S)


def _python(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    threads = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MPLBACKEND": "Agg"}
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env={**os.environ, **threads},
        capture_output=True,
        text=True,
        timeout=600,
    )


def page_commands(text: str) -> list[list[str]]:
    """The indented ``neuralgrad ...`` / ``python -m neuralgrad ...`` lines of a page, outside
    fenced blocks, as argument lists for ``python -m neuralgrad``."""
    outside = FENCED_PYTHON.sub("", text)
    commands = []
    for line in COMMAND.findall(outside):
        words = shlex.split(line, comments=True)
        commands.append(words[3:] if words[0] == "python" else words[1:])
    return commands


def test_commands_are_found_outside_code_and_without_comments():
    text = "    neuralgrad train digits   # a comment\n```python\n    neuralgrad no\n```\n"
    text += "    python -m neuralgrad run a.py --epochs 1\n    ng.train()\n"
    assert page_commands(text) == [["train", "digits"], ["run", "a.py", "--epochs", "1"]]


@pytest.mark.parametrize("page", HOW_TO, ids=lambda p: p.stem)
def test_how_to_page_runs_as_written(page: Path, tmp_path: Path):
    text = page.read_text(encoding="utf-8")
    blocks, commands = FENCED_PYTHON.findall(text), page_commands(text)
    if not blocks and not commands:
        pytest.skip("nothing to run on this page")
    needs = {"estimators": "sklearn", "search": "sklearn", "cli": "pandas"}
    if page.stem in needs:
        pytest.importorskip(needs[page.stem])
    session = []  # the page's blocks run in order in one interpreter, as a reader runs them
    for k, block in enumerate(blocks):
        first = block.splitlines()[0]
        if re.fullmatch(r"# [\w.-]+\.py", first):
            (tmp_path / first[2:]).write_text(block, encoding="utf-8")
        else:
            session.append(f"exec(compile({block!r}, '{page.name} block {k}', 'exec'))")
    if session:
        done = _python(["-c", "\n".join(session)], tmp_path)
        assert done.returncode == 0, f"{page.name}:\n{done.stderr[-3000:]}"
    for args in commands:
        done = _python(["-m", "neuralgrad", *args], tmp_path)
        assert done.returncode == 0, f"{page.name}: neuralgrad {shlex.join(args)}\n{done.stderr}"


def _referenced(with_members: bool = False) -> set[str]:
    """The modules and names with a ``::: name`` entry in the reference (only those whose
    members are documented, with ``with_members``)."""
    names = set()
    for page in (DOCS / "reference").glob("*.md"):
        text = page.read_text(encoding="utf-8")
        for m in re.finditer(r"^::: (\S+)\n((?:    .*\n)*)", text + "\n", re.M):
            if not (with_members and "members: false" in m.group(2)):
                names.add(m.group(1))
    return names


def _public_modules() -> list[str]:
    import pkgutil

    found = []
    for info in pkgutil.walk_packages(neuralgrad.__path__, "neuralgrad."):
        parts = info.name.split(".")
        # the command line is documented by --help and its how-to page
        if parts[1] != "cli" and not any(p.startswith("_") for p in parts):
            found.append(info.name)
    return found


def test_the_reference_covers_every_public_module():
    """A module is covered when it, or a package above it that re-exports its names, has a
    ``:::`` entry in docs/reference/."""
    listed, with_members = _referenced(), _referenced(with_members=True)

    def covered(name: str) -> bool:
        parts = name.split(".")
        return name in listed or any(
            ".".join(parts[:k]) in with_members for k in range(2, len(parts))
        )

    missing = [m for m in _public_modules() if not covered(m)]
    assert not missing, f"not in docs/reference/: {missing}"


def test_the_reference_documents_the_top_level_additions():
    referenced = _referenced()
    wanted = {"neuralgrad.set_num_threads", "neuralgrad.install_as_torch", "neuralgrad.cuda"}
    assert wanted <= referenced


def test_every_reference_page_is_in_the_site_navigation():
    nav = (DOCS.parent / "mkdocs.yml").read_text(encoding="utf-8")
    for page in [*(DOCS / "reference").glob("*.md"), *HOW_TO]:
        assert str(page.relative_to(DOCS)) in nav, page
