"""``Optimizer``: parameter groups, per-parameter state, closures and PyTorch-layout state dicts.

The base class owns what every algorithm shares: the ``param_groups`` (each a dict with its own
hyper-parameters, filled in from ``defaults``), the lazily created per-parameter ``state``, the
``step(closure)`` loop, ``zero_grad`` and ``state_dict`` / ``load_state_dict``. An algorithm
writes two methods: ``_init_state(p, group)`` (the state for a parameter's first update, or None
when it keeps none) and ``_update(p, state, group)`` (the in-place update of one parameter).

Updates work on the arrays: ``p._data`` changes in place through the ``out=`` argument of the
array namespace's ufuncs (NumPy, or CuPy for GPU tensors), never by rebinding it, so views and
flat buffers keep sharing memory; each changed parameter's version counter is bumped once so
autograd's in-place checks see the change. Intermediate results go to scratch buffers that the
optimizer keeps per shape and dtype, so a step makes no per-parameter temporaries.
"""

from __future__ import annotations

import copy
import warnings
from collections import defaultdict
from collections.abc import Callable, Iterable
from itertools import chain
from typing import Any

import numpy as np

from .._backend import NUMPY, array_ops
from .._dtype import get_default_dtype
from .._modes import modes
from .._tensor import Tensor, bump_version, wrap
from ..autograd import grad_mode
from ._flat import LIMIT, FlatLayouts, flat_step

__all__ = ["Optimizer", "require"]


def require(ok: bool, what: str, value: Any) -> None:
    """Raise ``ValueError('Invalid <what>: <value>')`` unless ``ok`` (argument validation)."""
    if not ok:
        raise ValueError(f"Invalid {what}: {value!r}")


def _state_tensor(data: Any) -> Tensor:
    """A state entry (moment, buffer) as a tensor owning ``data``, as PyTorch keeps them."""
    return wrap(data)


class Optimizer:
    """Base of all optimizers (``torch.optim.Optimizer``).

    ``params`` is an iterable of tensors, of ``(name, tensor)`` pairs, or of dicts that each
    define a parameter group (``{'params': [...], 'lr': ...}``); options a group leaves out are
    taken from ``defaults``.
    """

    # a group is stepped in one pass over flat buffers (optim/_flat.py) up to this many numbers
    # per parameter beyond the first (0: always per parameter)
    _flat_limit: int = LIMIT

    def __init__(self, params: Iterable[Any], defaults: dict[str, Any]) -> None:
        if isinstance(params, Tensor):
            raise TypeError(
                "params argument given to the optimizer should be an iterable of "
                f"Tensors or dicts, but got {type(params).__name__}"
            )
        self.defaults = defaults
        self.state: defaultdict[Tensor, dict[str, Any]] = defaultdict(dict)
        self.param_groups: list[dict[str, Any]] = []
        self._scratch: dict[tuple, Any] = {}
        self._flat_layouts = FlatLayouts()  # per group, made on a step (optim/_flat.py)
        groups = list(params)
        if not groups:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        for group in groups:
            self.add_param_group(group)

    # ---- groups ---------------------------------------------------------------------------
    def add_param_group(self, param_group: dict[str, Any]) -> None:
        """Add a group of parameters with its own options (e.g. a layer unfrozen mid-training)."""
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, but got {type(param_group).__name__}")
        group = dict(param_group)
        params = group["params"]
        if isinstance(params, Tensor):
            params = [params]
        elif isinstance(params, set):
            raise TypeError(
                "optimizer parameters need to be organized in ordered collections, "
                "but the ordering of tensors in sets changes between runs; use a list"
            )
        params = list(params)
        names = [p[0] for p in params if isinstance(p, tuple)]
        if names:
            if len(names) != len(params):
                raise ValueError(
                    "all optimizer params should be with/without names; "
                    "some param names are missing"
                )
            group["param_names"] = names
            params = [p[1] for p in params]
        for p in params:
            _check_param(p)
        group["params"] = params
        for name, default in self.defaults.items():
            group.setdefault(name, default)
        if len(params) != len(set(params)):
            warnings.warn(
                "optimizer contains a parameter group with duplicate parameters", stacklevel=3
            )
        seen = set(chain.from_iterable(g["params"] for g in self.param_groups))
        if not seen.isdisjoint(params):
            raise ValueError("some parameters appear in more than one parameter group")
        self.param_groups.append(group)

    # ---- the step ---------------------------------------------------------------------------
    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Update every parameter that has a gradient; ``closure`` (run first, with grad mode
        on) re-evaluates the model, calls ``backward`` and returns the loss, which is returned."""
        loss = None
        if closure is not None:
            with grad_mode.enable_grad():
                loss = closure()
        state = self.state
        # no graph (as no_grad(), at a tenth of its cost: this runs every step)
        prev, modes.grad_enabled = modes.grad_enabled, False
        try:
            for group in self.param_groups:
                if flat_step(self, group):  # the whole group in one pass
                    continue
                for p in group["params"]:
                    if p.grad is None:
                        continue
                    st = state.get(p)
                    if st is None:
                        st = self._init_state(p, group)
                        if st is not None:
                            state[p] = st
                    self._update(p, st, group)
                    bump_version(p)
        finally:
            modes.grad_enabled = prev
        return loss

    def _init_state(self, p: Tensor, group: dict[str, Any]) -> dict[str, Any] | None:
        """The state of ``p`` before its first update (None: the algorithm keeps none)."""
        raise NotImplementedError  # abstract: each algorithm defines its state

    def _update(self, p: Tensor, state: dict[str, Any] | None, group: dict[str, Any]) -> None:
        """Change ``p._data`` in place by one step of the algorithm."""
        raise NotImplementedError  # abstract: each algorithm defines its update

    # ---- helpers for the algorithms -----------------------------------------------------------
    def _buffer(self, like: Any, slot: int) -> Any:
        """A scratch array shaped like ``like`` (one per shape, dtype and ``slot``, reused)."""
        key = (slot, like.shape, like.dtype, type(like))
        buf = self._scratch.get(key)
        if buf is None:
            buf = self._scratch[key] = array_ops(like).empty_like(like)
        return buf

    def _grad(self, p: Tensor, maximize: bool = False, weight_decay: float = 0) -> Any:
        """The gradient the update uses: ``g = ±∇`` (``-`` when ``maximize``), plus ``λ θ``
        when ``weight_decay`` λ is set (L2 regularisation folded into the gradient).

        The array is ``p.grad``'s own (read only) when nothing changes it, else scratch slot 0
        (slot 1 is used on the way, so algorithms may reuse it afterwards).
        """
        g = p.grad._data
        if not weight_decay and not maximize:
            return g
        xp = array_ops(g)
        out = self._buffer(g, 0)
        if maximize:
            xp.negative(g, out=out)
            g = out
        if weight_decay:
            tmp = self._buffer(g, 1)
            xp.multiply(p._data, float(weight_decay), out=tmp)
            xp.add(g, tmp, out=out)
        return out

    def _zeros_state(self, p: Tensor, fill: float = 0.0) -> Tensor:
        """A state tensor shaped like ``p`` filled with ``fill``."""
        return _state_tensor(array_ops(p._data).full_like(p._data, fill))

    def _state_array(self, state: dict[str, Any], key: str, p: Tensor) -> Any:
        """``state[key]``'s array, made (zeros) when missing: an option switched on mid-run."""
        t = state.get(key)
        if t is None:
            t = state[key] = self._zeros_state(p)
        return t._data

    @staticmethod
    def _step_count(state: dict[str, Any]) -> float:
        """Add one to ``state['step']`` (a 0-d tensor, as PyTorch keeps it; for a flat group,
        the vector of its parameters' equal counts) and return it."""
        t = state["step"]._data
        t += 1
        return float(t if t.ndim == 0 else t[0])

    @staticmethod
    def _new_step(value: float = 0.0) -> Tensor:
        """A step count as PyTorch keeps it: a 0-d host tensor of the default float dtype
        (the count is a host scalar, so NumPy's namespace is the right one here)."""
        return _state_tensor(NUMPY.full((), value, dtype=get_default_dtype().np))

    # ---- gradients ----------------------------------------------------------------------------
    def zero_grad(self, set_to_none: bool = True) -> None:
        """Reset the gradients: to None (the default) or to zeros in place."""
        for group in self.param_groups:
            for p in group["params"]:
                g = p.grad
                if g is None:
                    continue
                if set_to_none:
                    p.grad = None
                    continue
                if g.grad_fn is not None:
                    g.detach_()
                else:
                    g.requires_grad = False
                g.zero_()

    # ---- saving and resuming ----------------------------------------------------------------
    def state_dict(self) -> dict[str, Any]:
        """``{'state': {index: {...}}, 'param_groups': [{..., 'params': [indices]}]}``:
        PyTorch's layout, parameters numbered in group order. The state tensors are the live
        ones (as in PyTorch); copy the dict to keep a snapshot."""
        index: dict[int, int] = {}
        groups = []
        for group in self.param_groups:
            packed = {k: v for k, v in group.items() if k != "params"}
            for p in group["params"]:
                index.setdefault(id(p), len(index))
            packed["params"] = [index[id(p)] for p in group["params"]]
            groups.append(packed)
        state = {index[id(p)]: s for p, s in self.state.items() if id(p) in index and s}
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore what ``state_dict()`` saved (into an optimizer over the same parameters):
        the group options and copies of the state, cast to each parameter's dtype."""
        saved_groups = copy.deepcopy(state_dict["param_groups"])
        if len(saved_groups) != len(self.param_groups):
            raise ValueError(
                "loaded state dict has a different number of parameter groups "
                f"({len(saved_groups)}) than the optimizer "
                f"({len(self.param_groups)})"
            )
        for i, (g, s) in enumerate(zip(self.param_groups, saved_groups)):
            if len(g["params"]) != len(s["params"]):
                raise ValueError(
                    f"loaded state dict's parameter group {i} has "
                    f"{len(s['params'])} parameters, the optimizer's has "
                    f"{len(g['params'])}"
                )
        id_map = dict(
            zip(
                chain.from_iterable(g["params"] for g in saved_groups),
                chain.from_iterable(g["params"] for g in self.param_groups),
            )
        )
        state: defaultdict[Tensor, dict[str, Any]] = defaultdict(dict)
        for key, value in state_dict["state"].items():
            key = int(key) if isinstance(key, str) and key.isdigit() else key
            if key not in id_map:
                raise KeyError(
                    f"loaded state dict has state for parameter {key!r}, which is "
                    "in none of its parameter groups"
                )
            p = id_map[key]
            state[p] = {k: _cast_state(p, k, v) for k, v in value.items()}
        for g, s in zip(self.param_groups, saved_groups):
            s["params"] = g["params"]
            if "param_names" in g and "param_names" not in s:
                s["param_names"] = g["param_names"]
            for name, default in self.defaults.items():
                s.setdefault(name, default)
        self.param_groups = saved_groups
        self.state = state
        self._flat_layouts.clear()  # lay the groups out again from the loaded state

    def __repr__(self) -> str:
        lines = [f"{type(self).__name__} ("]
        for i, group in enumerate(self.param_groups):
            lines.append(f"Parameter Group {i}")
            lines += [f"    {k}: {group[k]}" for k in sorted(group) if k != "params"]
        return "\n".join(lines) + "\n)"


def _check_param(p: Any) -> None:
    if not isinstance(p, Tensor):
        raise TypeError(
            f"optimizer can only optimize Tensors, but one of the params is {type(p).__name__}"
        )
    if not (p.is_leaf or p.retains_grad):
        raise ValueError("can't optimize a non-leaf Tensor")
    if isinstance(p._data, np.generic):
        # NOTE: a 0-d op result holds a NumPy scalar, which can't be updated in place; it shares
        # memory with nothing, so it becomes a 0-d array once here (as in-place tensor ops do).
        p._data = np.array(p._data)


def _cast_state(p: Tensor, key: str, value: Any) -> Any:
    """A copy of one saved state value: ``step`` as a host 0-d tensor (given as a number or a
    tensor), other tensors copied to ``p``'s array library and floating dtype, anything else
    deep-copied."""
    if key == "step":
        return Optimizer._new_step(float(value._data if isinstance(value, Tensor) else value))
    if not isinstance(value, Tensor):
        return copy.deepcopy(value)
    data = array_ops(p._data).array(value._data, copy=True)
    if p._data.dtype.kind == "f":
        data = data.astype(p._data.dtype, copy=False)
    return _state_tensor(data)
