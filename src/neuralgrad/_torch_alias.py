"""``install_as_torch()``: ``import torch`` (and ``import torch.nn as nn``,
``from torch.utils.data import DataLoader``...) gives neuralgrad's modules, so a PyTorch script
that stays inside the documented subset runs unchanged (named after PyMySQL's
``install_as_MySQLdb``). ``uninstall_as_torch()`` undoes it.

``torch.X.Y`` is ``neuralgrad.X.Y`` for the parts of PyTorch that neuralgrad has counterparts of;
any other ``torch`` submodule raises ``ModuleNotFoundError`` naming it. While installed, printed
values say ``torch`` (``torch.float32``, ``torch.Size([2])``), as under PyTorch.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys
from types import ModuleType
from typing import Any

from ._naming import naming

__all__ = ["install_as_torch", "uninstall_as_torch", "TorchAliasError"]

# PyTorch's submodules that neuralgrad has counterparts of, under the same names
PROVIDED = (
    "nn",
    "optim",
    "utils",
    "autograd",
    "cuda",
    "backends",
    "accelerator",
    "return_types",
    "random",
    "serialization",
)
_SUBSET = "docs/api.md"


class TorchAliasError(RuntimeError):
    """``install_as_torch()`` was called after the real PyTorch was imported."""


def _counterpart(fullname: str) -> str:
    """``neuralgrad.nn.functional`` for ``torch.nn.functional``; an error outside the subset."""
    parts = fullname.split(".")
    if len(parts) > 1 and parts[1] not in PROVIDED:
        raise ModuleNotFoundError(_missing(fullname), name=fullname)
    return ".".join(["neuralgrad", *parts[1:]])


def _missing(fullname: str) -> str:
    return (
        f"No module named '{fullname}': neuralgrad stands in for PyTorch (install_as_torch) "
        f"and has no counterpart of it; the subset it runs is documented in {_SUBSET}"
    )


class _AliasLoader(importlib.abc.Loader):
    """Hands out an already imported neuralgrad module under its ``torch`` name."""

    def __init__(self, module: ModuleType) -> None:
        self.module = module
        self.spec = module.__spec__

    def create_module(self, spec: Any) -> ModuleType:
        return self.module

    def exec_module(self, module: ModuleType) -> None:
        # the import system stamped the alias spec on the module; it keeps its own
        module.__spec__ = self.spec


class _TorchFinder(importlib.abc.MetaPathFinder):
    """Finds ``torch`` and ``torch.*`` as their neuralgrad counterparts."""

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        if fullname != "torch" and not fullname.startswith("torch."):
            return None
        real = _counterpart(fullname)
        try:
            module = importlib.import_module(real)
        except ModuleNotFoundError as e:
            if e.name != real:  # a dependency of the counterpart is missing: say that
                raise
            raise ModuleNotFoundError(_missing(fullname), name=fullname) from None
        return importlib.util.spec_from_loader(fullname, _AliasLoader(module))


_FINDER = _TorchFinder()


def _is_alias(module: Any) -> bool:
    return getattr(module, "__name__", "").split(".")[0] == "neuralgrad"


def install_as_torch() -> None:
    """Make ``torch`` and its submodules resolve to neuralgrad's (idempotent).

    Raises ``TorchAliasError`` if the real PyTorch is already imported: the two must not mix.
    """
    current = sys.modules.get("torch")
    if current is not None and not _is_alias(current):
        where = getattr(current, "__file__", None) or "an unknown location"
        raise TorchAliasError(
            f"PyTorch itself is already imported (from {where}); install_as_torch() must run "
            "before anything imports torch, or tensors of the two libraries would mix"
        )
    if _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)
    sys.modules["torch"] = sys.modules["neuralgrad"]
    naming.package = "torch"


def uninstall_as_torch() -> None:
    """Undo ``install_as_torch``: ``torch`` names nothing of neuralgrad's any more."""
    if _FINDER in sys.meta_path:
        sys.meta_path.remove(_FINDER)
    for name in [n for n in sys.modules if n == "torch" or n.startswith("torch.")]:
        if _is_alias(sys.modules[name]):
            del sys.modules[name]
    naming.package = "neuralgrad"
