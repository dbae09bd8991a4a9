"""What a resume checkpoint must look like, checked before any state is touched: its structure
(``check_structure``: every part of the right kind) and its fit to the run resuming it
(``check_fits``: the model's names and shapes, the optimizer's groups and state, the callbacks'
states, the generators of the data). Each problem is a ``CheckpointError`` naming the file and
the part at fault."""

from __future__ import annotations

import inspect
import math
from collections.abc import Iterator
from typing import Any

import numpy as np

from .._tensor import Tensor
from ..errors import InputError
from ..nn.parameter import Parameter
from ..ops.creation import zeros
from ..random import Generator

__all__ = ["FORMAT", "CheckpointError", "check_structure", "check_fits", "data_generators"]

FORMAT = "neuralgrad.train.checkpoint"
_READS = (1, 2)
_EPOCHS = ("stopped_epoch", "restored_epoch")


class CheckpointError(InputError):
    """A resume checkpoint that can't be resumed from: not one, damaged, edited, or written by
    a run of another shape (model, optimizer, callbacks, data generators)."""


def _whole(v: Any) -> bool:
    return isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_))


def _number(v: Any) -> bool:
    return isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)


def _need(ok: bool, name: str, what: str) -> None:
    if not ok:
        raise CheckpointError(f"{name}: {what}")


def data_generators(trainer: Any) -> list[Generator]:
    """The generators the training data draws from besides the global one, each once: the
    loader's, then those of its transform (a ``Compose``'s members too), in a fixed order."""
    loader = getattr(trainer, "train_loader", None)
    found: dict[int, Generator] = {}
    for g in _generators_in(getattr(loader, "generator", None), 0):
        found.setdefault(id(g), g)
    for g in _generators_in(getattr(loader, "transform", None), 0):
        found.setdefault(id(g), g)
    return list(found.values())


def _generators_in(obj: Any, depth: int) -> Iterator[Generator]:
    if isinstance(obj, Generator):
        yield obj
    elif depth < 4 and isinstance(obj, (list, tuple)):
        for item in obj:
            yield from _generators_in(item, depth + 1)
    elif depth < 4 and hasattr(obj, "__dict__") and not isinstance(obj, type):
        for value in vars(obj).values():
            yield from _generators_in(value, depth + 1)


def _generator_state(state: Any, name: str, where: str) -> None:
    """A ``Generator.get_state()``: its seed and a bit generator state NumPy accepts."""
    ok = isinstance(state, dict) and set(state) == {"seed", "bit_generator"}
    _need(ok and _whole(state["seed"]), name, f"{where} is not a random generator's state")
    try:
        np.random.PCG64().state = state["bit_generator"]  # a scratch one: nothing is touched
    except (TypeError, ValueError, KeyError, OverflowError):
        raise CheckpointError(f"{name}: {where} is not a random generator's state") from None


def check_structure(state: Any, name: str) -> None:
    """``state`` is a resume checkpoint this neuralgrad reads, every part of the right kind."""
    _need(
        isinstance(state, dict) and state.get("format") == FORMAT,
        name,
        "not a resume checkpoint (a weights-only file? write one with "
        "ModelCheckpoint(..., save_weights_only=False))",
    )
    version = state.get("version")
    _need(
        _whole(version) and version in _READS,
        name,
        f"checkpoint version {version!r} is not one this neuralgrad reads {_READS}",
    )
    _need(_whole(state.get("epoch")) and state["epoch"] >= 0, name, "'epoch' is not a count")
    model = state.get("model")
    _need(
        isinstance(model, dict)
        and all(isinstance(k, str) and isinstance(v, Tensor) for k, v in model.items()),
        name,
        "'model' is not a state dict of named tensors",
    )
    _finite(model.values(), name, "'model' holds")
    _optimizer_structure(state.get("optimizer"), name)
    callbacks = state.get("callbacks")
    _need(
        isinstance(callbacks, dict) and all(isinstance(v, dict) for v in callbacks.values()),
        name,
        "'callbacks' is not a map of callback states",
    )
    _history_structure(state.get("history"), name)
    _rng_structure(state.get("rng"), version, name)
    seed = state.get("split_seed")
    _need(
        "split_seed" in state and (seed is None or _whole(seed) and 0 <= seed < 2**63),
        name,
        "'split_seed' is not a seed (a whole number in [0, 2**63))",
    )
    if version >= 2:
        _need(isinstance(state.get("stopped"), bool), name, "'stopped' is not true or false")


def _optimizer_structure(opt: Any, name: str) -> None:
    ok = isinstance(opt, dict) and isinstance(opt.get("state"), dict)
    groups = opt.get("param_groups") if ok else None
    ok = ok and isinstance(groups, list) and all(isinstance(g, dict) for g in groups)
    ok = ok and all(
        isinstance(g.get("params"), list) and all(_whole(i) for i in g["params"]) for g in groups
    )
    _need(ok, name, "'optimizer' is not an optimizer's state dict")
    for key, per_param in opt["state"].items():
        _need(
            _whole(key)
            and isinstance(per_param, dict)
            and all(isinstance(v, Tensor) or _number(v) for v in per_param.values()),
            name,
            f"'optimizer' state of parameter {key!r} is not a map of tensors and numbers",
        )
        _finite(per_param.values(), name, f"'optimizer' state of parameter {key} holds")
        step = per_param.get("step", 0)
        if isinstance(step, Tensor):
            step = step.item() if step.numel() == 1 else -1
        count = float(step)  # a number (checked above), finite
        ok = count >= 0 and count.is_integer()
        _need(ok, name, f"'optimizer' step count of parameter {key} is not a count")
    for group in groups:
        numbers = [v for k, v in group.items() if k != "params" and _number(v)]
        _finite(numbers, name, "'optimizer' settings hold")


def _finite(values: Any, name: str, where: str) -> None:
    """Every number and floating tensor in ``values`` is finite: training never writes
    NaN or infinity into a checkpoint (``ModelCheckpoint`` refuses), so one holding it was
    damaged or edited."""
    for v in values:
        if isinstance(v, Tensor):
            ok = not v.dtype.is_floating_point or bool(np.isfinite(v.numpy()).all())
        else:
            ok = not _number(v) or _whole(v) or math.isfinite(v)
        _need(ok, name, f"{where} NaN or infinity (training never writes them)")


def _history_structure(history: Any, name: str) -> None:
    ok = isinstance(history, dict) and isinstance(history.get("epoch"), list)
    ok = (
        ok and all(_whole(e) for e in history["epoch"]) and isinstance(history.get("history"), dict)
    )
    ok = ok and all(
        isinstance(k, str) and isinstance(v, list) and all(_number(x) for x in v)
        for k, v in history["history"].items()
    )
    ok = ok and all(k in history and (history[k] is None or _whole(history[k])) for k in _EPOCHS)
    ok = ok and (history.get("stop_reason") is None or isinstance(history["stop_reason"], str))
    _need(ok, name, "'history' is not a training history")


def _rng_structure(rng: Any, version: int, name: str) -> None:
    key = "data" if version >= 2 else "loader"
    _need(isinstance(rng, dict) and key in rng, name, "'rng' does not hold the random states")
    _generator_state(rng.get("global"), name, "'rng' 'global'")
    saved = rng[key] if version >= 2 else [s for s in (rng[key],) if s is not None]
    _need(isinstance(saved, list), name, f"'rng' '{key}' is not a list of generator states")
    for i, s in enumerate(saved):
        _generator_state(s, name, f"'rng' '{key}' entry {i}")


# ---- does it fit this run ------------------------------------------------------------------
def check_fits(trainer: Any, state: dict[str, Any], name: str) -> None:
    """``state`` (structure checked) can be restored into ``trainer``'s run as it is."""
    _tensors_fit(state["model"], trainer.model.state_dict(), name, "the model")
    _optimizer_fits(trainer.optimizer, state["optimizer"], name)
    current = trainer.callbacks.state_dict()
    for key, saved in state["callbacks"].items():
        if key in current:  # callbacks absent from the checkpoint start fresh
            _same_shape(saved, current[key], name, f"callback {key}'s state")
    rng = state["rng"]
    saved = rng["data"] if "data" in rng else [s for s in (rng["loader"],) if s is not None]
    gens = data_generators(trainer)
    _need(
        len(saved) == len(gens),
        name,
        f"it holds {len(saved)} generator state(s) of the training data (the loader's, an "
        f"augmentation's), this run has {len(gens)}: pass the same generators as the run that "
        "wrote it",
    )


def _tensors_fit(saved: dict, current: dict, name: str, what: str) -> None:
    missing, extra = sorted(set(current) - set(saved)), sorted(set(saved) - set(current))
    _need(
        not missing and not extra,
        name,
        f"{what} does not match: missing {missing[:5]}, unexpected {extra[:5]}",
    )
    for key, t in current.items():
        s = saved[key]
        _need(
            tuple(s.shape) == tuple(t.shape) and s.dtype.is_floating_point == t.is_floating_point(),
            name,
            f"{what}'s {key} is {s.dtype} of shape {tuple(s.shape)}, the run's is {t.dtype} "
            f"of shape {tuple(t.shape)}",
        )


def _optimizer_fits(opt: Any, saved: dict, name: str) -> None:
    groups = saved["param_groups"]
    mine = opt.param_groups
    sizes, my_sizes = [len(g["params"]) for g in groups], [len(g["params"]) for g in mine]
    _need(
        sizes == my_sizes,
        name,
        f"the optimizer's parameter groups hold {sizes} parameters, the run's hold {my_sizes}",
    )
    params = [p for g in mine for p in g["params"]]
    order = sorted(i for g in groups for i in g["params"])
    _need(order == list(range(len(params))), name, "the optimizer's parameter numbers are damaged")
    for g, m in zip(groups, mine):
        for key, value in g.items():
            if key not in ("params", "param_names") and key in m:
                _same_shape(value, m[key], name, f"optimizer setting {key!r}", lengths=True)
    for g, m in zip(groups, mine):
        _settings_accepted(type(opt), {k: v for k, v in g.items() if k in m}, name)
    group_of = {i: (g, m) for g, m in zip(groups, mine) for i in g["params"]}
    for key, per_param in saved["state"].items():
        _need(0 <= key < len(params), name, f"optimizer state for unknown parameter {key}")
        shape = tuple(params[key].shape)
        for k, v in per_param.items():
            ok = not isinstance(v, Tensor) or tuple(v.shape) in (shape, ())
            _need(ok, name, f"optimizer state {k!r} of parameter {key} has another shape")
        g, m = group_of[key]
        fresh = opt._init_state(params[key], {**m, **g})  # what the algorithm keeps per parameter
        missing = sorted(set(fresh or {}) - set(per_param))
        _need(not missing, name, f"optimizer state of parameter {key} lacks {missing}")
        for k, v in (fresh or {}).items():
            whole = isinstance(v, Tensor) and v.ndim > 0  # a buffer the size of the parameter
            ok = not whole or (isinstance(per_param[k], Tensor) and per_param[k].shape == v.shape)
            _need(ok, name, f"optimizer state {k!r} of parameter {key} is not a {shape} tensor")


def _settings_accepted(algorithm: type, settings: dict[str, Any], name: str) -> None:
    """The optimizer's own argument checks pass on the saved settings (a scratch optimizer over
    a scratch parameter: a negative learning rate is refused as the constructor refuses it)."""
    accepted = inspect.signature(algorithm).parameters  # not a schedule's initial_lr
    settings = {k: v for k, v in settings.items() if k in accepted and k != "params"}
    try:
        algorithm([Parameter(zeros(1))], **settings)
    except (ValueError, TypeError) as e:
        raise CheckpointError(f"{name}: the optimizer's settings are refused ({e})") from None


def _kind(v: Any) -> str:
    if isinstance(v, (bool, np.bool_)):
        return "bool"
    if _number(v):
        return "number"
    if isinstance(v, (list, tuple)):
        return "sequence"
    if isinstance(v, Tensor):
        return "tensor"
    return "map" if isinstance(v, dict) else type(v).__name__


def _same_shape(saved: Any, fresh: Any, name: str, what: str, lengths: bool = False) -> None:
    """``saved`` has the layout of ``fresh`` (a fresh object's state): the same keys, and values
    of the same kinds (a fresh None stands for anything: a state not yet set); with
    ``lengths``, sequences of the same lengths too (an optimizer's betas)."""
    if fresh is None:
        return
    _need(saved is not None, name, f"{what} is missing (None)")
    _need(_kind(saved) == _kind(fresh), name, f"{what} is a {_kind(saved)}, not a {_kind(fresh)}")
    if _whole(fresh):  # a count or an epoch: read back with int()
        ok = _whole(saved) or math.isfinite(saved) and float(saved).is_integer()
        _need(ok, name, f"{what} is {saved!r}, not a whole number")
    if isinstance(fresh, dict):
        _need(
            set(saved) == set(fresh),
            name,
            f"{what} has the entries {sorted(map(str, saved))[:6]}, expected "
            f"{sorted(map(str, fresh))[:6]}",
        )
        for key in fresh:
            _same_shape(saved[key], fresh[key], name, f"{what} {key!r}", lengths)
    elif isinstance(fresh, (list, tuple)):
        same = len(saved) == len(fresh)
        _need(same or not lengths, name, f"{what} has {len(saved)} values, not {len(fresh)}")
        for i, (s, f) in enumerate(zip(saved, fresh) if same else ()):
            _same_shape(s, f, name, f"{what} [{i}]", lengths)
