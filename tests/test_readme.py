"""The README's Python examples run as written (so the front page cannot rot)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def _defined(block: str) -> set[str]:
    """The names a block binds at its top level (assignments, imports, definitions)."""
    names: set[str] = set()
    for node in ast.parse(block).body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        else:
            targets = (
                node.targets
                if isinstance(node, ast.Assign)
                else [node.target]
                if isinstance(node, (ast.AnnAssign, ast.AugAssign, ast.For))
                else [i.optional_vars for i in node.items if i.optional_vars]
                if isinstance(node, ast.With)
                else []
            )
            names |= {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
    return names


def test_readme_has_examples() -> None:
    assert len(BLOCKS) >= 2


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_readme_example_runs(
    index: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    """Each block runs to its end: every name it binds is bound, and what it prints appears."""
    monkeypatch.chdir(tmp_path)  # examples may write files (checkpoints)
    block = BLOCKS[index]
    namespace: dict = {}
    exec(compile(block, f"README block {index}", "exec"), namespace)  # noqa: S102
    missing = _defined(block) - namespace.keys()
    assert not missing, f"README block {index} did not bind {sorted(missing)}"
    printed = capsys.readouterr().out
    assert ("print(" not in block) or printed.strip(), f"README block {index} printed nothing"
