"""The habits the code keeps, checked: which way imports run, where private names may be used,
and that every test asserts something."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "neuralgrad"
TESTS = ROOT / "tests"


def test_the_core_never_imports_the_layers_above_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """pyproject.toml's import-linter contract: _tensor, _backend, _devices, _dtype, _modes,
    random, autograd, ops, nn, optim and utils import nothing from jit, train, cli, tune,
    sklearn, plot or health, directly or through another module, lazily or not."""
    cli = pytest.importorskip("importlinter.cli")
    monkeypatch.chdir(ROOT)
    assert cli.lint_imports() == 0  # the broken contract and its import chain are printed


# ---- private names ---------------------------------------------------------------------------
def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _package_of(module: str) -> str:
    """The package a module's private names belong to: the directory it lives in."""
    path = PACKAGE.parent / module.replace(".", "/")
    return module if (path / "__init__.py").exists() else module.rpartition(".")[0]


def _absolute(importer: str, node: ast.ImportFrom, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = importer.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _is_module(name: str) -> bool:
    path = PACKAGE.parent / name.replace(".", "/")
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def _private_uses(path: Path) -> Iterator[tuple[str, str, int]]:
    """(the module a private name comes from, the name, the line) for each private name a
    module takes from another module: ``from m import _x``, and ``m._x`` on a module it
    imported as a name."""
    importer = _module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules: dict[str, str] = {}  # local name -> module it stands for
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            source = _absolute(importer, node, path.name == "__init__.py")
            for alias in node.names:
                local = alias.asname or alias.name
                if _is_module(f"{source}.{alias.name}"):
                    modules[local] = f"{source}.{alias.name}"
                elif _is_private(alias.name):
                    yield source, alias.name, node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    modules[alias.asname] = alias.name
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            source = modules.get(node.value.id)
            if source is not None and _is_private(node.attr) and source.startswith("neuralgrad"):
                yield source, node.attr, node.lineno


def _within(package: str, owner: str) -> bool:
    return package == owner or package.startswith(owner + ".")


def test_private_names_stay_in_their_package() -> None:
    """A name with a leading underscore is private to the package (directory) that defines it:
    only modules of that package and of the packages below it use it. (A private module, such
    as ``_tensor`` or ``_flat``, is imported the same way, for its public names.)"""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        home = _package_of(_module_name(path))
        for source, name, line in _private_uses(path):
            if source.startswith("neuralgrad") and not _within(home, _package_of(source)):
                found.append(f"{path.relative_to(ROOT)}:{line}: {source}.{name}")
    assert not found, "private names used outside their package:\n" + "\n".join(found)


# ---- every test asserts ----------------------------------------------------------------------
# calls that check: pytest.raises/warns/fail, NumPy's assert_*, and checks of other libraries
# (scikit-learn's estimator checks raise when they fail)
_CHECKS = ("assert", "raises", "warns", "deprecated_call", "fail", "check")


def _calls(fn: ast.AST) -> set[str]:
    """The names a function calls (``f(...)``, ``obj.f(...)``), and the context managers it
    enters."""
    out = set()
    for node in ast.walk(fn):
        if isinstance(node, ast.Call):
            f = node.func
            out.add(
                f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
            )
    return out


def _asserts_directly(fn: ast.AST) -> bool:
    """An ``assert`` that can fail (not of a constant), or a call of pytest's or NumPy's
    checks (``pytest.raises``, ``np.testing.assert_allclose``...)."""
    for node in ast.walk(fn):
        if isinstance(node, ast.Assert) and not isinstance(node.test, ast.Constant):
            return True
    return any(name.startswith(_CHECKS) for name in _calls(fn))


def _functions() -> dict[str, list[ast.FunctionDef]]:
    out: dict[str, list[ast.FunctionDef]] = {}
    for path in sorted(TESTS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef):
                out.setdefault(node.name, []).append(node)
    return out


def test_every_test_function_asserts_something() -> None:
    """Each ``test_*`` function asserts (``assert``, ``pytest.raises``/``warns``, a NumPy
    ``assert_*``, a library's ``check``), or calls a helper of the test suite that does."""
    functions = _functions()
    checking = {n for n, defs in functions.items() if any(_asserts_directly(f) for f in defs)}
    grew = True
    while grew:  # helpers that call helpers that assert
        more = {
            n for n, defs in functions.items() if any(_calls(f) & checking for f in defs)
        } - checking
        checking |= more
        grew = bool(more)
    silent = sorted({n for n in functions if n.startswith("test_") and n not in checking})
    assert not silent, f"test functions that assert nothing: {silent}"
