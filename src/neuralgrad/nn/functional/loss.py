"""The loss functions of ``torch.nn.functional``: arguments checked here, maths in the ops.

Every loss ends in ``ops.loss.reduce_loss`` (``reduction='none' | 'sum' | 'mean'``). Arguments
after the ones PyTorch takes positionally before its legacy ``size_average``/``reduce`` slots are
keyword-only, so a call that works here means the same thing in PyTorch.
"""

from __future__ import annotations

from ..._backend import array_ops
from ..._tensor import Tensor, wrap
from ...ops import loss as _ops
from ...ops.activation import relu
from ...ops.arith import where
from ...ops.index import gather
from . import _loss_checks as chk

__all__ = [
    "mse_loss",
    "l1_loss",
    "huber_loss",
    "smooth_l1_loss",
    "cross_entropy",
    "nll_loss",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "multi_margin_loss",
    "hinge_embedding_loss",
]


def _regression_args(input: Tensor, target: Tensor, fn: str) -> None:
    chk.check_same_device(fn, input, target)
    chk.check_float(input, "input", fn)
    chk.check_no_nan(input, "input", fn)
    chk.check_no_nan(target, "target", fn)
    chk.check_target_broadcast(input, target, fn)


def mse_loss(input: Tensor, target: Tensor, *, reduction: str = "mean") -> Tensor:
    """Squared error ``(x - y)^2`` (PyTorch's ``F.mse_loss``)."""
    _regression_args(input, target, "mse_loss")
    if (
        reduction == "mean"
        and input._data.shape == target._data.shape
        and input._data.dtype == target._data.dtype
        and input._data.size
    ):
        return _ops.mse_mean(input, target)  # one node, the same bits as the lines below
    diff = input - target
    return _ops.reduce_loss(diff * diff, reduction)


def l1_loss(input: Tensor, target: Tensor, *, reduction: str = "mean") -> Tensor:
    """Absolute error ``|x - y|`` (PyTorch's ``F.l1_loss``; gradient 0 where x == y)."""
    _regression_args(input, target, "l1_loss")
    return _ops.reduce_loss((input - target).abs(), reduction)


def _near_and_far(input: Tensor, target: Tensor, width: float, fn: str) -> tuple:
    """For d = x - y: where ``|d| < width``, and the quadratic ``0.5 d^2`` and linear
    ``|d| - 0.5 width`` pieces that Huber and smooth L1 join there (each scales one piece)."""
    _regression_args(input, target, fn)
    diff = input - target
    ad = diff.abs()
    return ad < width, diff * diff * 0.5, ad - 0.5 * width


def huber_loss(
    input: Tensor,
    target: Tensor,
    reduction: str = "mean",
    delta: float = 1.0,
) -> Tensor:
    """``0.5 d^2`` where ``|d| < delta``, else ``delta (|d| - 0.5 delta)``, with d = x - y:
    quadratic near zero, linear (robust to outliers) beyond (PyTorch's ``F.huber_loss``)."""
    if not delta > 0:
        raise RuntimeError(
            f"huber_loss does not support non-positive values for delta, got {delta}"
        )
    near, quadratic, linear = _near_and_far(input, target, delta, "huber_loss")
    return _ops.reduce_loss(where(near, quadratic, linear * delta), reduction)


def smooth_l1_loss(
    input: Tensor, target: Tensor, *, reduction: str = "mean", beta: float = 1.0
) -> Tensor:
    """``0.5 d^2 / beta`` where ``|d| < beta``, else ``|d| - 0.5 beta``: Huber divided by beta,
    so the linear part has slope 1 (PyTorch's ``F.smooth_l1_loss``; beta=0 is L1)."""
    if beta < 0:
        raise RuntimeError(f"smooth_l1_loss does not support negative values for beta, got {beta}")
    if beta == 0:
        return l1_loss(input, target, reduction=reduction)
    near, quadratic, linear = _near_and_far(input, target, beta, "smooth_l1_loss")
    return _ops.reduce_loss(where(near, quadratic / beta, linear), reduction)


def cross_entropy(
    input: Tensor,
    target: Tensor,
    weight: Tensor | None = None,
    *,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> Tensor:
    """Softmax cross-entropy of logits ``input`` (N, C, d1, ...) or (C,) against class indices
    (int64, shape (N, d1, ...)) or class probabilities (float, the input's shape), as one fused
    node: ``-sum_c q_c log softmax(x)_c`` (PyTorch's ``F.cross_entropy``; see
    ``ops.loss.cross_entropy`` for weights, ``ignore_index`` and label smoothing)."""
    fn = "cross_entropy"
    chk.check_same_device(fn, input, target, weight)
    chk.check_float(input, "input", fn)
    chk.check_no_nan(input, "input", fn)
    chk.check_label_smoothing(label_smoothing, fn)
    chk.check_class_input(input, fn)
    chk.check_class_weight(weight, input, fn)
    if target._data.dtype.kind == "f":
        _check_probability_target(input, target, ignore_index, fn)
    else:
        if target.shape == input.shape:
            raise RuntimeError(
                f"{fn}: a target of the input's shape {tuple(input.shape)} holds "
                f"class probabilities, which must be floating point, got dtype "
                f"{target.dtype} (class indices have the input's shape without "
                f"the class dimension)"
            )
        chk.check_class_target(input, target, fn, ignore_index)
    return _ops.cross_entropy(input, target, weight, ignore_index, reduction, label_smoothing)


def _check_probability_target(
    input: Tensor,
    target: Tensor,
    ignore_index: int,
    fn: str,
) -> None:
    if target.shape != input.shape:
        raise RuntimeError(
            f"{fn}: target of shape {tuple(target.shape)} has dtype "
            f"{target.dtype}, but class indices must be integers (int64); a float "
            f"target is read as class probabilities and must have the input's "
            f"shape {tuple(input.shape)}"
        )
    if ignore_index >= 0:
        raise RuntimeError(
            f"{fn}: ignore_index={ignore_index} is not supported for floating "
            f"point (class probability) targets"
        )
    chk.check_no_nan(target, "target", fn)


def nll_loss(
    input: Tensor,
    target: Tensor,
    weight: Tensor | None = None,
    *,
    ignore_index: int = -100,
    reduction: str = "mean",
) -> Tensor:
    """Negative log-likelihood of log-probabilities ``input`` (N, C, d1, ...) or (C,):
    ``-w[y] x[y]``, 0 for ignored targets; the mean divides by the sum of w[y] over counted
    targets (PyTorch's ``F.nll_loss``). Composed from ``gather``: cross_entropy is its fused
    form after log_softmax."""
    fn = "nll_loss"
    chk.check_same_device(fn, input, target, weight)
    chk.check_float(input, "input", fn)
    chk.check_no_nan(input, "input", fn)
    chk.check_class_target(input, target, fn, ignore_index)
    chk.check_class_weight(weight, input, fn)
    cd = _ops.class_dim(input.ndim)
    d = input._data
    safe, wy, total = _ops.class_target_weights(
        target._data, None if weight is None else weight._data, ignore_index, d.dtype
    )
    picked = gather(input, cd, wrap(_ops.unsqueeze_class(safe, cd)))
    return _ops.reduce_loss(-(picked.squeeze(cd) * wrap(wy)), reduction, total)


def binary_cross_entropy(
    input: Tensor,
    target: Tensor,
    weight: Tensor | None = None,
    *,
    reduction: str = "mean",
) -> Tensor:
    """``-w (y log x + (1 - y) log(1 - x))`` of probabilities ``x``, logs clamped at -100
    (PyTorch's ``F.binary_cross_entropy``)."""
    fn = "binary_cross_entropy"
    chk.check_same_device(fn, input, target, weight)
    chk.check_float(input, "input", fn)
    chk.check_same_shape(input, target, fn)
    if target.dtype != input.dtype:
        raise RuntimeError(
            f"{fn}: target has dtype {target.dtype} but the input has "
            f"{input.dtype}; they must match"
        )
    chk.check_no_nan(input, "input", fn)
    chk.check_no_nan(target, "target", fn)
    chk.check_probabilities(input, fn)
    chk.check_probabilities(target, fn, "target")
    chk.check_weight_broadcast(input, weight, "weight", fn)
    return _ops.binary_cross_entropy(input, target, weight, reduction)


def binary_cross_entropy_with_logits(
    input: Tensor,
    target: Tensor,
    weight: Tensor | None = None,
    *,
    reduction: str = "mean",
    pos_weight: Tensor | None = None,
) -> Tensor:
    """Sigmoid + binary cross-entropy of logits as one stable node, ``pos_weight`` scaling the
    positive term (PyTorch's ``F.binary_cross_entropy_with_logits``)."""
    fn = "binary_cross_entropy_with_logits"
    chk.check_same_device(fn, input, target, weight, pos_weight)
    chk.check_float(input, "input", fn)
    chk.check_float(target, "target (probabilities)", fn)
    chk.check_same_shape(input, target, fn)
    chk.check_no_nan(input, "input", fn)
    chk.check_no_nan(target, "target", fn)
    chk.check_weight_broadcast(input, weight, "weight", fn)
    chk.check_weight_broadcast(input, pos_weight, "pos_weight", fn)
    return _ops.binary_cross_entropy_with_logits(input, target, weight, reduction, pos_weight)


def multi_margin_loss(
    input: Tensor,
    target: Tensor,
    p: int = 1,
    margin: float = 1.0,
    weight: Tensor | None = None,
    *,
    reduction: str = "mean",
    divide_by_classes: bool = True,
) -> Tensor:
    """The multiclass SVM (hinge) loss, PyTorch's ``F.multi_margin_loss``: for scores ``s`` of
    shape (N, C) or (C,) and label y,

        loss = sum_{j != y} w[y] * max(0, margin - s_y + s_j)^p / C.

    The division by C is PyTorch's. The course (CS231n) writes the per-sample loss without it,
    ``L_i = sum_{j != y_i} max(0, s_j - s_{y_i} + 1)``; ``divide_by_classes=False`` (ours) gives
    that form, so the slide's table (2.9, 0, 12.9) comes out as written; the batch mean divides
    by N in both.
    """
    fn = "multi_margin_loss"
    chk.check_same_device(fn, input, target, weight)
    if p not in (1, 2):
        raise ValueError(f"{fn}: only p == 1 and p == 2 supported, got p={p}")
    chk.check_float(input, "input", fn)
    chk.check_no_nan(input, "input", fn)
    if input.ndim > 2:
        raise RuntimeError(
            f"{fn}: expected input of shape (N, C) or (C,), got {tuple(input.shape)}"
        )
    chk.check_class_target(input, target, fn, range_error=RuntimeError)
    chk.check_class_weight(weight, input, fn)
    cd = input.ndim - 1
    d, t = input._data, target._data
    te = _ops.unsqueeze_class(t, cd)
    z = relu(input - gather(input, cd, wrap(te)) + margin)
    hinge = z if p == 1 else z * z
    other = (array_ops(d).arange(d.shape[cd]) != te).astype(d.dtype)  # NOTE: j = y is left out
    loss = (hinge * wrap(other)).sum(cd)
    if weight is not None:
        loss = loss * wrap(weight._data[t])
    return _ops.reduce_loss(loss / d.shape[cd] if divide_by_classes else loss, reduction)


def hinge_embedding_loss(
    input: Tensor,
    target: Tensor,
    margin: float = 1.0,
    *,
    reduction: str = "mean",
) -> Tensor:
    """``x`` where y = 1 and ``max(0, margin - x)`` where y = -1 (both terms for other labels),
    for distances ``x`` and labels ``y`` in {1, -1} (PyTorch's ``F.hinge_embedding_loss``)."""
    fn = "hinge_embedding_loss"
    _regression_args(input, target, fn)
    far = (margin - input).clamp(min=0)
    loss = where(target != 1, far, 0.0) + where(target != -1, input, 0.0)
    return _ops.reduce_loss(loss, reduction)
