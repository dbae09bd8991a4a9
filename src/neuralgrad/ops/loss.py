"""Fused losses and the one reduction helper every loss shares.

Cross-entropy (log-softmax + negative log-likelihood) and binary cross-entropy on logits are each
one node with a hand-written VJP, written in the log-sum-exp form so that logits of +-1e4 give
exact, finite values; binary cross-entropy on probabilities is one node too, so that its clamped
logs and PyTorch's guarded gradient hold at 0 and 1. Each node returns per-element losses;
``reduce_loss`` turns them into PyTorch's ``'none' | 'sum' | 'mean'`` result. Arguments are
checked by the public wrappers in ``nn.functional``, not here.
"""

from __future__ import annotations

import math
from typing import Any

from .._backend import array_ops
from .._fused import contiguous
from .._tensor import Tensor
from ..autograd.node import CONST, Node
from ._kernels import PICKED_LOSS, ROW_MAX_SHIFT, SOFTMAX_XENT_BACKWARD
from .reduce import array_mean
from .unary import _float_input

__all__ = [
    "REDUCTIONS",
    "check_reduction",
    "reduce_loss",
    "mse_mean",
    "class_dim",
    "class_target_weights",
    "unsqueeze_class",
    "cross_entropy",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
]

REDUCTIONS = ("none", "mean", "sum")


def check_reduction(reduction: str) -> None:
    """Raise PyTorch's ValueError unless ``reduction`` is 'none', 'mean' or 'sum'."""
    if reduction not in REDUCTIONS:
        raise ValueError(
            f"{reduction} is not a valid value for reduction "
            f"(expected one of {', '.join(map(repr, REDUCTIONS))})"
        )


def reduce_loss(loss: Tensor, reduction: str, total: float | None = None) -> Tensor:
    """PyTorch's loss reduction: ``'none'`` keeps ``loss``, ``'sum'`` gives sum(loss), ``'mean'``
    gives sum(loss) / total, where ``total`` is the element count unless the loss says otherwise
    (cross-entropy and NLL with class weights divide by the summed weights of the counted
    targets). A mean over nothing is nan with a zero gradient, as in PyTorch."""
    check_reduction(reduction)
    if reduction == "none":
        return loss
    if reduction == "sum":
        return loss.sum()
    if total is None:
        if loss._data.size:
            return loss.mean()
        total = 0
    if total == 0:
        return loss.sum() * 0.0 + math.nan
    return loss.sum() / total


class MSELossBackward(Node):
    saved = {"x": 0, "y": 1}
    params = ("count",)

    def vjp(self, g, xp):
        """``gx = 2 (x − y) g / n``, ``gy = −gx``, computed as the composed ``mean((x − y)²)``
        computes it (``t = (x − y)·(g/n)``, ``gx = t + t``), so the bits are the same; the
        difference is recomputed from the inputs so that second derivatives flow."""
        t = (self.x - self.y) * (g / self.count)
        gx = t + t
        return gx, (-gx if self.next[1] is not None else None)


def mse_mean(x: Tensor, y: Tensor) -> Tensor:
    """``mean((x − y)²)`` of two float tensors of one shape and dtype as one node (the common
    case of ``F.mse_loss``: three kernels forward, four backward, instead of three nodes)."""
    xd, yd = x._data, y._data
    d = xd - yd
    d *= d
    out = array_mean(d, None, False)
    return MSELossBackward.record(out, (x, y), xp=array_ops(xd), x=xd, y=yd, count=d.size)


def _promoted(*tensors: Tensor | None) -> tuple:
    """The tensors cast (differentiably) to their common float dtype, as PyTorch's composed
    losses promote float32 with float64; None entries pass through."""
    from .. import _dtype
    from .cast import to_dtype

    present = [t for t in tensors if t is not None]
    dt = _dtype.result_np_dtype(present)
    return tuple(None if t is None else to_dtype(t, _dtype.from_np(dt)) for t in tensors)


def class_dim(ndim: int) -> int:
    """The class axis of a classification input: 1 for (N, C, d1, ...), 0 for unbatched (C,)."""
    return 1 if ndim > 1 else 0


def class_target_weights(target: Any, weight: Any, ignore_index: int, dtype: Any) -> tuple:
    """For class indices ``target``: (target with ignored entries set to class 0, ``w[y_i]`` with
    0 for ignored entries, the mean's divisor: None when it is the plain count, else sum w[y_i])."""
    xp = array_ops(target)
    valid = xp.asarray(target != ignore_index)
    every = bool(valid.all())
    safe = target if every else xp.where(valid, target, 0)
    if weight is None:
        return safe, valid.astype(dtype), None if every else float(valid.sum())
    wy = weight.astype(dtype, copy=False)[safe]
    wy = xp.asarray(wy if every else wy * valid)
    return safe, wy, float(wy.sum(dtype="float64"))


def unsqueeze_class(a: Any, dim: int) -> Any:
    """Labels or per-sample values ``a`` with a size-1 class axis at ``dim`` (a view; cheaper
    than expand_dims), to line up with (N, C, d1, ...) logits."""
    return a.reshape(a.shape[:dim] + (1,) + a.shape[dim:])


def _pick(a: Any, index: Any, cd: int) -> Any:
    """``a``'s entries at ``index`` (keeping the class axis, size 1) along ``cd``; plain integer
    indexing for the common (N, C) case, which is several times faster than take_along_axis."""
    xp = array_ops(a)
    if a.ndim == 2:
        return a[xp.arange(a.shape[0]), index.reshape(-1)].reshape(index.shape)
    return xp.take_along_axis(a, index, axis=cd)


def _class_shape(weight: Any, ndim: int, cd: int) -> Any:
    """A (C,) class-weight vector shaped to broadcast along class axis ``cd`` of an ndim input."""
    return weight.reshape((-1,) + (1,) * (ndim - 1 - cd))


def _shift_and_log_z(d: Any, cd: int, xp: Any) -> tuple:
    """(m, x - m, log z) along ``cd``, m the row maximum and z = sum(exp(x - m)), so that
    log softmax(x) = (x - m) - log z with no overflow; the loss is assembled from these without
    materialising log softmax, in the order that keeps a near-zero loss exact."""
    m = xp.max(d, axis=cd, keepdims=True)
    shifted = d - m
    return m, shifted, xp.log(xp.exp(shifted).sum(axis=cd, keepdims=True))


class CrossEntropyBackward(Node):
    """d loss_i / d x_ic = softmax_ic * s_i - Q_ic, where Q_i is the weighted (and smoothed)
    one-hot row and s_i its sum; the softmax is recomputed from x so higher orders hold."""

    # x the logits, m their row maxima, target the labels with a class axis, coef their
    # weights w[y] (1 - eps), total the row sums s, spread the smoothing term (None: none),
    # weight the class weights (None: none)
    saved = {
        "x": 0,
        "m": CONST,
        "target": CONST,
        "coef": CONST,
        "total": CONST,
        "spread": CONST,
        "weight": CONST,
    }
    params = ("dim", "in_shape")

    def vjp(self, g, xp):
        dim, spread, w = self.dim, self.spread, self.weight
        g = xp.expand_dims(g, dim)
        e = xp.exp(self.x - self.m)
        gx = e * (g * self.total / xp.sum(e, axis=dim, keepdims=True))
        gx = gx - xp.gather_backward(self.in_shape, dim, self.target, g * self.coef)
        if spread is not None:
            gx = gx - g * (spread if w is None else spread * w)
        return (gx, None)


class CrossEntropyProbsBackward(Node):
    """Class-probability targets: d/dx = softmax * sum(q) - q with q = w * smoothed target;
    d/dtarget = -(1 - eps) * w * logp (PyTorch differentiates the target too)."""

    saved = {"x": 0, "t": 1, "m": CONST, "w": CONST}
    params = ("dim", "smoothing")

    def vjp(self, g, xp):
        x, t, m, w = self.x, self.t, self.m, self.w
        dim, eps = self.dim, self.smoothing
        g = xp.expand_dims(g, dim)
        e = xp.exp(x - m)
        z = xp.sum(e, axis=dim, keepdims=True)
        gx = gt = None
        if self.next[0] is not None:
            q = t * (1 - eps) + eps / x.shape[dim] if eps else t
            q = q if w is None else q * w
            gx = e * (g * xp.sum(q, axis=dim, keepdims=True) / z) - g * q
        if self.next[1] is not None:
            gt = g * (x - m - xp.log(z)) * -(1 - eps)
            gt = gt if w is None else gt * w
        return (gx, gt)


def cross_entropy(
    input: Tensor,
    target: Tensor,
    weight: Tensor | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> Tensor:
    """PyTorch's ``F.cross_entropy`` as one node: loss_i = -sum_c Q_ic log softmax(x_i)_c.

    Class indices: Q_i = (1 - eps) w[y_i] onehot(y_i) + (eps / C) w, zero for ignored samples;
    the mean divides by sum of w[y_i] over counted samples. Class probabilities (float target of
    the input's shape): Q_i = w * ((1 - eps) t_i + eps / C); the mean divides by the sample count.
    """
    probs = target._data.dtype.kind == "f"
    fast = _cross_entropy_plain(input, target, weight, ignore_index, reduction, label_smoothing)
    if fast is not None:
        return fast
    if probs:
        input, target = _promoted(input, target)  # noqa: A001
    d = _float_input(input)
    cd = class_dim(d.ndim)
    w = None if weight is None else _class_shape(weight._data.astype(d.dtype), d.ndim, cd)
    eps = float(label_smoothing)
    if probs:
        return reduce_loss(_cross_entropy_probs(input, target, d, w, eps), reduction)
    out, total = _cross_entropy_indices(input, target, d, w, ignore_index, eps)
    return reduce_loss(out, reduction, total)


class CrossEntropyLossBackward(Node):
    """The common case as one node: (N, C) logits, class indices, no weights or smoothing,
    mean or sum; d loss / d x = (softmax(x) - onehot(y)) * g * scale."""

    saved = {"x": 0, "m": CONST, "target": CONST, "e": CONST, "z": CONST}
    params = ("scale",)

    def vjp(self, g, xp):
        """``e = exp(x - m)`` and its row sums ``z`` come from the forward; with create_graph
        they are recomputed from ``x`` so that the gradient is differentiable."""
        x, e, z, t = self.x, self.e, self.z, self.target
        if isinstance(x, Tensor):
            e = xp.exp(x - self.m)
            z = xp.sum(e, axis=1, keepdims=True)
            t, dtype = t._data, x._data.dtype  # the labels are a constant of the graph
        else:
            kernel = SOFTMAX_XENT_BACKWARD.get(xp)  # one pass, no one-hot array
            if kernel is not None and g.dtype == e.dtype and contiguous(e, x):
                return (kernel(e, z, t, g.reshape(1), self.scale), None)
            dtype = e.dtype
        onehot = array_ops(t).zeros(e.shape, dtype=dtype)
        onehot[array_ops(t).arange(t.shape[0]), t] = 1
        return ((e / z - onehot) * (g * self.scale), None)


def _cross_entropy_plain(
    input: Tensor,
    target: Tensor,
    weight: Any,
    ignore_index: int,
    reduction: str,
    label_smoothing: float,
) -> Tensor | None:
    """The mean/sum cross-entropy of (N, C) float logits against int labels in [0, C) with no
    weights or smoothing (a training step's usual loss) in one node; None for other cases."""
    d, t = input._data, target._data
    if (
        weight is not None
        or label_smoothing
        or d.ndim != 2
        or t.ndim != 1
        or reduction == "none"
        or d.dtype.kind != "f"
        or t.dtype.kind not in "iu"
        or t.shape[0] != d.shape[0]
        or not t.size
        or t.min() < 0
        or 0 <= ignore_index < d.shape[1]
        and (t == ignore_index).any()
    ):
        return None
    xp = array_ops(d)
    shift, picked = ROW_MAX_SHIFT.get(xp), PICKED_LOSS.get(xp)
    fused = shift is not None and contiguous(d)
    m, shifted = shift(d) if fused else _row_max_shift(d, xp)
    e = xp.exp(shifted)
    z = e.sum(axis=1, keepdims=True)
    # (log z - (x_y - m)): a confident right answer keeps its tiny loss exact
    if fused:
        loss = picked(xp.log(z), shifted, t)[0]
    else:
        loss = (xp.log(z[:, 0]) - shifted[xp.arange(d.shape[0]), t]).sum()
    scale = 1.0 / d.shape[0] if reduction == "mean" else 1.0
    return CrossEntropyLossBackward.record(
        xp.asarray(loss * scale, dtype=d.dtype),
        (input, target),
        xp=xp,
        x=d,
        m=m,
        target=t,
        e=e,
        z=z,
        scale=scale,
    )


def _row_max_shift(d: Any, xp: Any) -> tuple:
    """(each row's maximum, ``d`` minus it) of 2-D logits."""
    m = d.max(axis=1, keepdims=True)
    return m, d - m


def _cross_entropy_probs(
    input: Tensor,
    target: Tensor,
    d: Any,
    w: Any,
    eps: float,
) -> Tensor:
    """loss_i = sum_c q_c (log z - (x_c - m)) = log z * sum(q) - sum(q * (x - m))."""
    xp = array_ops(d)
    cd = class_dim(d.ndim)
    m, shifted, log_z = _shift_and_log_z(d, cd, xp)
    q = target._data
    q = q * (1 - eps) + eps / d.shape[cd] if eps else q
    q = q if w is None else q * w
    loss = log_z * q.sum(axis=cd, keepdims=True) - (q * shifted).sum(axis=cd, keepdims=True)
    return CrossEntropyProbsBackward.record(
        xp.asarray(loss.squeeze(cd), dtype=d.dtype),
        (input, target),
        xp=xp,
        x=d,
        t=target._data,
        m=m,
        w=w,
        dim=cd,
        smoothing=eps,
    )


def _cross_entropy_indices(
    input: Tensor,
    target: Tensor,
    d: Any,
    w: Any,
    ignore_index: int,
    eps: float,
) -> tuple:
    """loss_i = (1 - eps) w[y] ((m - x_y) + log z) + (eps / C) (sum_c w_c (m - x_c) + W log z),
    W = sum of w (C without weights); (m - x_y) first, so a confident right answer keeps its
    tiny loss exact."""
    xp = array_ops(d)
    cd = class_dim(d.ndim)
    m, shifted, log_z = _shift_and_log_z(d, cd, xp)
    safe, wy, total = class_target_weights(
        target._data, None if w is None else w.reshape(-1), ignore_index, d.dtype
    )
    te = unsqueeze_class(safe, cd)
    coef = unsqueeze_class(wy, cd) * (1 - eps)
    loss = (log_z - _pick(shifted, te, cd)) * coef
    s, sq = coef, None
    if eps:
        valid = unsqueeze_class(target._data != ignore_index, cd).astype(d.dtype)
        sq = valid * (eps / d.shape[cd])
        big_w = d.shape[cd] if w is None else w.sum()
        spread = (shifted if w is None else shifted * w).sum(axis=cd, keepdims=True)
        loss = loss + sq * (log_z * big_w - spread)
        s = s + sq * big_w
    out = CrossEntropyBackward.record(
        xp.asarray(loss.squeeze(cd), dtype=d.dtype),
        (input, target),
        xp=xp,
        x=d,
        m=m,
        target=te,
        coef=coef,
        total=s,
        spread=sq,
        weight=w,
        dim=cd,
        in_shape=d.shape,
    )
    return out, total


class BinaryCrossEntropyBackward(Node):
    """PyTorch's BCE gradients: d/dx = w (x - y) / max(x (1 - x), 1e-12) and
    d/dy = w (log(1 - x) - log(x))."""

    saved = {"x": 0, "y": 1, "w": CONST}

    def vjp(self, g, xp):
        x, y, w = self.x, self.y, self.w
        g = g if w is None else g * w
        gx = gy = None
        if self.next[0] is not None:
            var = x * (1 - x)
            gx = g * (x - y) / xp.where(var > 1e-12, var, 1e-12)
        if self.next[1] is not None:
            gy = g * (xp.log1p(-x) - xp.log(x))
        return (gx, gy)


def binary_cross_entropy(
    input: Tensor,
    target: Tensor,
    weight: Tensor | None = None,
    reduction: str = "mean",
) -> Tensor:
    """``-w (y log x + (1 - y) log(1 - x))`` with each log clamped at -100, as PyTorch does, so
    a probability of exactly 0 or 1 gives a finite loss (PyTorch's ``F.binary_cross_entropy``)."""
    d = _float_input(input)
    xp = array_ops(d)
    y = target._data
    w = None if weight is None else weight._data
    with xp.errstate(divide="ignore"):
        loss = (y - 1) * xp.maximum(xp.log1p(-d), -100) - y * xp.maximum(xp.log(d), -100)
    loss = loss if w is None else loss * w
    out = BinaryCrossEntropyBackward.record(
        xp.asarray(loss, dtype=d.dtype), (input, target), xp=xp, x=d, y=y, w=w
    )
    return reduce_loss(out, reduction)


class BinaryCrossEntropyWithLogitsBackward(Node):
    """d/dx = w (l sigmoid(x) - p y) with l = 1 + (p - 1) y; d/dy = -w (x + (p - 1) log sigmoid(x)),
    p the positive weight (1 when absent)."""

    saved = {"x": 0, "y": 1, "pw": CONST, "w": CONST}

    def vjp(self, g, xp):
        x, y, pw, w = self.x, self.y, self.pw, self.w
        g = g if w is None else g * w
        gx = gy = None
        if self.next[0] is not None:
            sig = (xp.tanh(x * 0.5) + 1) * 0.5  # never overflows, as ops.activation.sigmoid
            gx = g * (sig - y) if pw is None else g * (((pw - 1) * y + 1) * sig - pw * y)
        if self.next[1] is not None:
            ax = xp.abs(x)
            gy = -x if pw is None else -x - (pw - 1) * ((x - ax) * 0.5 - xp.log1p(xp.exp(-ax)))
            gy = g * gy
        return (gx, gy)


def binary_cross_entropy_with_logits(
    input: Tensor,
    target: Tensor,
    weight: Tensor | None = None,
    reduction: str = "mean",
    pos_weight: Tensor | None = None,
) -> Tensor:
    """``w (p y softplus(-x) + (1 - y) softplus(x))`` = -w (p y log sigmoid(x)
    + (1 - y) log(1 - sigmoid(x))), p the positive weight, with the stable
    softplus(x) = max(x, 0) + log1p(exp(-|x|)): exact for logits of +-1e4 and, both terms being
    non-negative, free of the cancellation PyTorch's ``(1 - y) x - l log sigmoid(x)`` form has
    for tiny losses (PyTorch's ``F.binary_cross_entropy_with_logits``, same numbers to rounding;
    equals sigmoid + BCE on moderate logits)."""
    input, target, weight, pos_weight = _promoted(input, target, weight, pos_weight)  # noqa: A001
    d = _float_input(input)
    xp = array_ops(d)
    y = target._data
    pw = None if pos_weight is None else pos_weight._data
    w = None if weight is None else weight._data
    tail = xp.log1p(xp.exp(-xp.abs(d)))
    pos = xp.maximum(-d, 0) + tail  # softplus(-x) = -log sigmoid(x)
    neg = xp.maximum(d, 0) + tail  # softplus(x) = -log(1 - sigmoid(x))
    loss = (y * pos if pw is None else pw * y * pos) + (1 - y) * neg
    loss = loss if w is None else loss * w
    out = BinaryCrossEntropyWithLogitsBackward.record(
        xp.asarray(loss, dtype=d.dtype), (input, target), xp=xp, x=d, y=y, pw=pw, w=w
    )
    return reduce_loss(out, reduction)
