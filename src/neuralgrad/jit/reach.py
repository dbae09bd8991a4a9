"""Finding the tensors a step reads without looking at the rest of the process: those its
function can reach (arguments, closure cells, the globals it names, partial arguments and the
objects those hold). The recorder adds the parameters and buffers of each module the step calls
(a module-call hook) and reports leaves that received a gradient without having been found."""

from __future__ import annotations

import types
from functools import partial
from typing import Any

from .._tensor import Tensor

__all__ = ["reachable_tensors"]


def reachable_tensors(roots: list, depth: int = 3) -> list:
    """The tensors reachable from ``roots`` within ``depth`` steps: tensors; the parameters and
    buffers of modules; the parameters of optimizers; the items of lists, tuples, sets and
    dicts; the closure cells and named globals of functions (and of bound methods, their
    object; of partials, their arguments); the attributes of other objects."""
    from ..nn.modules.module import Module
    from ..optim.optimizer import Optimizer

    found: dict[int, Tensor] = {}
    seen: set[int] = set()
    todo = [(r, depth) for r in roots]
    while todo:
        obj, left = todo.pop()
        if id(obj) in seen or left < 0:
            continue
        seen.add(id(obj))
        if isinstance(obj, Tensor):
            found.setdefault(id(obj), obj)
        elif isinstance(obj, Module):
            found.update((id(t), t) for t in (*obj.parameters(), *obj.buffers()))
        elif isinstance(obj, Optimizer):
            todo += [(p, left - 1) for g in obj.param_groups for p in g["params"]]
        elif isinstance(obj, (list, tuple, set, frozenset)):
            todo += [(o, left - 1) for o in obj]
        elif isinstance(obj, dict):
            todo += [(o, left - 1) for o in obj.values()]
        elif isinstance(obj, types.MethodType):
            todo += [(obj.__self__, left - 1), (obj.__func__, left - 1)]
        elif isinstance(obj, partial):
            todo += [(o, left - 1) for o in (obj.func, *obj.args, *obj.keywords.values())]
        elif isinstance(obj, types.FunctionType):
            todo += [(c.cell_contents, left - 1) for c in obj.__closure__ or () if _filled(c)]
            names = obj.__code__.co_names
            todo += [(obj.__globals__[n], left - 1) for n in names if n in obj.__globals__]
        elif not isinstance(obj, (type, types.ModuleType)) and hasattr(obj, "__dict__"):
            todo += [(o, left - 1) for o in vars(obj).values()]
    return list(found.values())


def _filled(cell: Any) -> bool:
    try:
        cell.cell_contents  # noqa: B018 - an empty cell raises
    except ValueError:
        return False
    return True
