"""Every public name has a docstring: each public module and each function or class in its
``__all__`` (the API reference of the documentation site is generated from them)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import neuralgrad


def _public_modules() -> list:
    names = ["neuralgrad"]
    for info in pkgutil.walk_packages(neuralgrad.__path__, "neuralgrad."):
        # the command line's modules are documented by `--help` and the CLI page, not as an API
        if info.name.startswith("neuralgrad.cli."):
            continue
        if not any(part.startswith("_") for part in info.name.split(".")):
            names.append(info.name)
    return [importlib.import_module(n) for n in names if "__main__" not in n]


def _undocumented() -> list[str]:
    missing = []
    for mod in _public_modules():
        if not (mod.__doc__ or "").strip():
            missing.append(mod.__name__)
        for name in getattr(mod, "__all__", ()):
            obj = getattr(mod, name, None)
            if not (inspect.isfunction(obj) or inspect.isclass(obj)):
                continue
            if not (inspect.getdoc(obj) or "").strip():
                missing.append(f"{mod.__name__}.{name}")
    return sorted(set(missing))


def test_every_public_name_has_a_docstring():
    missing = _undocumented()
    assert not missing, f"{len(missing)} public names lack a docstring: {missing}"
