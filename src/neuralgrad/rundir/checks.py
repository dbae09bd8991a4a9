"""Checks of a run directory's parts as read from disk, before anything is built from them:
the run description's data and status sections, and the preprocessing state (feature
columns, classes, head, scalers). Each problem is an ``InputError`` naming the file and the
part at fault, so a damaged run never reaches the code that uses it."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .._tensor import Tensor
from ..errors import InputError, quoted
from ..recipe import SCALERS
from ..recipe.head import Head

__all__ = ["check_status", "check_data", "check_preprocessing"]

_PREP_KEYS = {
    "features",
    "feature_names",
    "target",
    "head",
    "classes",
    "scale",
    "scale_target",
    "x_scaler",
    "y_scaler",
}
_SCALER_KEYS = {
    "standard": {"mean_", "scale_"},
    "minmax": {"data_min_", "data_max_", "scale_", "min_"},
}


def _need(ok: bool, path: str, what: str) -> None:
    if not ok:
        raise InputError(f"{path}: {what}")


def _whole(v: Any, least: int = 0) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and v >= least


def _strings(v: Any) -> bool:
    return isinstance(v, list) and all(isinstance(s, str) for s in v)


def _finite_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def check_status(status: Any, path: str) -> None:
    """A run description's ``status``: epochs done, finished, where it stopped, test scores."""
    _need(isinstance(status, dict), path, f"'status' is {quoted(status)}, not a mapping")
    _need(_whole(status.get("epochs_done", 0)), path, "'status' 'epochs_done' is not a count")
    _need(
        isinstance(status.get("finished", False), bool), path, "'status' 'finished' is not a bool"
    )
    for key in ("stopped_epoch", "restored_epoch"):
        _need(status.get(key) is None or _whole(status[key]), path, f"'status' {key!r} is damaged")
    scores = status.get("test_scores")
    ok = scores is None or (
        isinstance(scores, dict) and all(_finite_number(v) for v in scores.values())
    )
    _need(ok, path, "'status' 'test_scores' is not a mapping of names to numbers")


def check_data(data: Any, path: str) -> None:
    """A run description's ``data``: settings of plain values under text keys."""
    plain = (str, int, float, bool, type(None))
    ok = isinstance(data, dict) and all(
        isinstance(k, str) and (isinstance(v, plain) or _strings(v)) for k, v in data.items()
    )
    _need(ok, path, f"'data' is {quoted(data)}, not a mapping of data settings")


def check_preprocessing(state: Any, path: str) -> None:
    """A ``Preprocessing.state_dict()`` whose parts fit each other: the feature encoder and its
    names, the head, the classes it predicts, and scalers sized to the features and targets."""
    _need(
        isinstance(state, dict) and set(state) == _PREP_KEYS,
        path,
        "not a preprocessing state (its entries are damaged)",
    )
    features = state["features"]
    ok = isinstance(features, dict) and set(features) == {"columns", "categories"}
    ok = ok and _strings(features["columns"]) and isinstance(features["categories"], dict)
    ok = ok and all(
        c in features["columns"] and _strings(v) and v for c, v in features["categories"].items()
    )
    _need(ok, path, "'features' is not a feature encoder's state")
    names = state["feature_names"]
    _need(_strings(names) and len(names) > 0, path, "'feature_names' is not a list of names")
    _need(isinstance(state["target"], str), path, "'target' is not a column name")
    head = _head(state["head"], path)
    _classes(state["classes"], head, path)
    _need(state["scale"] in SCALERS, path, f"'scale' is not one of {list(SCALERS)}")
    _need(isinstance(state["scale_target"], bool), path, "'scale_target' is not true or false")
    _scaler(state["x_scaler"], state["scale"], len(names), path, "x_scaler")
    y_scale = "standard" if head.task == "regression" and state["scale_target"] else "none"
    _scaler(state["y_scaler"], y_scale, head.size, path, "y_scaler")


def _head(h: Any, path: str) -> Head:
    ok = isinstance(h, dict) and set(h) == {"task", "size", "loss", "settings"}
    ok = ok and _whole(h["size"], 1) and isinstance(h["loss"], str)
    ok = ok and isinstance(h["settings"], dict) and isinstance(h["task"], str)
    _need(ok, path, "'head' is not a head's state")
    try:
        resolved = Head.resolve(h["task"], h["size"], {"name": h["loss"], **h["settings"]})
    except InputError as e:
        raise InputError(f"{path}: 'head': {e}") from None
    _need(resolved.loss == h["loss"], path, "'head' names a loss other than its own")
    return Head(h["task"], h["size"], h["loss"], dict(h["settings"]))


def _classes(classes: Any, head: Head, path: str) -> None:
    if head.task == "regression":
        _need(classes is None, path, "'classes' given for a regression")
        return
    ok = isinstance(classes, list) and (
        all(isinstance(c, str) for c in classes) or all(_whole(c, -(2**63)) for c in classes)
    )
    ok = ok and len(set(classes)) == len(classes) == head.size
    _need(ok, path, f"'classes' is not a list of the {head.size} distinct classes the head has")


def _scaler(state: Any, kind: str, size: int, path: str, key: str) -> None:
    if kind == "none":
        _need(state is None, path, f"{key!r} is given where no scaling is")
        return
    ok = isinstance(state, dict) and set(state) == {*_SCALER_KEYS[kind], "n_samples_seen_"}
    ok = ok and _whole(state["n_samples_seen_"])
    ok = ok and all(
        isinstance(v, Tensor)
        and v.numel() == size
        and v.dtype.is_floating_point
        and bool(np.isfinite(v.numpy()).all())
        for k, v in state.items()
        if k != "n_samples_seen_"
    )
    _need(ok, path, f"{key!r} is not a {kind} scaler of {size} finite values")
