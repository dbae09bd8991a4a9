"""The op table's rows for ``neuralgrad.nn.functional``: linear, the activations, every loss
(each reduction), every norm, ``normalize`` and ``dropout``, with NumPy references in float64.

Values a row's function must not differentiate (class weights, running statistics, labels) are
made inside its callables from fixed arrays, in the dtype of the input, so that every float
argument of a sample is a differentiable input.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

import neuralgrad as ng
import neuralgrad.nn.functional as F

from .rows import OpInfo, S, c, ints, off0, pos, rand, torch, unary

__all__ = ["FUNCTIONAL_OPS"]

REDUCTIONS = ("mean", "sum", "none")
W4 = np.array([0.5, 1.5, 1.0, 2.0])  # class weights for 4 classes
_T32 = (1e-4, 1e-5)  # float32 tolerance for ops that sum many terms or use transcendental chains


def _const(like: Any, values: np.ndarray) -> Any:
    """``values`` as a constant of ``like``'s framework (neuralgrad, PyTorch or NumPy) and float
    dtype: a class weight or running statistic that is not differentiated."""
    if isinstance(like, ng.Tensor):
        return ng.tensor(values, device=like.device).to(like.dtype)
    if isinstance(like, np.ndarray):
        return values.astype(like.dtype)
    return torch.tensor(values, dtype=like.dtype, device=like.device)


def _torch_f() -> Any:
    return torch.nn.functional


# ---- NumPy references -----------------------------------------------------------------------
def _reduce(loss: np.ndarray, reduction: str, total: float | None = None) -> np.ndarray:
    if reduction == "none":
        return loss
    if reduction == "sum":
        return loss.sum()
    return loss.sum() / (loss.size if total is None else total)


def _log_softmax(x: np.ndarray, axis: int) -> np.ndarray:
    m = x.max(axis=axis, keepdims=True)
    return x - m - np.log(np.exp(x - m).sum(axis=axis, keepdims=True))


def _np_cross_entropy(
    x: np.ndarray,
    t: np.ndarray,
    weight: np.ndarray | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> np.ndarray:
    """PyTorch's cross-entropy of (N, C, ...) or (C,) logits against indices or probabilities."""
    cd = 1 if x.ndim > 1 else 0
    c_ = x.shape[cd]
    logp = np.moveaxis(_log_softmax(x, cd), cd, -1)
    w = np.ones(c_) if weight is None else weight
    if t.dtype.kind == "f":
        q = np.moveaxis(t, cd, -1) * (1 - label_smoothing) + label_smoothing / c_
        return _reduce(-(q * w * logp).sum(-1), reduction)
    valid = t != ignore_index
    safe = np.where(valid, t, 0)
    picked = np.take_along_axis(logp, safe[..., None], -1)[..., 0]
    wy = w[safe] * valid
    loss = -(1 - label_smoothing) * wy * picked
    loss = loss - label_smoothing / c_ * valid * (w * logp).sum(-1)
    return _reduce(loss, reduction, wy.sum())


def _np_nll(
    x: np.ndarray,
    t: np.ndarray,
    weight: np.ndarray | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
) -> np.ndarray:
    cd = 1 if x.ndim > 1 else 0
    w = np.ones(x.shape[cd]) if weight is None else weight
    valid = t != ignore_index
    safe = np.where(valid, t, 0)
    picked = np.take_along_axis(np.moveaxis(x, cd, -1), safe[..., None], -1)[..., 0]
    wy = w[safe] * valid
    return _reduce(-wy * picked, reduction, wy.sum())


def _np_bce(x: np.ndarray, y: np.ndarray, weight: Any = None, reduction: str = "mean") -> Any:
    loss = -(y * np.maximum(np.log(x), -100) + (1 - y) * np.maximum(np.log1p(-x), -100))
    return _reduce(loss if weight is None else loss * weight, reduction)


def _np_bce_logits(
    x: np.ndarray,
    y: np.ndarray,
    weight: Any = None,
    reduction: str = "mean",
    pos_weight: Any = None,
) -> np.ndarray:
    p = 1.0 if pos_weight is None else pos_weight
    log_sig, log_one_minus = -np.logaddexp(0, -x), -np.logaddexp(0, x)
    loss = -(p * y * log_sig + (1 - y) * log_one_minus)
    return _reduce(loss if weight is None else loss * weight, reduction)


def _np_multi_margin(
    x: np.ndarray, t: np.ndarray, p: int = 1, margin: float = 1.0, weight: Any = None,
    reduction: str = "mean",
) -> np.ndarray:  # fmt: skip
    x2 = np.atleast_2d(x)
    t1 = np.atleast_1d(t)
    sy = np.take_along_axis(x2, t1[:, None], 1)
    z = np.maximum(0, margin - sy + x2) ** p
    z[np.arange(len(t1)), t1] = 0
    loss = z.sum(1) / x2.shape[1] * (1 if weight is None else weight[t1])
    return _reduce(loss if x.ndim == 2 else loss[0], reduction)


def _np_hinge(x: np.ndarray, y: np.ndarray, margin: float = 1.0, reduction: str = "mean") -> Any:
    loss = np.where(y != 1, np.maximum(0, margin - x), 0) + np.where(y != -1, x, 0)
    return _reduce(loss, reduction)


def _np_huber(x: np.ndarray, y: np.ndarray, reduction: str = "mean", delta: float = 1.0) -> Any:
    d = np.abs(x - y)
    return _reduce(np.where(d < delta, 0.5 * d * d, delta * (d - 0.5 * delta)), reduction)


def _np_standardize(x: np.ndarray, axes: tuple, eps: float) -> np.ndarray:
    mean = x.mean(axis=axes, keepdims=True)
    var = x.var(axis=axes, keepdims=True)
    return (x - mean) / np.sqrt(var + eps)


def _channel(a: np.ndarray | None, ndim: int) -> Any:
    """A per-channel vector shaped to broadcast along dim 1 of an ``ndim`` input."""
    return 1.0 if a is None else a.reshape((1, -1) + (1,) * (ndim - 2))


def _np_batch_norm(x, rm, rv, w=None, b=None, training=False, momentum=0.1, eps=1e-5):  # noqa: ANN001, ANN202
    if training:
        y = _np_standardize(x, (0, *range(2, x.ndim)), eps)
    else:
        y = (x - _channel(rm, x.ndim)) / np.sqrt(_channel(rv, x.ndim) + eps)
    return y * _channel(w, x.ndim) + (0.0 if b is None else _channel(b, x.ndim))


def _np_instance_norm(
    x, rm=None, rv=None, w=None, b=None, use_input_stats=True, momentum=0.1, eps=1e-5
):  # noqa: ANN001, ANN202, E501
    y = _np_standardize(x, tuple(range(2, x.ndim)), eps)
    return y * _channel(w, x.ndim) + (0.0 if b is None else _channel(b, x.ndim))


def _np_layer_norm(x, shape, w=None, b=None, eps=1e-5):  # noqa: ANN001, ANN202
    k = 1 if isinstance(shape, int) else len(shape)
    y = _np_standardize(x, tuple(range(x.ndim - k, x.ndim)), eps)
    return y * (1.0 if w is None else w) + (0.0 if b is None else b)


def _np_group_norm(x, groups, w=None, b=None, eps=1e-5):  # noqa: ANN001, ANN202
    v = x.reshape(x.shape[0], groups, -1)
    y = _np_standardize(v, (2,), eps).reshape(x.shape)
    return y * _channel(w, x.ndim) + (0.0 if b is None else _channel(b, x.ndim))


def _np_normalize(x: np.ndarray, p: float = 2.0, dim: int = 1, eps: float = 1e-12) -> Any:
    n = np.sum(np.abs(x) ** p, axis=dim, keepdims=True) ** (1.0 / p)
    return x / np.maximum(n, eps)


def _np_gelu(x: np.ndarray, approximate: str = "none") -> np.ndarray:
    if approximate == "tanh":
        return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)))
    return x * 0.5 * (1 + np.vectorize(math.erf)(x / math.sqrt(2)))


def _np_softplus(x: np.ndarray, beta: float = 1.0, threshold: float = 20.0) -> np.ndarray:
    return np.where(beta * x > threshold, x, np.logaddexp(0, beta * x) / beta)


def _np_heaviside(x: np.ndarray, value_at_zero: float = 0.0, straight_through: bool = False) -> Any:
    return np.where(x > 0, 1.0, np.where(x == 0, value_at_zero, 0.0))


def _torch_heaviside(x: Any, value_at_zero: float = 0.0, straight_through: bool = False) -> Any:
    """Our step in PyTorch: its values, and the gradient ours has (zero, or the identity's)."""
    step = torch.heaviside(x.detach(), torch.tensor(value_at_zero, dtype=x.dtype))
    return x + (step - x.detach()) if straight_through else x * 0 + step


def _np_linear(x: np.ndarray, w: np.ndarray, b: np.ndarray | None = None) -> np.ndarray:
    out = x @ w.T
    return out if b is None else out + b


# The device the last neuralgrad call of the row ran on: its mask comes from that device's
# generator, so the references (which see NumPy arrays or CPU tensors) draw theirs there too.
_dropout_device = ["cpu"]


def _dropout_mask(x: Any, p: float) -> np.ndarray:
    """The mask ``F.dropout`` draws for ``x``'s shape right after ``manual_seed(0)``."""
    ng.manual_seed(0)
    ones = ng.ones(*x.shape, dtype=ng.float64, device=_dropout_device[0])
    return F.dropout(ones, p).numpy()


def _ng_dropout(x: ng.Tensor, p: float) -> ng.Tensor:
    ng.manual_seed(0)  # the same mask at every call (finite differences call it many times)
    _dropout_device[0] = str(x.device)
    return F.dropout(x, p)


# ---- samples --------------------------------------------------------------------------------
def _reductions(make: Callable) -> Callable:
    """``make(r, d, reduction)`` for every reduction."""
    return lambda r, d: [x for red in REDUCTIONS for x in make(r, d, red)]


def _regression(r: np.random.Generator, d: Any, red: str) -> list:
    return [S(rand(r, d, (3, 4)), rand(r, d, (3, 4)), reduction=red)]


def _labels(r: np.random.Generator, n: int, classes: int = 4, ignored: bool = False) -> Any:
    t = ints(r, 0, classes, (n,))
    if ignored:
        t[::3] = 1  # class 1 is the ignore_index of these samples
    return t


def _ce(r: np.random.Generator, d: Any, red: str) -> list:
    return [
        S(rand(r, d, (5, 4)), _labels(r, 5), reduction=red),
        S(rand(r, d, (5, 4)), _labels(r, 5, ignored=True), ignore_index=1, reduction=red),
        S(rand(r, d, (5, 4)), _labels(r, 5), label_smoothing=0.2, reduction=red),
        S(rand(r, d, (2, 4, 3)), ints(r, 0, 4, (2, 3)), reduction=red),
        S(rand(r, d, (4,)), np.array(2), reduction=red),
        S(rand(r, d, (3, 4)), pos(r, d, (3, 4)) / 4, reduction=red),  # probabilities
    ]


def _ce_weighted(r: np.random.Generator, d: Any, red: str) -> list:
    return [
        S(rand(r, d, (5, 4)), _labels(r, 5, ignored=True), ignore_index=1, reduction=red),
        S(rand(r, d, (5, 4)), _labels(r, 5), label_smoothing=0.1, reduction=red),
    ]


def _nll(r: np.random.Generator, d: Any, red: str) -> list:
    return [
        S(rand(r, d, (5, 4)), _labels(r, 5), reduction=red),
        S(rand(r, d, (5, 4)), _labels(r, 5, ignored=True), ignore_index=1, reduction=red),
        S(rand(r, d, (2, 4, 3)), ints(r, 0, 4, (2, 3)), reduction=red),
    ]


def _probabilities(r: np.random.Generator, d: Any, shape: tuple) -> np.ndarray:
    return rand(r, d, shape, 0.05, 0.95)


def _bce(r: np.random.Generator, d: Any, red: str) -> list:
    return [S(_probabilities(r, d, (3, 4)), _probabilities(r, d, (3, 4)), reduction=red)]


def _margin(r: np.random.Generator, d: Any, red: str) -> list:
    # scores on a grid 0.3 apart never sit on a hinge's kink (margin 1 or 0.7 between two)
    def scores(shape: tuple) -> np.ndarray:
        return (r.permutation(int(np.prod(shape))).reshape(shape) * 0.3 + 0.2).astype(d)

    return [
        S(scores((4, 5)), _labels(r, 4, 5), reduction=red),
        S(scores((4, 5)), _labels(r, 4, 5), p=2, margin=0.7, reduction=red),
        S(scores((5,)), np.array(3), reduction=red),
    ]


def _hinge(r: np.random.Generator, d: Any, red: str) -> list:
    y = np.where(r.random((3, 4)) < 0.5, -1.0, 1.0).astype(d)
    return [S(off0(r, d, (3, 4)) + 1.0, y, reduction=red), S(rand(r, d, (4,)), y[0], margin=0.5)]


def _instance_norm_samples(r: np.random.Generator, d: Any) -> list:
    """(N, C, L) inputs with per-channel weight and bias, and without."""
    return [
        S(rand(r, d, (2, 3, 4)), None, None, rand(r, d, (3,)), rand(r, d, (3,))),
        S(rand(r, d, (3, 2, 5))),
    ]


def _layer_norm_samples(r: np.random.Generator, d: Any) -> list:
    return [
        S(rand(r, d, (3, 4)), (4,), rand(r, d, (4,)), rand(r, d, (4,))),
        S(rand(r, d, (2, 3, 4)), (3, 4), rand(r, d, (3, 4)), rand(r, d, (3, 4))),
        S(rand(r, d, (2, 5)), 5, eps=1e-3),
        S(rand(r, d, (3, 4)), (3, 4), rand(r, d, (3, 4)), rand(r, d, (3, 4))),  # no batch dims
    ]


def _group_norm_samples(r: np.random.Generator, d: Any) -> list:
    return [
        S(rand(r, d, (2, 4, 3)), 2, rand(r, d, (4,)), rand(r, d, (4,))),
        S(rand(r, d, (3, 6)), 3, rand(r, d, (6,)), rand(r, d, (6,))),
        S(rand(r, d, (2, 4, 2)), 4),
    ]


def _linear_samples(r: np.random.Generator, d: Any) -> list:
    return [
        S(rand(r, d, (4, 3)), rand(r, d, (2, 3)), rand(r, d, (2,))),
        S(rand(r, d, (2, 3, 3)), rand(r, d, (2, 3)), rand(r, d, (2,))),
        S(rand(r, d, (3,)), rand(r, d, (2, 3))),
        S(rand(r, d, (4, 3)), rand(r, d, (3,))),  # a 1-D weight: x @ w
    ]


def _dim_samples(r: np.random.Generator, d: Any) -> list:
    return [
        S(rand(r, d, (3, 4)), dim=1),
        S(rand(r, d, (2, 3, 4)), dim=0),
        S(rand(r, d, (5,)), dim=0),
    ]


RM, RV = np.array([0.2, -0.3, 0.1]), np.array([0.5, 1.5, 0.8])  # running mean and variance


def _bn(lib: str) -> Callable:
    """batch_norm with constant running statistics: training (batch statistics) and eval."""

    def call(x: Any, w: Any = None, b: Any = None, training: bool = True) -> Any:
        f = {"ng": F.batch_norm, "torch": None, "np": _np_batch_norm}[lib] or _torch_f().batch_norm
        rm, rv = (None, None) if training else (_const(x, RM), _const(x, RV))
        return f(x, rm, rv, w, b, training, 0.1, 1e-5)

    return call


def _bn_samples(r: np.random.Generator, d: Any) -> list:
    return [
        S(rand(r, d, (4, 3)), rand(r, d, (3,)), rand(r, d, (3,))),
        S(rand(r, d, (2, 3, 4)), rand(r, d, (3,)), rand(r, d, (3,))),
        S(rand(r, d, (4, 3)), rand(r, d, (3,)), rand(r, d, (3,)), training=False),
        S(rand(r, d, (3, 3)), training=True),
    ]


def _loss_row(name: str, fn: str, ref: Callable, samples: Callable, **kw: Any) -> OpInfo:
    """A loss row: ``F.<fn>`` in both frameworks, ``kw`` passed through OpInfo."""
    return OpInfo(
        name,
        getattr(F, fn),
        ref,
        lambda *a, **k: getattr(_torch_f(), fn)(*a, **k),
        samples,
        (f"F.{fn}",),
        **kw,
    )


def _act_row(fn: str, ref: Callable, samples: Callable, **kw: Any) -> OpInfo:
    return OpInfo(
        f"F.{fn}",
        getattr(F, fn),
        ref,
        lambda *a, **k: getattr(_torch_f(), fn)(*a, **k),
        samples,
        (f"F.{fn}",),
        **kw,
    )


def _with_weight(fn: str, ref: Callable, **extra: Any) -> tuple:
    """(ng, NumPy, torch) callables of ``F.<fn>`` with the constant class weights ``W4``."""
    return (
        lambda x, t, **k: getattr(F, fn)(x, t, _const(x, W4), **extra, **k),
        lambda x, t, **k: ref(x, t, weight=W4, **extra, **k),
        lambda x, t, **k: getattr(_torch_f(), fn)(x, t, _const(x, W4), **extra, **k),
    )


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


FUNCTIONAL_OPS: list[OpInfo] = [
    OpInfo(
        "F.linear",
        F.linear,
        _np_linear,
        lambda *a: _torch_f().linear(*a),
        _linear_samples,
        ("F.linear",),
    ),  # fmt: skip
    # activations
    _act_row("relu", lambda x: np.maximum(x, 0), unary(off0)),
    _act_row(
        "leaky_relu",
        lambda x, negative_slope=0.01: np.where(x > 0, x, x * negative_slope),
        lambda r, d: [S(off0(r, d, (2, 3))), S(off0(r, d, (4,)), 0.2)],
    ),
    _act_row(
        "elu",
        lambda x, alpha=1.0: np.where(x > 0, x, alpha * np.expm1(x)),
        lambda r, d: [S(off0(r, d, (2, 3))), S(off0(r, d, (4,)), alpha=0.7)],
    ),
    _act_row("silu", lambda x: x * _sigmoid(x), unary()),
    _act_row("sigmoid", _sigmoid, unary()),
    _act_row("tanh", np.tanh, unary()),
    _act_row(
        "softplus",
        _np_softplus,
        lambda r, d: [S(rand(r, d, (2, 3))), S(rand(r, d, (4,)), 2.0, 3.0)],
    ),
    _act_row(
        "gelu",
        _np_gelu,
        lambda r, d: [S(rand(r, d, (2, 3))), S(rand(r, d, (4,)), approximate="tanh")],
        tol32=_T32,
    ),
    _act_row(
        "prelu",
        lambda x, w: np.where(x > 0, x, x * (w.reshape((1, -1) + (1,) * (x.ndim - 2)))),
        lambda r, d: [
            S(off0(r, d, (2, 3, 4)), rand(r, d, (3,))),
            S(off0(r, d, (2, 3)), rand(r, d, (1,))),
        ],
    ),
    _act_row(
        "softmax",
        lambda x, dim: np.exp(_log_softmax(x, dim)),
        _dim_samples,
    ),
    _act_row("log_softmax", lambda x, dim: _log_softmax(x, dim), _dim_samples),
    OpInfo(
        "F.heaviside",
        F.heaviside,
        _np_heaviside,
        _torch_heaviside,
        lambda r, d: [
            S(off0(r, d, (2, 3))),
            S(off0(r, d, (4,)), straight_through=True, fd=False),  # the estimator is no derivative
            S(c(-1.0, 0.0, 2.0, dt=d), 0.5, fd=False),
        ],
        ("F.heaviside",),
        second_order=False,  # PyTorch's heaviside has no derivative to take twice
    ),
    OpInfo(
        "F.dropout",
        _ng_dropout,
        lambda x, p: x * _dropout_mask(x, p),
        lambda x, p: x * torch.tensor(_dropout_mask(x, p), dtype=x.dtype, device=x.device),
        lambda r, d: [S(rand(r, d, (3, 4)), 0.3), S(rand(r, d, (5,)), 0.5)],
        ("F.dropout",),
    ),
    # losses
    _loss_row(
        "F.mse_loss",
        "mse_loss",
        lambda x, y, reduction="mean": _reduce((x - y) ** 2, reduction),
        _reductions(_regression),
    ),
    _loss_row(
        "F.l1_loss",
        "l1_loss",
        lambda x, y, reduction="mean": _reduce(np.abs(x - y), reduction),
        _reductions(_regression),
    ),
    _loss_row(
        "F.huber_loss",
        "huber_loss",
        _np_huber,
        lambda r, d: (
            _reductions(_regression)(r, d) + [S(rand(r, d, (6,)), rand(r, d, (6,)), delta=0.5)]
        ),
    ),
    _loss_row("F.cross_entropy", "cross_entropy", _np_cross_entropy, _reductions(_ce), tol32=_T32),
    OpInfo(
        "F.cross_entropy(weight)",
        *_with_weight("cross_entropy", _np_cross_entropy),
        _reductions(_ce_weighted),
        tol32=_T32,
    ),
    _loss_row("F.nll_loss", "nll_loss", _np_nll, _reductions(_nll)),
    OpInfo("F.nll_loss(weight)", *_with_weight("nll_loss", _np_nll), _reductions(_nll)),
    _loss_row(
        "F.binary_cross_entropy", "binary_cross_entropy", _np_bce, _reductions(_bce), tol32=_T32
    ),
    OpInfo(
        "F.binary_cross_entropy(weight)",
        lambda x, y, **k: F.binary_cross_entropy(x, y, _const(x, W4), **k),
        lambda x, y, **k: _np_bce(x, y, W4, **k),
        lambda x, y, **k: _torch_f().binary_cross_entropy(x, y, _const(x, W4), **k),
        _reductions(_bce),
        tol32=_T32,
    ),
    _loss_row(
        "F.binary_cross_entropy_with_logits",
        "binary_cross_entropy_with_logits",
        _np_bce_logits,
        _reductions(
            lambda r, d, red: [S(rand(r, d, (3, 4)), _probabilities(r, d, (3, 4)), reduction=red)]
        ),
        tol32=_T32,
    ),
    OpInfo(
        "F.binary_cross_entropy_with_logits(weights)",
        lambda x, y, **k: F.binary_cross_entropy_with_logits(
            x, y, _const(x, W4), pos_weight=_const(x, W4[::-1].copy()), **k
        ),
        lambda x, y, **k: _np_bce_logits(x, y, W4, pos_weight=W4[::-1], **k),
        lambda x, y, **k: _torch_f().binary_cross_entropy_with_logits(
            x, y, _const(x, W4), pos_weight=_const(x, W4[::-1].copy()), **k
        ),
        _reductions(
            lambda r, d, red: [S(rand(r, d, (3, 4)), _probabilities(r, d, (3, 4)), reduction=red)]
        ),
        tol32=_T32,
    ),
    _loss_row(
        "F.multi_margin_loss",
        "multi_margin_loss",
        _np_multi_margin,
        _reductions(_margin),
        second_order=False,  # PyTorch has no double backward for it
    ),
    OpInfo(
        "F.multi_margin_loss(weight)",
        lambda x, t, **k: F.multi_margin_loss(x, t, weight=_const(x, np.arange(1.0, 6.0)), **k),
        lambda x, t, **k: _np_multi_margin(x, t, weight=np.arange(1.0, 6.0), **k),
        lambda x, t, **k: _torch_f().multi_margin_loss(
            x, t, weight=_const(x, np.arange(1.0, 6.0)), **k
        ),
        _reductions(_margin),
        second_order=False,
    ),
    _loss_row("F.hinge_embedding_loss", "hinge_embedding_loss", _np_hinge, _reductions(_hinge)),
    # norms
    OpInfo(
        "F.batch_norm",
        _bn("ng"),
        _bn("np"),
        _bn("torch"),
        _bn_samples,
        ("F.batch_norm",),
        tol32=_T32,
    ),
    _act_row("instance_norm", _np_instance_norm, _instance_norm_samples, tol32=_T32),
    OpInfo(
        "F.layer_norm",
        F.layer_norm,
        _np_layer_norm,
        lambda x, shape, *a, **k: _torch_f().layer_norm(
            x, [shape] if isinstance(shape, int) else list(shape), *a, **k
        ),
        _layer_norm_samples,
        ("F.layer_norm",),
        tol32=_T32,
    ),
    _act_row("group_norm", _np_group_norm, _group_norm_samples, tol32=_T32),
    _act_row(
        "normalize",
        _np_normalize,
        lambda r, d: [
            S(off0(r, d, (3, 4))),
            S(off0(r, d, (2, 3, 2)), 1.0, 2),
            S(off0(r, d, (5,)), dim=0),
        ],
        tol32=_T32,
    ),
]
