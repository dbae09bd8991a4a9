"""``capture(step)``: run a training step once eagerly while recording it, then replay it.

Per input signature (argument shapes, dtypes, grad mode) and train/eval mode of the modules it
calls, the first call records and returns the eager result; later calls run the compiled
schedule: the same NumPy kernels in the same order, so results are bitwise those of eager
mode, without building a graph. A replay is abandoned for an eager run when a value the step
branched on changes (a guard), and re-recorded when a tensor it reads was given an array of
another shape."""

from __future__ import annotations

import contextlib
import threading
import warnings
from collections.abc import Callable, Iterator
from functools import partial, update_wrapper
from typing import Any

import numpy as np

from .._backend import NUMPY, ArrayOps, register_array_type, substitute_namespace
from .._fused import register_kernel_provider
from .._modes import modes
from .._tensor import Tensor, wrap
from ..autograd.engine import leaf_gradient_hook
from ..nn.modules.module import register_module_forward_pre_hook
from ..random import draw_source
from ._state import state
from .codegen import GuardFailed, compile_lines, prune, simplify
from .host import host_calls
from .reach import reachable_tensors
from .recorder import CaptureError, Recorder
from .traced import Traced, TracingNumpy, plain, recorded_kernel

__all__ = ["capture", "CapturedStep"]

TRACE_OPS = ArrayOps(TracingNumpy(), "cpu")
_ONE_RECORDING = threading.Lock()
register_array_type(Traced, TRACE_OPS)
register_kernel_provider(TRACE_OPS, recorded_kernel)  # fused kernels are recorded as kernels


class _Schedule:
    """One compiled capture: the replay function and what it relies on."""

    def __init__(
        self,
        replay: Callable[..., Any],
        source: str,
        externals: list,
        bindings: list,
        fallback_ok: dict[int, bool],
        modes: list,
    ) -> None:
        self.replay, self.source = replay, source
        self.externals, self.bindings, self.fallback_ok = externals, bindings, fallback_ok
        self.modes = modes

    def valid(self) -> bool:
        """Whether every module the step called is in the same train/eval mode, and every
        tensor the schedule reads still holds an array of the captured shape and dtype
        (replays read each tensor's current array; one of another shape needs a new
        capture)."""
        for module, training in self.modes:
            if module.training is not training:
                return False
        return self.externals_hold()

    def externals_hold(self) -> bool:
        """The tensors' arrays part of ``valid`` (a schedule failing only on modes is kept)."""
        for t, shape, dtype in self.externals:  # no array is held: an optimizer may move it
            d = t._data
            if d.shape != shape or d.dtype != dtype:
                return False
        return True


class CapturedStep:
    """A function of tensors that records itself once per input signature and replays after;
    see ``capture``. ``stats`` counts captures, replays and eager fallbacks."""

    def __init__(self, fn: Callable[..., Any], max_captures: int = 8) -> None:
        self.fn = fn
        self.max_captures = max_captures
        self._schedules: dict[tuple, list[_Schedule]] = {}
        self._missed: list[Tensor] = []  # leaves a recording read as fixed arrays: swap in next
        self.stats = {"captures": 0, "replays": 0, "fallbacks": 0}
        update_wrapper(self, fn)

    def __call__(self, *args: Any) -> Any:
        if state.recorder is not None:  # inside another capture: be part of it
            return self.fn(*args)
        key = _signature(args)
        sched = None
        for candidate in self._schedules.get(key, ()):  # e.g. one for train, one for eval
            if candidate.valid():
                sched = candidate
                break
        if sched is None:
            if self.stats["captures"] >= self.max_captures:
                if not self.stats["fallbacks"]:
                    warnings.warn(
                        f"capture: {self.max_captures} recordings made (new shapes, "
                        f"modes or arrays); further calls run eagerly. Raise "
                        f"max_captures if the inputs vary on purpose.",
                        stacklevel=2,
                    )
                self.stats["fallbacks"] += 1
                return self.fn(*args)
            return self._capture(key, args)
        try:
            out = sched.replay(*args)
        except GuardFailed as failed:
            if not sched.fallback_ok[failed.args[0]]:
                raise RuntimeError(
                    "captured step: a value it branched on changed after the step had already "
                    "updated tensors (gradients or parameters); the update of this call is "
                    "incomplete. Move the value-dependent code before backward, or out of the "
                    "captured function."
                ) from None
            self.stats["fallbacks"] += 1
            return self.fn(*args)
        self.stats["replays"] += 1
        for ref, slot_value in _bound(sched.bindings, out):
            ref._data = slot_value
        return out[0]

    def __get__(self, obj: Any, objtype: Any = None) -> Any:
        """As a method decorator: ``obj.step(x, y)`` calls the capture with ``obj`` first
        (objects are told apart by identity in the signature)."""
        return self if obj is None else partial(self, obj)

    def source(self, *args: Any) -> str:
        """The Python source of the schedule captured for ``args``' signature (for reading)."""
        for sched in self._schedules.get(_signature(args), ()):
            if sched.valid():
                return sched.source
        raise KeyError("no schedule captured for these arguments' shapes, dtypes and modes yet")

    def _capture(self, key: tuple, args: tuple) -> Any:
        found = reachable_tensors([self.fn, *args, *self._missed])
        _refuse_gpu_tensors([a for a in args if isinstance(a, Tensor)] + found)
        rec = Recorder(args)
        try:
            with _recording(rec):
                rec.bind_args()
                rec.swap_in(found)
                result = self.fn(*args)
                returns, first, live = _outputs(rec, result)
                del result
        finally:
            bindings = rec.finish()
        self.stats["captures"] += 1
        if rec.missed:  # this run was eager and right; the next call records with them too
            self._missed += rec.missed
            rec.release()
            return first
        keep = live | {slot for _, slot in bindings}
        outside = {rec.group(s) for s in rec.external_slots}
        lines = prune(rec.lines, keep, rec.group)
        lines = prune(simplify(lines, rec.group, rec.const, keep, outside), keep, rec.group)
        bound = "".join(f"v{slot}, " for _, slot in bindings)
        pin = {ln.out for ln in lines if ln.out is not None and rec.group(ln.out) in outside}
        replay, source = compile_lines(
            lines, rec.consts, len(args), f"({returns}, ({bound}))", keep, pin
        )
        used = set().union(*(line.reads for line in lines)) if lines else set()
        schedules = [s for s in self._schedules.get(key, ()) if s.externals_hold()]
        schedules.append(
            _Schedule(
                replay,
                source,
                rec.external_checks(used),
                [ref for ref, _ in bindings],
                _fallbacks(lines),
                list(rec.modules.values()),
            )
        )
        self._schedules[key] = schedules
        rec.release()
        return first


def capture(fn: Callable[..., Any] | None = None, *, max_captures: int = 8) -> Any:
    """Record ``fn`` (a training or inference step taking tensors) on its first call and replay
    the recorded NumPy kernels on later calls, skipping graph construction.

    ``fn`` must finish its own backward (no returned tensor may still require grad); call
    ``optimizer.step()``/``zero_grad()`` inside or outside it as you like: they run as Python at
    every replay. Usable as ``@capture``, ``capture(fn)`` or on a method (each instance then
    records its own schedule; at most ``max_captures`` recordings are kept in all, after which
    calls run eagerly). See the module docstring.
    """
    if fn is None:
        return lambda f: CapturedStep(f, max_captures)
    return CapturedStep(fn, max_captures)


@contextlib.contextmanager
def _recording(rec: Recorder) -> Iterator[None]:
    """``rec`` is the active recorder, plugged into the core's extension points: op bodies get
    the recording NumPy, leaf gradients, random draws and module calls go through it, and
    optimizer and scheduler calls become host calls. One thread records at a time: the
    namespace substitution and the host-call methods are process-wide (other threads' arrays
    stay plain, as they have no recorder)."""
    with _ONE_RECORDING:
        state.recorder = rec
        handle = register_module_forward_pre_hook(rec.on_module)
        try:
            with (
                substitute_namespace(NUMPY, TRACE_OPS),
                leaf_gradient_hook(rec.accumulate),
                draw_source(rec.draw_source),
                host_calls(),
            ):
                yield
        finally:
            handle.remove()
            state.recorder = None


def _refuse_gpu_tensors(tensors: list) -> None:
    """A capture records NumPy kernels: a step on GPU tensors is refused, saying what to do."""
    for t in tensors:
        if t.is_cuda:
            raise CaptureError(
                f"capture records and replays NumPy kernels on the CPU, but the step uses "
                f"tensors on {t.device}; run it without capture (fit(capture=False)): on a GPU, "
                f"CuPy's kernels run the step"
            )


def _signature(args: tuple) -> tuple:
    sig: list = [modes.grad_enabled]
    for a in args:
        if isinstance(a, Tensor):
            d = a._data
            sig.append((d.shape, d.dtype, a.requires_grad))
        elif a is None or isinstance(a, (bool, int, float, str)):
            sig.append((type(a), a))
        else:
            sig.append(("object", id(a)))
    return tuple(sig)


def _outputs(rec: Recorder, result: Any) -> tuple[str, Any, set]:
    """Source rebuilding ``result`` from slots, the value the capturing call returns, and the
    slots the outputs read."""
    reads: set = set()
    src, first = _output(rec, result, reads)
    return src, first, reads


def _output(rec: Recorder, x: Any, reads: set) -> tuple[str, Any]:
    """One output (a tensor, a container of them, or a Python value): its source and value.
    (A module-level function: a recursive closure would keep the recorder in a cycle.)"""
    if isinstance(x, Tensor):
        if x.grad_fn is not None and not rec.accumulated:
            raise CaptureError(
                "a captured function must run its own backward: it returned a tensor that "
                "still requires grad. Call loss.backward() inside it, or run it under "
                "neuralgrad.no_grad() for inference."
            )
        if isinstance(x._data, Traced):
            return f"_wrap({rec.encode(x._data, reads)})", wrap(plain(x._data))
        return rec.encode(x, reads), x
    if type(x) in (tuple, list):
        parts = [_output(rec, i, reads) for i in x]
        src = ", ".join(p[0] for p in parts) + ("," if type(x) is tuple else "")
        brackets = "()" if type(x) is tuple else "[]"
        return brackets[0] + src + brackets[1], type(x)(p[1] for p in parts)
    if type(x) is dict:
        items = {k: _output(rec, v, reads) for k, v in x.items()}
        src = ", ".join(f"{rec.encode(k, reads)}: {p[0]}" for k, p in items.items())
        return "{" + src + "}", {k: p[1] for k, p in items.items()}
    if isinstance(x, np.ndarray):
        raise CaptureError(
            "return tensors (or Python values) from a captured function, not NumPy arrays"
        )
    return rec.encode(x, reads), x


def _fallbacks(lines: list) -> dict[int, bool]:
    """Per guard id: whether nothing outside the step's own temporaries changed before it."""
    ok, touched = {}, False
    for line in lines:
        if line.kind == "guard":
            ok[line.guard] = not touched
        elif line.kind == "effect":
            touched = True
    return ok


def _bound(refs: list, out: tuple) -> list:
    """``(tensor, array)`` for each still-alive tensor the step re-points at a new array."""
    if not refs:
        return []
    return [(t, v) for t, v in ((ref(), v) for ref, v in zip(refs, out[1])) if t is not None]
