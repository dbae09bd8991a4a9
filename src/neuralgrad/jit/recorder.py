"""The recorder: turns one eager run of a step into a schedule of kernels (lines of Python).

While it is active, the step's tensor arguments hold "input" slots and the tensors it reads
hold a ``Traced`` view of their array (an "external": read by reference, so replays see
parameters updated in place); ``array_ops`` hands op bodies the recording NumPy. Each kernel
becomes one line such as ``v7 = c3(v5, v6, out=v5)``; guards, leaf-gradient accumulation, random
draws and host calls (optimizer steps) are lines too. ``codegen`` prunes and compiles the lines
into one function.

The tensors read are found without looking at the rest of the process: those the step can reach
(``reach.py``), the parameters and buffers of each module it calls (swapped in by a module-call
hook just before that module runs), and the ``.grad`` of each leaf it accumulates into. A leaf
that receives a gradient without having been swapped in was read as a fixed array: the capture
reports it (``missed``), so the next call records again with it.
"""

from __future__ import annotations

import math
import weakref
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np

from .._tensor import Tensor, wrap
from ..autograd.engine import accumulate_grad
from ._state import state
from .kernels import AS_METHOD, REDUCTIONS, mean_of, thread_policy
from .reach import reachable_tensors
from .traced import Traced, plain

__all__ = ["Recorder", "Line", "CaptureError"]


class CaptureError(RuntimeError):
    """The step does something a capture cannot replay faithfully."""


@dataclass
class Line:
    """One statement of the schedule: ``src``, the slot it defines (``out``), the slots it reads,
    the alias groups it writes in place, and whether it must run even if nothing reads it."""

    src: str
    out: int | None = None
    reads: set = field(default_factory=set)
    writes: set = field(default_factory=set)
    effect: bool = False
    kind: str = ""  # "guard", "draw", "effect" (accumulate, host call, outside write) or ""
    value: Any = None  # the captured result of a line that reads no slot (constant folding)
    guard: int = 0  # a guard's number (what a failed replay reports)
    nbytes: int = 0  # size of the array it defines (late deletion of big temporaries)


def _rng_draw(owner: Any, name: str, *args: Any, **kwargs: Any) -> Any:
    """A replayed draw from ``owner``, or (None) from the calling thread's global generator."""
    return getattr((owner or _current_generator()).np, name)(*args, **kwargs)


def _same(value: Any, expected: Any) -> bool:
    """Guard comparison: equal, or both NaN."""
    if value == expected:
        return True
    return isinstance(value, float) and math.isnan(value) and math.isnan(expected)


class Recorder:
    """Records one run of a step; see the module docstring."""

    def __init__(self, args: tuple) -> None:
        self.paused = False
        self.lines: list[Line] = []
        self.consts: list[Any] = []
        self._const_ids: dict[int, str] = {}
        self._parent: list[int] = []  # union-find over slots: views share an alias group
        self.args = args
        self._arg_ids = {id(a): i for i, a in enumerate(args) if isinstance(a, Tensor)}
        self.swapped: list[tuple[Tensor, Any, Traced]] = []
        self._externals: dict[int, Traced] = {}
        self.checks: list[tuple] = []  # (tensor, shape, dtype, slot) per external
        self.external_slots: set[int] = set()
        self.guards = 0
        self.accumulated = False  # whether a backward reached a leaf during the capture
        self.modules: dict[int, tuple] = {}  # id -> (module, its training flag when called)
        self.missed: list[Tensor] = []  # leaves given a gradient that were never swapped in

    # ---- slots and operands -------------------------------------------------------------------
    def _new_slot(self) -> int:
        self._parent.append(len(self._parent))
        return len(self._parent) - 1

    def group(self, slot: int) -> int:
        p = self._parent
        while p[slot] != slot:
            p[slot] = p[p[slot]]
            slot = p[slot]
        return slot

    def const(self, value: Any) -> str:
        key = id(value)
        name = self._const_ids.get(key)
        if name is None:
            name = self._const_ids[key] = f"c{len(self.consts)}"
            self.consts.append(value)
        return name

    def encode(self, x: Any, reads: set) -> str:
        """Source text for operand ``x``; the slots it reads are added to ``reads``."""
        if isinstance(x, Traced):
            if x._slot is None:
                raise CaptureError("an array view made outside the recorder reached a kernel")
            reads.add(x._slot)
            return f"v{x._slot}"
        if type(x) is tuple:
            return "(" + "".join(self.encode(i, reads) + ", " for i in x) + ")"
        if type(x) is list:
            return "[" + ", ".join(self.encode(i, reads) for i in x) + "]"
        if type(x) is dict:
            return "{" + ", ".join(f"{k!r}: {self.encode(v, reads)}" for k, v in x.items()) + "}"
        if isinstance(x, Tensor):
            i = self._arg_ids.get(id(x))
            if i is not None:
                return f"a{i}"
            d = x._data
            if isinstance(d, Traced) and d._slot not in self.external_slots:
                return f"_wrap({self.encode(d, reads)})"  # an intermediate: its value
            return self.const(x)  # a tensor of the outside world: itself
        if x is None or type(x) in (bool, int, str) or (type(x) is float and math.isfinite(x)):
            return repr(x)
        return self.const(x)

    def _call_src(self, head: str, args: Any, kwargs: dict, reads: set) -> str:
        parts = [self.encode(a, reads) for a in args]
        parts += [f"{k}={self.encode(v, reads)}" for k, v in kwargs.items()]
        return f"{head}({', '.join(parts)})"

    def _writes(self, targets: Any, line: Line) -> None:
        for t in targets:
            if isinstance(t, Traced):
                line.reads.add(t._slot)
                line.writes.add(self.group(t._slot))
                if self.group(t._slot) in self._external_groups():
                    line.effect, line.kind = True, "effect"
            else:  # a plain array owned by nobody we track: a real side effect
                line.effect, line.kind = True, "effect"

    def _external_groups(self) -> set:
        return {self.group(s) for s in self.external_slots}

    def _emit(self, expr: str, reads: set, result: Any, sources: Any) -> Any:
        """A line computing ``expr``: an array result gets a slot, a Python value a guard."""
        if isinstance(result, (np.ndarray, np.generic)):
            return self._slot_for(expr, reads, result, sources)
        if (
            isinstance(result, (tuple, list))
            and result
            and all(isinstance(r, np.ndarray) for r in result)
        ):
            whole = self._new_slot()
            self.lines.append(Line(f"v{whole} = {expr}", whole, reads))
            return type(result)(
                self._slot_for(f"v{whole}[{i}]", {whole}, r, (r,)) for i, r in enumerate(result)
            )
        if result is None:
            self.lines.append(Line(expr, None, reads, effect=True))
            return None
        if reads:  # a Python value computed from the step's arrays: guard it
            self._guard(expr, reads, result)
        return result

    def _slot_for(self, expr: str, reads: set, result: Any, sources: Any) -> Traced:
        slot = self._new_slot()
        line = Line(f"v{slot} = {expr}", slot, reads, nbytes=result.nbytes)
        if not reads:  # computed from constants only: codegen may reuse this value
            line.value = result
        self.lines.append(line)
        if isinstance(result, np.generic):
            t = np.asarray(result).view(Traced)
            t._scalar = True
        else:
            t = result.view(Traced)
            for s in _traced_in(sources):
                if np.may_share_memory(result, plain(s)):
                    self._parent[self.group(slot)] = self.group(s._slot)
        t._plain, t._slot = result, slot
        return t

    def _guard(self, expr: str, reads: set, value: Any) -> None:
        self.guards += 1
        if expr.endswith(".__bool__()"):  # a branch: test the array's truth directly
            test = ("not " if value else "") + expr[: -len(".__bool__()")]
        else:
            test = f"not _same({expr}, {self.encode(value, reads)})"
        src = f"if {test}: raise _Guard({self.guards})"
        self.lines.append(Line(src, None, reads, effect=True, kind="guard", guard=self.guards))

    # ---- what traced arrays report --------------------------------------------------------------
    def call(self, fn: Any, args: Any, kwargs: dict, result: Any, writes: Any = ()) -> Any:
        reads: set = set()
        policy = thread_policy(fn, args)
        if policy is not None:  # replays switch BLAS threads as the eager product did
            flag, fit, dims = policy
            src = f"if {self.const(flag)}.active: {self.const(fit)}{dims}"
            self.lines.append(Line(src, None, set(), effect=True, kind="repeatable"))
        name = AS_METHOD.get(fn)
        if name is not None and args and isinstance(args[0], Traced):
            # the same kernel without NumPy's module-level dispatch layer (about 1 µs a call)
            head = f"{self.encode(args[0], reads)}.{name}"
            expr = self._call_src(head, args[1:], kwargs, reads)
        else:
            expr = self._call_src(self.const(fn), args, kwargs, reads)
        if writes:
            line = Line(expr, None, reads)
            self._writes(writes, line)
            self.lines.append(line)
            return None
        return self._emit(expr, reads, result, (args, kwargs))

    def method(
        self, obj: Traced, name: str, args: Any, kwargs: dict, result: Any, writes: bool = False
    ) -> Any:
        reads: set = set()
        expr = self._fast_reduction(obj, name, args, kwargs, reads)
        if expr is None:
            expr = self._call_src(f"{self.encode(obj, reads)}.{name}", args, kwargs, reads)
        if writes:
            line = Line(expr, None, reads)
            self._writes((obj,), line)
            self.lines.append(line)
            return None
        return self._emit(expr, reads, result, (obj, args))

    def _fast_reduction(
        self, obj: Traced, name: str, args: Any, kwargs: dict, reads: set
    ) -> str | None:
        """``a.sum/max/min/prod/mean(axis=, keepdims=)`` of a float array (min/max: any
        numeric one) as the ufunc reduction NumPy's method ends in, without its Python wrapper
        (same kernel, same bits; ``mean`` divides by the element count as
        ``numpy._core._methods._mean`` does)."""
        a = plain(obj)
        if name not in REDUCTIONS or args or not set(kwargs) <= {"axis", "keepdims"}:
            return None
        if (
            not isinstance(a, np.ndarray)
            or a.dtype.kind not in ("biuf" if name in ("min", "max") else "f")
            or a.dtype.itemsize < 4
        ):
            return None  # sum/prod/mean of small ints and float16 change dtype: keep NumPy's
        axis, keepdims = kwargs.get("axis"), bool(kwargs.get("keepdims", False))
        target = self.encode(obj, reads)
        if name == "mean":
            axes = range(a.ndim) if axis is None else axis if isinstance(axis, tuple) else (axis,)
            count = np.intp(np.prod([a.shape[ax] for ax in axes], dtype=np.intp))
            return (
                f"{self.const(mean_of)}({target}, {self.encode(axis, reads)}, {keepdims}, "
                f"{self.const(count)})"
            )
        reduce = self.const(REDUCTIONS[name])
        return f"{reduce}({target}, axis={self.encode(axis, reads)}, keepdims={keepdims})"

    def attribute(self, obj: Traced, name: str, result: Any) -> Any:
        reads: set = set()
        return self._emit(f"{self.encode(obj, reads)}.{name}", reads, result, (obj,))

    def getitem(self, obj: Traced, index: Any, result: Any) -> Any:
        reads: set = set()
        expr = f"{self.encode(obj, reads)}[{self.encode(index, reads)}]"
        return self._emit(expr, reads, result, (obj, index))

    def setitem(self, obj: Traced, index: Any, value: Any) -> None:
        reads: set = set()
        line = Line(
            f"{self.encode(obj, reads)}[{self.encode(index, reads)}] = {self.encode(value, reads)}",
            None,
            reads,
        )
        self._writes((obj,), line)
        self.lines.append(line)

    def guard(self, obj: Traced, name: str, args: tuple, value: Any) -> None:
        reads: set = set()
        self._guard(
            self._call_src(f"{self.encode(obj, reads)}.{name}", args, {}, reads), reads, value
        )

    def draw(self, owner: Any, name: str, args: Any, kwargs: dict, result: Any) -> Any:
        reads: set = set()
        expr = self._call_src(self.const(partial(_rng_draw, owner, name)), args, kwargs, reads)
        t = self._emit(expr, reads, result, ())
        self.lines[-1].effect = True  # a draw advances the generator even if unused
        self.lines[-1].kind = "draw"
        return t

    # ---- effects that replay as Python ----------------------------------------------------------
    def accumulate(self, leaf: Tensor, g: Any, owned: bool) -> None:
        """The engine's leaf-gradient hook: add ``g`` into ``leaf.grad`` now, and at every
        replay with that replay's ``g``."""
        if self.paused:  # inside a host call: an ordinary backward
            accumulate_grad(leaf, g, owned)
            return
        self.accumulated = True
        if not isinstance(leaf._data, Traced) and id(leaf) not in self._arg_ids:
            self.missed.append(leaf)
        reads: set = set()
        fn = self.const(accumulate_grad)
        src = f"{fn}({self.encode(leaf, reads)}, {self.encode(g, reads)}, {owned})"
        self.lines.append(Line(src, None, reads, effect=True, kind="effect"))
        self.paused = True
        try:
            accumulate_grad(leaf, plain(g), owned)
        finally:
            self.paused = False
        grad = leaf.grad
        d = grad._data
        if type(d) is np.ndarray or isinstance(d, np.generic):  # a new .grad (0-d: a scalar):
            # later kernels, and the outputs, read the live one
            self._external(grad, d, f"{self.encode(leaf, set())}.grad._data")

    def on_module(self, module: Any, args: tuple) -> None:
        """The module-call hook: remember the module's train/eval mode (a replay is valid only
        while it is the same) and swap in its parameters and buffers before it runs."""
        if self.paused or state.recorder is not self:  # a module called in another thread
            return
        if id(module) not in self.modules:
            self.modules[id(module)] = (module, module.training)
            self.swap_in(reachable_tensors([module]))

    def draw_source(self, generator: Any) -> Any:
        """The random source while recording: a generator that records each draw."""
        from .traced import TracingGenerator

        if self.paused:
            return (generator or _current_generator()).np
        return TracingGenerator(generator)

    def host(self, method: Any, args: tuple, kwargs: dict, repeatable: bool = False) -> Any:
        """Record a host call and run it now on plain arrays (see ``host.py``)."""
        reads: set = set()
        self.lines.append(
            Line(
                self._call_src(self.const(method), args, kwargs, reads),
                None,
                reads,
                effect=True,
                kind="repeatable" if repeatable else "effect",
            )
        )
        self.paused = True
        self.swap_out()
        try:
            return method(*_plain_tensors(args), **kwargs)
        finally:
            self.swap_back()
            self.paused = False

    # ---- tensors' arrays in and out -------------------------------------------------------------
    def bind_args(self) -> None:
        """Give each tensor argument an input slot, read from the argument at every replay."""
        self._arg_views = []
        for i, a in enumerate(self.args):
            if isinstance(a, Tensor):
                if not isinstance(a._data, (np.ndarray, np.generic)):
                    raise CaptureError(
                        f"capture records NumPy (CPU) arrays only; argument {i} "
                        f"holds a {type(a._data).__name__}"
                    )
                slot = self._new_slot()
                self.lines.append(Line(f"v{slot} = a{i}._data", slot))
                a._data = self._stand_in(a._data, slot)
                self._arg_views.append((a, a._data))

    def swap_in(self, tensors: list) -> None:
        """Give ``tensors`` (not arguments, not swapped yet) traced views of their arrays."""
        for t in tensors:
            d = t._data
            if type(d) is np.ndarray and id(t) not in self._arg_ids:
                self._external(t, d, f"{self.const(t)}._data")
            elif not isinstance(d, (np.ndarray, np.generic)):
                raise CaptureError(
                    f"capture records NumPy (CPU) arrays only; a tensor holds a "
                    f"{type(d).__module__}.{type(d).__name__}: run GPU steps eagerly"
                )

    def swap_back(self) -> None:
        """After a host call: the arguments and the tensors swapped before get their traced
        views again; one the call rebound gets a new external."""
        for a, v in self._arg_views:
            if a._data is v._plain:
                a._data = v
        before, self.swapped = self.swapped, []
        for t, d, v in before:
            if t._data is d:
                t._data = v
                self.swapped.append((t, d, v))
            elif type(t._data) is np.ndarray:
                self._external(t, t._data, f"{self.const(t)}._data")

    def _external(self, t: Tensor, d: Any, read: str) -> Traced:
        """A stand-in for array ``d`` of tensor ``t``; replays evaluate ``read`` (the tensor's
        array at that moment) so a tensor given a new array between calls is still read."""
        v = self._externals.get(id(d))
        if v is None or v._plain is not d:
            slot = self._new_slot()
            self.lines.append(Line(f"v{slot} = {read}", slot))
            self.external_slots.add(slot)
            v = self._externals[id(d)] = self._stand_in(d, slot)
            self.checks.append((t, d.shape, d.dtype, slot))
        t._data = v
        self.swapped.append((t, d, v))
        return v

    def swap_out(self) -> None:
        """Give the tensors their plain arrays back."""
        for t, d, v in self.swapped:
            if t._data is v:
                t._data = d
        for a in self.args:
            if isinstance(a, Tensor) and isinstance(a._data, Traced):
                a._data = plain(a._data)

    def finish(self) -> list:
        """Restore all arrays; return ``(weakref, slot)`` for tensors the step left holding a
        traced value (it rebound their data: they are re-pointed after each replay)."""
        self.swap_out()
        bindings = []
        for t in {id(t): t for t, _, _ in self.swapped}.values():
            d = t._data
            if isinstance(d, Traced):
                if d._slot is not None:
                    bindings.append((weakref.ref(t), d._slot))
                t._data = plain(d)
        return bindings

    def external_checks(self, used: set) -> list:
        """``(tensor, shape, dtype)`` for each external a kept line reads."""
        return [(t, shape, dtype) for t, shape, dtype, slot in self.checks if slot in used]

    def release(self) -> None:
        """Drop every reference the recording holds (stand-ins pin the tensors' arrays)."""
        for name in ("lines", "consts", "swapped", "checks", "missed", "_arg_views"):
            setattr(self, name, [])
        self._externals.clear()
        self.modules.clear()
        self._const_ids.clear()
        self.args = ()

    @staticmethod
    def _stand_in(d: Any, slot: int) -> Traced:
        if isinstance(d, np.generic):
            v = np.asarray(d).view(Traced)
            v._scalar = True
        else:
            v = d.view(Traced)
        v._plain, v._slot = d, slot
        return v


def _traced_in(x: Any) -> list:
    if isinstance(x, Traced):
        return [x] if x._slot is not None else []
    if isinstance(x, (tuple, list)):
        return [t for i in x for t in _traced_in(i)]
    if isinstance(x, dict):
        return [t for i in x.values() for t in _traced_in(i)]
    return []


def _plain_tensors(args: tuple) -> tuple:
    return tuple(
        wrap(plain(a._data)) if isinstance(a, Tensor) and isinstance(a._data, Traced) else a
        for a in args
    )


def _current_generator() -> Any:
    from ..random import current_generator

    return current_generator()
