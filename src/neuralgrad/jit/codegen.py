"""From recorded lines to one Python function: prune dead kernels, free big temporaries early,
compile. The result calls the same NumPy kernels in the same order as the eager step did, with
none of the graph building around them.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any

from .._tensor import wrap
from .recorder import Line, _same

__all__ = ["GuardFailed", "prune", "simplify", "compile_lines"]

_SLOT = re.compile(r"\bv(\d+)\b")
BIG = 1 << 16  # temporaries of at least this many bytes are deleted after their last use


class GuardFailed(Exception):
    """A value the step branched on differs from the captured one (``args[0]``: guard id)."""


def prune(lines: list[Line], live: set[int], group: Callable[[int], int]) -> list[Line]:
    """The lines that matter: effects, and whatever computes a slot (or writes into an alias
    group) that a kept line or the outputs (``live``) read."""
    live_slots, live_groups = set(live), {group(s) for s in live}
    kept = []
    for line in reversed(lines):
        needed = (
            line.effect
            or (line.out is not None and (line.out in live_slots or group(line.out) in live_groups))
            or any(w in live_groups for w in line.writes)
        )
        if not needed:
            continue
        kept.append(line)
        live_slots |= line.reads
        live_groups |= {group(s) for s in line.reads}
        if line.out is not None:
            live_groups.add(group(line.out))
    kept.reverse()
    return kept


def simplify(
    lines: list[Line],
    group: Callable[[int], int],
    const: Callable[[Any], str],
    keep: set[int],
    outside: set[int],
) -> list[Line]:
    """Fold lines computed from constants only into their captured value, and compute each
    repeated expression once (common subexpressions). Only for values no line writes in
    place, read from values not written between the two occurrences and not belonging to the
    tensors' own arrays (``outside``: host calls may change those at any point)."""
    last_write: dict[int, int] = {}
    for i, line in enumerate(lines):
        for g in line.writes:
            last_write[g] = i
    kept: list[Line] = []
    seen: dict[str, tuple[int, int]] = {}
    rename: dict[int, int] = {}
    for i, line in enumerate(lines):
        if rename and line.reads & rename.keys():
            line = _renamed(line, rename)
        groups = {group(r) for r in line.reads}
        if (
            line.out is None
            or line.effect
            or line.kind
            or line.out in keep
            or not line.src.startswith(f"v{line.out} = ")
            or group(line.out) in last_write
            or groups & outside
        ):
            kept.append(line)
            continue
        if line.value is not None:
            line.src = f"v{line.out} = {const(line.value)}"
        expr = line.src.split(" = ", 1)[1]
        first = seen.get(expr)
        if first is not None and all(last_write.get(g, -1) < first[1] for g in groups):
            rename[line.out] = first[0]
            continue
        seen[expr] = (line.out, i)
        kept.append(line)
    return kept


def _renamed(line: Line, rename: dict[int, int]) -> Line:
    src = _SLOT.sub(lambda m: f"v{rename.get(int(m[1]), int(m[1]))}", line.src)
    return dataclasses.replace(line, src=src, reads={rename.get(r, r) for r in line.reads})


def _deletions(lines: list[Line], keep: set[int], pin: set[int]) -> list[list[int]]:
    """Per line, the slots whose last use it is, among the big ones and those in ``pin``
    (views of the tensors' own arrays: a host call may move those, if nothing else holds
    them); never those in ``keep``."""
    last: dict[int, int] = {}
    for i, line in enumerate(lines):
        for s in line.reads:
            last[s] = i
        if line.out is not None and line.nbytes >= BIG:
            last.setdefault(line.out, i)
    big = {line.out for line in lines if line.out is not None and line.nbytes >= BIG} | pin
    per_line: list[list[int]] = [[] for _ in lines]
    for s, i in last.items():
        if s in big and s not in keep:
            per_line[i].append(s)
    return per_line


def compile_lines(
    lines: list[Line], consts: list, n_args: int, returns: str, keep: set[int], pin: set[int]
) -> tuple[Callable[..., Any], str]:
    """Compile ``lines`` into ``replay(a0, a1, ...)`` returning ``returns``; also the source
    (see ``_deletions`` for ``keep`` and ``pin``)."""
    args = ", ".join(f"a{i}" for i in range(n_args))
    body = []
    for line, dead in zip(lines, _deletions(lines, keep, pin)):
        body.append(line.src)
        if dead:
            body.append("del " + ", ".join(f"v{s}" for s in sorted(dead)))
    body.append(f"return {returns}")
    names = ", ".join(f"c{i}" for i in range(len(consts)))
    src = (
        f"def _make({names}):\n    def replay({args}):\n"
        + "".join(f"        {b}\n" for b in body)
        + "    return replay\n"
    )
    namespace = {"_same": _same, "_Guard": GuardFailed, "_wrap": wrap}
    exec(compile(src, "<neuralgrad capture>", "exec"), namespace)  # noqa: S102 - our own source
    return namespace["_make"](*consts), src
