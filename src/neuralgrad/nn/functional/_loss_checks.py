"""Argument checks for the losses in ``nn.functional``: each names the value that is wrong.

Kept cheap: one vectorised min/max (or NaN scan) per tensor, no Python loops over samples; the
slower search for the exact offending label only runs once something is already wrong.
"""

from __future__ import annotations

import warnings
from typing import Any

from ..._backend import array_ops
from ..._devices import check_devices
from ..._tensor import Tensor
from ...autograd.grad_mode import is_grad_enabled
from ...ops.loss import class_dim

__all__ = [
    "check_same_device",
    "check_float",
    "check_no_nan",
    "check_same_shape",
    "check_target_broadcast",
    "check_weight_broadcast",
    "check_class_input",
    "check_class_target",
    "check_class_weight",
    "check_probabilities",
    "check_no_grad",
    "check_label_smoothing",
]


def _shape(t: Tensor) -> tuple:
    return tuple(t._data.shape)


def check_same_device(fn: str, *tensors: Tensor | None) -> None:
    """Every tensor of a loss on one device (PyTorch's error otherwise)."""
    check_devices(*(getattr(t, "_data", t) for t in tensors))


def check_float(t: Tensor, what: str, fn: str) -> None:
    """``t`` must hold floating-point values (losses of integer tensors are undefined)."""
    if t._data.dtype.kind != "f":
        raise RuntimeError(f"{fn}: {what} must be a floating-point tensor, got dtype {t.dtype}")


def check_no_nan(t: Tensor, what: str, fn: str) -> None:
    """A NaN in a loss's input silently poisons every gradient: raise, naming where it is."""
    d = t._data
    if d.size and d.dtype.kind == "f":
        xp = array_ops(d)
        # min propagates NaN: one pass, no temporary array (the ufunc's reduce: ndarray.min
        # is a Python wrapper around it)
        if xp.isnan(xp.minimum.reduce(d, axis=None)):
            where = tuple(int(i) for i in xp.argwhere(xp.isnan(d))[0])
            raise ValueError(
                f"{fn}: {what} contains NaN (first at index {where}, "
                f"{int(xp.isnan(d).sum())} of {d.size} values)"
            )


def check_same_shape(input: Tensor, target: Tensor, fn: str) -> None:
    """Target and input must have the very same shape (binary cross-entropy, as PyTorch)."""
    if _shape(input) != _shape(target):
        raise ValueError(
            f"{fn}: target shape {_shape(target)} must be the same as input shape {_shape(input)}"
        )


def check_target_broadcast(input: Tensor, target: Tensor, fn: str) -> None:
    """Regression losses broadcast target against input, as PyTorch does, warning when the
    shapes differ; raise naming both shapes when they cannot broadcast."""
    if target._data.shape == input._data.shape:
        return  # (the usual case: no broadcast to compute)
    shape = _broadcast(input, target, "target", fn)
    if _shape(target) != _shape(input):
        warnings.warn(
            f"{fn}: using a target size {_shape(target)} that is different to the "
            f"input size {_shape(input)}; the loss is computed on the broadcast shape "
            f"{shape}, which is likely not what you want",
            UserWarning,
            stacklevel=3,
        )


def check_weight_broadcast(
    input: Tensor,
    weight: Tensor | None,
    what: str,
    fn: str,
) -> None:
    """A per-element weight must broadcast to the input's shape (without enlarging it)."""
    if weight is not None and _broadcast(input, weight, what, fn) != _shape(input):
        raise RuntimeError(
            f"{fn}: {what} of shape {_shape(weight)} must broadcast to the input "
            f"shape {_shape(input)}"
        )
    check_no_grad(weight, what, fn)


def _broadcast(input: Tensor, other: Tensor, what: str, fn: str) -> tuple:
    try:
        return tuple(array_ops(input._data).broadcast_shapes(_shape(input), _shape(other)))
    except ValueError:
        raise RuntimeError(
            f"{fn}: {what} shape {_shape(other)} does not broadcast with input "
            f"shape {_shape(input)}"
        ) from None


def check_class_input(input: Tensor, fn: str) -> None:
    """A classification input has a class dimension: shape (N, C, d1, ...) or (C,)."""
    if not input.ndim:
        raise RuntimeError(
            f"{fn}: input must have a class dimension, shape (N, C, ...) or (C,);"
            f" got a 0-dim tensor"
        )


def check_class_target(
    input: Tensor,
    target: Tensor,
    fn: str,
    ignore_index: int | None = None,
    range_error: type = IndexError,
) -> None:
    """Class indices for an (N, C, d1, ...) or (C,) input: integer dtype, shape (N, d1, ...)
    or (), every label in [0, C) except those equal to ``ignore_index`` (else ``range_error``,
    PyTorch's type for that loss)."""
    check_class_input(input, fn)
    shape = _shape(input)
    t = target._data
    if t.dtype.kind not in "iu":
        raise RuntimeError(
            f"{fn}: class-index target must be an integer (int64) tensor, got dtype {target.dtype}"
        )
    cd = class_dim(len(shape))
    expected = shape[:cd] + shape[cd + 1 :]
    if _shape(target) != expected:
        batch = len(shape) > 1 and target.ndim and _shape(target)[0] != shape[0]
        kind = ValueError if batch else RuntimeError  # PyTorch's types for the two cases
        raise kind(
            f"{fn}: expected target of shape {expected} for input of shape {shape} "
            f"(classes along dim {cd}), got target of shape {_shape(target)}"
        )
    n_classes = shape[cd]
    if t.size and (t.min() < 0 or t.max() >= n_classes):
        bad = (t < 0) | (t >= n_classes)
        if ignore_index is not None:
            bad &= t != ignore_index
        if bad.any():
            label = int(t[bad].flat[0])
            also = "" if ignore_index is None else f", or ignore_index={ignore_index}"
            raise range_error(
                f"{fn}: target label {label} is out of range for {n_classes} "
                f"classes (expected 0 <= label < {n_classes}{also})"
            )


def check_class_weight(weight: Tensor | None, input: Tensor, fn: str) -> None:
    """A class-weight vector: one value per class, the input's dtype, no gradient."""
    if weight is None:
        return
    n_classes = _shape(input)[class_dim(input.ndim)]
    if _shape(weight) != (n_classes,):
        raise RuntimeError(
            f"{fn}: weight should be defined either for all {n_classes} classes "
            f"or no classes, but got weight of shape {_shape(weight)}"
        )
    if weight.dtype != input.dtype:
        raise RuntimeError(
            f"{fn}: expected weight of dtype {input.dtype} (the input's), got {weight.dtype}"
        )
    check_no_grad(weight, "weight", fn)


def check_no_grad(t: Tensor | None, what: str, fn: str) -> None:
    """PyTorch's losses are not differentiable with respect to their weights: refuse, as it
    does, a weight that requires grad while grad mode is on."""
    if t is not None and t.requires_grad and is_grad_enabled():
        raise RuntimeError(
            f"{fn} is not differentiable with respect to argument '{what}': "
            f"it cannot have requires_grad=True (pass {what}.detach())"
        )


def check_probabilities(input: Tensor, fn: str, what: str = "input") -> None:
    """Binary cross-entropy reads its input and its target as probabilities: all in [0, 1]
    (PyTorch raises for either)."""
    d = input._data
    if d.size:
        lo, hi = d.min(), d.max()
        if lo < 0 or hi > 1:
            hint = "; for logits use the _with_logits form" if what == "input" else ""
            raise RuntimeError(
                f"{fn}: all elements of {what} should be between 0 and 1 "
                f"(probabilities{hint}), found min {float(lo):g} and max {float(hi):g}"
            )


def check_label_smoothing(label_smoothing: Any, fn: str) -> None:
    """Label smoothing mixes the target with the uniform distribution: a share in [0, 1]."""
    if not 0.0 <= label_smoothing <= 1.0:
        raise RuntimeError(
            f"{fn}: label_smoothing must be between 0.0 and 1.0, got {label_smoothing}"
        )
