"""Flat parameter groups: an optimizer's update run once over a whole group's flat buffers.

The per-parameter path costs about a dozen array calls per parameter whatever their sizes, which
is the whole cost of a small network's step. ``FlatGroup`` lays a group out in flat buffers that
the optimizer owns: a copy of the parameters, a copy of the gradients, each state entry and the
step counts. A step gathers the parameters and gradients into their buffers, runs the
algorithm's own ``_update`` once on a stand-in parameter holding them, and scatters the new
values back into each parameter's own array. An ``@elementwise`` update does the same float
operations in the same order on the same numbers either way, so the results are bitwise those
of the per-parameter path (PyTorch's ``foreach`` idea, with one array per group).

Ownership is explicit: parameters keep their own memory (shared memory stays shared, as PyTorch
keeps it); the state belongs to the optimizer, so each state tensor's array is moved into the
group's buffer and the tensor keeps a view of it (``state_dict`` keeps PyTorch's layout and the
live tensors, and an array taken out of a state tensor before the group was laid out is not
updated afterwards). Each step checks by identity that the parameters, their state dicts and
state tensors still hold the arrays laid out; anything rebound (``p.data = ...``,
``load_state_dict``, a new state tensor) makes the group lay itself out again, and what cannot
be laid out (a parameter without gradient this step, unequal step counts, a large group) takes
the per-parameter path.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .._backend import NUMPY, array_ops
from .._tensor import Tensor, bump_version, wrap

__all__ = ["FlatLayouts", "FlatGroup", "flat_step", "elementwise", "LIMIT"]

# Numbers per parameter beyond the first up to which a group is stepped flat: the calls saved
# grow with the parameter count, the gather and scatter copies with the numbers. Measured in
# benchmarks/NOTES.md ("Flat optimizer groups") for Adam-like updates of a dozen calls; plain
# SGD makes two, so it sets a lower limit.
LIMIT = 1 << 12

_LATER = object()  # not this step (a gradient missing, state keys differing): try again next step


def elementwise(update: Callable) -> Callable:
    """Mark an algorithm's ``_update`` as elementwise with per-group scalars only: running it
    once on a group's concatenation then equals running it on each parameter."""
    update.elementwise = True
    return update


class FlatLayouts(dict):
    """An optimizer's flat layouts, per ``id(group)``: ``(group, FlatGroup)``, or ``(group,
    None)`` for the per-parameter path. A copied optimizer starts empty: its parameters are new
    arrays, laid out again."""

    def __deepcopy__(self, memo: dict) -> FlatLayouts:
        return FlatLayouts()


def flat_step(opt: Any, group: dict[str, Any]) -> bool:
    """Step ``group`` in one pass over its flat buffers, laying it out (again) when needed;
    False: the caller runs the per-parameter path."""
    layouts, key = opt._flat_layouts, id(group)
    entry = layouts.get(key)
    if entry is not None and entry[0] is group:
        if entry[1] is None:
            return False
        if entry[1].run(opt, group):
            return True
    if entry is not None:
        del layouts[key]
    fg = FlatGroup.build(opt, group)
    if fg is _LATER:
        return False
    layouts[key] = (group, fg)
    return fg is not None and fg.run(opt, group)


def _views(buf: Any, shapes: list[tuple], sizes: list[int]) -> list[Any]:
    """Consecutive views of the flat ``buf``, one per shape."""
    out, at = [], 0
    for shape, n in zip(shapes, sizes):
        out.append(buf[at : at + n].reshape(shape))
        at += n
    return out


def _flatten(xp: Any, arrays: list[Any], dtype: Any) -> Any:
    """A new flat buffer holding ``arrays`` one after another."""
    buf = xp.empty(sum(a.size for a in arrays), dtype=dtype)
    xp.concatenate(arrays, axis=None, out=buf)
    return buf


class FlatGroup:
    """One parameter group laid out in flat buffers; see the module docstring."""

    # NOTE: no array namespace is kept: array_ops is asked at each use, as op bodies do.
    __slots__ = (
        "params",
        "arrays",
        "views",
        "grad_views",
        "states",
        "slots",
        "keys",
        "fp",
        "fstate",
        "steps",
        "shapes",
        "sizes",
    )

    @classmethod
    def build(cls, opt: Any, group: dict[str, Any]) -> Any:
        """The layout of ``group``; None when it stays per-parameter, ``_LATER`` when only
        this step cannot be laid out."""
        params = list(group["params"])
        if not _structure_ok(opt, params):
            return None
        if not _grads_match(params):
            return _LATER
        states = _states(opt, group, params)
        if states is None or states is _LATER:
            return states
        if sum(p._data.size for p in params) > opt._flat_limit * (len(params) - 1):
            return None
        return cls(params, states)

    def __init__(self, params: list[Tensor], states: list[Any]) -> None:
        first = params[0]._data
        xp = array_ops(first)
        self.params, self.states = params, states
        self.shapes = [p._data.shape for p in params]
        self.sizes = [p._data.size for p in params]
        self.arrays = [p._data for p in params]
        flat = _flatten(xp, self.arrays, first.dtype)
        self.views = _views(flat, self.shapes, self.sizes)
        self.fp = wrap(flat)
        self.fp.grad = wrap(xp.empty_like(flat))
        self.grad_views = _views(self.fp.grad._data, self.shapes, self.sizes)
        self.slots: list[tuple] = []
        self.keys: set = set()
        self.steps = None
        self.fstate = None if states[0] is None else {}
        if self.fstate is not None:
            for key in states[0]:
                self._adopt(key, [st[key] for st in states])

    def _adopt(self, key: str, tensors: list[Tensor]) -> None:
        """Copy one state entry of every parameter into a flat buffer and point each
        parameter's state tensor at its view (``step``: a vector of the 0-d counts)."""
        arrays = [t._data for t in tensors]
        if key == "step":
            buf = self.steps = _flatten(NUMPY, arrays, arrays[0].dtype)
            views = [buf[i : i + 1].reshape(()) for i in range(len(arrays))]
        else:
            buf = _flatten(array_ops(arrays[0]), arrays, arrays[0].dtype)
            views = _views(buf, self.shapes, self.sizes)
        for t, v in zip(tensors, views):
            t._data = v
        self._add(key, buf, views)

    def _add(self, key: str, buf: Any, views: list[Any]) -> None:
        self.fstate[key] = wrap(buf)
        self.keys.add(key)
        self.slots += [(st, key, v) for st, v in zip(self.states, views)]

    def _spread(self) -> None:
        """Give each parameter a view of the state entries the flat update just created."""
        for key, t in list(self.fstate.items()):
            if key not in self.keys:
                views = _views(t._data, self.shapes, self.sizes)
                for st, v in zip(self.states, views):
                    st[key] = wrap(v)
                self._add(key, t._data, views)

    def gather(self, opt: Any, group: dict[str, Any]) -> bool:
        """Copy the parameters and their gradients into the flat buffers; False (changing
        only those buffers) when the layout no longer holds: a parameter, state dict or state
        tensor rebound, a gradient missing or of another type, dtype or shape, or state
        wanted where none was."""
        params, state = group["params"], opt.state
        if len(params) != len(self.params):
            return False
        # (item assignments into views cost less than NumPy's concatenate here)
        for p, q, a, st, pv, gv in zip(
            params, self.params, self.arrays, self.states, self.views, self.grad_views
        ):
            g = p.grad
            if p is not q or g is None or p._data is not a or state.get(p) is not st:
                return False
            g = g._data
            if type(g) is not type(a) or g.dtype != a.dtype or g.shape != a.shape:
                return False
            pv[...] = a
            gv[...] = g
        for st, key, v in self.slots:
            t = st.get(key)
            if t is None or t._data is not v:
                return False
        return self.fstate is not None or opt._init_state(self.fp, group) is None

    def run(self, opt: Any, group: dict[str, Any]) -> bool:
        """One step of the whole group (False, having changed nothing: not possible now)."""
        if self.steps is not None:
            counts = self.steps.tolist()
            if counts.count(counts[0]) != len(counts):
                return False
        if not self.gather(opt, group):
            return False
        opt._update(self.fp, self.fstate, group)
        if self.fstate is not None and len(self.fstate) != len(self.keys):
            self._spread()
        for a, v in zip(self.arrays, self.views):
            a[...] = v
        bump_version(*self.params)
        return True


def _structure_ok(opt: Any, params: list[Tensor]) -> bool:
    """An elementwise algorithm and at least two distinct parameters of one float dtype and
    array type (what never changes from step to step)."""
    if not getattr(type(opt)._update, "elementwise", False) or len(params) < 2:
        return False
    if len(set(params)) != len(params):
        return False
    first = params[0]._data
    kind, dtype = type(first), first.dtype
    return dtype.kind == "f" and all(
        type(p._data) is kind and p._data.dtype == dtype for p in params
    )


def _grads_match(params: list[Tensor]) -> bool:
    """Every parameter has a gradient of its own shape, dtype and array type."""
    for p in params:
        g = p.grad
        if g is None:
            return False
        g, d = g._data, p._data
        if type(g) is not type(d) or g.dtype != d.dtype or g.shape != d.shape:
            return False
    return True


def _states(opt: Any, group: dict[str, Any], params: list[Tensor]) -> Any:
    """Each parameter's state (made as the per-parameter path would), when all of it can be
    laid out: all None, or dicts with the same keys of tensors shaped as required (``step``:
    equal 0-d counts of one dtype; the rest shaped and typed like the parameter)."""
    states = []
    for p in params:
        st = opt.state.get(p)
        if st is None:
            st = opt._init_state(p, group)
            if st is not None:
                opt.state[p] = st
        states.append(st)
    if all(st is None for st in states):
        return states
    if any(st is None or st.keys() != states[0].keys() for st in states):
        return _LATER
    for key in states[0]:
        if not _entry_ok(key, params, [st[key] for st in states]):
            return None
    return states


def _entry_ok(key: str, params: list[Tensor], values: list[Any]) -> bool:
    """One state entry can be laid out: tensors shaped as required."""
    if not all(isinstance(t, Tensor) for t in values):
        return False
    if key == "step":
        first = values[0]._data
        return all(
            type(t._data) is type(first)
            and t._data.shape == ()
            and t._data.dtype == first.dtype
            and t._data == first
            for t in values
        )
    return all(
        type(t._data) is type(p._data)
        and t._data.shape == p._data.shape
        and t._data.dtype == p._data.dtype
        for t, p in zip(values, params)
    )
