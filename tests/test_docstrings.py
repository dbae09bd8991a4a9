"""Every public name has a docstring: each public module (the command line's included) and each
function or class in its ``__all__``, and every public attribute and method of ``Tensor`` (the
API reference of the documentation site is generated from them)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import neuralgrad


def _public_modules() -> list:
    names = ["neuralgrad"]
    for info in pkgutil.walk_packages(neuralgrad.__path__, "neuralgrad."):
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


def _own_doc(attr: object) -> str:
    """The docstring ``attr`` has of its own (not its type's: a bare property or slot has that)."""
    if isinstance(attr, (staticmethod, classmethod)):
        attr = attr.__func__
    doc = inspect.getdoc(attr) or ""
    return "" if doc == inspect.getdoc(type(attr)) else doc.strip()


def _undocumented_tensor_attributes() -> list[str]:
    names = [n for n in dir(neuralgrad.Tensor) if not n.startswith("_")]
    return [n for n in names if not _own_doc(inspect.getattr_static(neuralgrad.Tensor, n))]


def test_every_public_name_has_a_docstring():
    missing = _undocumented()
    assert not missing, f"{len(missing)} public names lack a docstring: {missing}"


def test_the_command_line_package_is_checked():
    checked = {mod.__name__ for mod in _public_modules()}
    assert {"neuralgrad.cli", "neuralgrad.cli.train", "neuralgrad.cli.run"} <= checked


def test_every_public_attribute_and_method_of_tensor_has_a_docstring():
    missing = _undocumented_tensor_attributes()
    assert not missing, f"{len(missing)} Tensor attributes lack a docstring: {missing}"


def test_slot_attributes_count_as_documented_only_with_their_own_docstring():
    """``grad``, ``grad_fn`` and ``requires_grad`` are slots, documented through ``__slots__``."""
    slots = neuralgrad.Tensor.__slots__
    assert all(_own_doc(inspect.getattr_static(neuralgrad.Tensor, n)) for n in ("grad", "grad_fn"))
    assert isinstance(slots, dict) and slots["requires_grad"]

    class Bare:
        __slots__ = ("value",)

        @property
        def size(self) -> int:
            return 0

    assert not _own_doc(inspect.getattr_static(Bare, "value"))
    assert not _own_doc(inspect.getattr_static(Bare, "size"))
