"""Fused normalisation kernels: batch, layer, group and instance norm, one node each.

Each standardises ``x`` over some axes with the biased variance, then applies an elementwise
affine map::

    x^ = (x - mean) * rstd,   rstd = 1 / sqrt(var + eps),   y = x^ * w + b

with ``w``, ``b`` per channel (batch, group, instance norm: broadcast as ``(1, C, 1, ...)``) or
per element of the normalised shape (layer norm). With the statistics of ``x`` itself the VJP is
the closed form::

    dx = rstd * (dx^ - mean(dx^) - x^ * mean(dx^ * x^)),   dx^ = dy * w
    dw = sum(dy * x^),   db = sum(dy)   (over the axes a parameter is broadcast along)

With fixed statistics (batch norm in evaluation, instance norm from running statistics) they
are constants and ``dx = dy * w * rstd``. PyTorch: ``native_batch_norm``, ``native_layer_norm``,
``native_group_norm``; instance norm is batch norm over each (sample, channel) as in PyTorch.

The VJP recomputes mean and rstd from ``x`` rather than saving them: saved statistics would be
constants cut off from ``x``, and the same VJP must give exact higher-order gradients
(``create_graph=True``). Argument checks live in ``nn.functional.normalization``.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

from .._backend import array_ops
from .._tensor import Tensor, bump_version
from ..autograd.node import CONST, Node

__all__ = ["batch_norm", "layer_norm", "group_norm", "instance_norm"]


class _Geometry(NamedTuple):
    view: tuple  # the shape x is seen as while taking statistics (group norm splits channels)
    axes: tuple  # the axes of ``view`` that the statistics reduce over
    param_axes: tuple  # the axes of x that weight and bias are broadcast along
    bshape: tuple  # the shape weight and bias are given to broadcast against x


def _count(shape: tuple, axes: tuple) -> int:
    return math.prod(shape[a] for a in axes)


def _moments(xs: Any, axes: tuple, eps: float, xp: Any) -> tuple:
    """Mean, centred values, biased variance and ``1 / sqrt(var + eps)`` over ``axes``."""
    n = _count(xs.shape, axes)
    mean = xp.sum(xs, axis=axes, keepdims=True) / n
    xc = xs - mean
    var = xp.sum(xc * xc, axis=axes, keepdims=True) / n
    return mean, xc, var, 1 / xp.sqrt(var + eps)


def _sum_over(a: Any, axes: tuple, xp: Any) -> Any:
    # a new array even over no axes: a parameter's gradient must not alias the upstream one
    return xp.sum(a, axis=axes) if axes else a * 1


class NormalizationBackward(Node):
    """The VJP shared by the norms; ``mean`` and ``rstd`` are the fixed statistics (None:
    the input's own)."""

    saved = {"x": 0, "w": 1, "mean": CONST, "rstd": CONST}
    params = ("geom", "eps")

    def vjp(self, g, xp):
        x, w, mean, rstd = self.x, self.w, self.mean, self.rstd
        nxt, geom = self.next, self.geom
        fixed = mean is not None
        if fixed:
            xhat = (x - mean) * rstd
        else:
            _, xc, _, rstd = _moments(xp.reshape(x, geom.view), geom.axes, self.eps, xp)
            xhat = xp.reshape(xc * rstd, x.shape)
        gw = _sum_over(g * xhat, geom.param_axes, xp) if nxt[1] is not None else None
        gb = _sum_over(g, geom.param_axes, xp) if nxt[2] is not None else None
        if nxt[0] is None:
            return None, gw, gb
        gxh = g if w is None else g * xp.reshape(w, geom.bshape)
        if fixed:
            return gxh * rstd, gw, gb
        n = _count(geom.view, geom.axes)
        gxh = xp.reshape(gxh, geom.view)
        xh = xp.reshape(xhat, geom.view)
        gx = rstd * (
            gxh
            - xp.sum(gxh, axis=geom.axes, keepdims=True) / n
            - xh * (xp.sum(gxh * xh, axis=geom.axes, keepdims=True) / n)
        )
        return xp.reshape(gx, x.shape), gw, gb


class NativeBatchNormBackward(NormalizationBackward):
    pass


class NativeLayerNormBackward(NormalizationBackward):
    pass


class NativeGroupNormBackward(NormalizationBackward):
    pass


def _normalize(
    node_cls: type[NormalizationBackward],
    x: Tensor,
    weight: Tensor | None,
    bias: Tensor | None,
    geom: _Geometry,
    eps: float,
    fixed: tuple | None = None,
) -> tuple:
    """``(y, mean, var)``: x standardised by its own statistics (or by ``fixed`` = (mean,
    var) arrays shaped ``geom.bshape``), then scaled and shifted; one ``node_cls`` node."""
    d = x._data
    xp = array_ops(d)
    if fixed is None:
        mean, xc, var, rstd = _moments(d.reshape(geom.view), geom.axes, eps, xp)
        xc *= rstd
        out = xc.reshape(d.shape)
        fixed_mean = fixed_rstd = None
    else:
        mean, var = (s.astype(d.dtype, copy=False) for s in fixed)
        rstd = 1 / xp.sqrt(var + eps)
        out = (d - mean) * rstd
        fixed_mean, fixed_rstd = mean, rstd
    w = None if weight is None else weight._data
    if w is not None:
        out *= w.reshape(geom.bshape)
    if bias is not None:
        out += bias._data.reshape(geom.bshape)
    t = node_cls.record(
        out,
        (x, weight, bias),
        xp=xp,
        x=d,
        w=w,
        mean=fixed_mean,
        rstd=fixed_rstd,
        geom=geom,
        eps=eps,
    )
    return t, mean, var


def _update(buf: Tensor | None, batch: Any, momentum: float) -> None:
    """``buf <- (1 - momentum) buf + momentum batch``, in place, outside any graph."""
    if buf is None:
        return
    d = buf._data
    d *= 1 - momentum
    d += momentum * batch.reshape(d.shape).astype(d.dtype, copy=False)
    bump_version(buf)


def _channel_geometry(shape: tuple, axes: tuple) -> _Geometry:
    """Statistics over ``axes`` of x itself; weight and bias per channel (dim 1)."""
    nd = len(shape)
    return _Geometry(shape, axes, (0, *range(2, nd)), (1, shape[1]) + (1,) * (nd - 2))


def _fixed(geom: _Geometry, running_mean: Tensor, running_var: Tensor) -> tuple:
    return running_mean._data.reshape(geom.bshape), running_var._data.reshape(geom.bshape)


def batch_norm(
    x: Tensor,
    weight: Tensor | None,
    bias: Tensor | None,
    running_mean: Tensor | None,
    running_var: Tensor | None,
    training: bool,
    momentum: float,
    eps: float,
) -> Tensor:
    """Batch norm over (N, C, *): statistics per channel over the batch and all other dims.

    Training normalises with the batch's biased variance and moves the running estimates
    towards the batch mean and the unbiased variance (``n / (n - 1)`` correction) by
    ``momentum``; evaluation normalises with the running estimates."""
    geom = _channel_geometry(x.shape, (0, *range(2, x.ndim)))
    if not training:
        return _normalize(
            NativeBatchNormBackward,
            x,
            weight,
            bias,
            geom,
            eps,
            _fixed(geom, running_mean, running_var),
        )[0]
    t, mean, var = _normalize(NativeBatchNormBackward, x, weight, bias, geom, eps)
    n = _count(geom.view, geom.axes)
    _update(running_mean, mean, momentum)
    _update(running_var, var * (n / (n - 1)), momentum)
    return t


def instance_norm(
    x: Tensor,
    running_mean: Tensor | None,
    running_var: Tensor | None,
    weight: Tensor | None,
    bias: Tensor | None,
    use_input_stats: bool,
    momentum: float,
    eps: float,
) -> Tensor:
    """Instance norm over (N, C, *): statistics per sample and channel over the other dims.

    With ``use_input_stats`` the running estimates (per channel) move towards the batch
    average of the per-instance means and unbiased variances, as PyTorch's batch norm over
    the (1, N*C, *) view does; otherwise they normalise."""
    geom = _channel_geometry(x.shape, tuple(range(2, x.ndim)))
    if not use_input_stats:
        return _normalize(
            NativeBatchNormBackward,
            x,
            weight,
            bias,
            geom,
            eps,
            _fixed(geom, running_mean, running_var),
        )[0]
    t, mean, var = _normalize(NativeBatchNormBackward, x, weight, bias, geom, eps)
    n = _count(geom.view, geom.axes)
    _update(running_mean, mean.mean(axis=0), momentum)
    _update(running_var, (var * (n / (n - 1))).mean(axis=0), momentum)
    return t


def layer_norm(x: Tensor, k: int, weight: Tensor | None, bias: Tensor | None, eps: float) -> Tensor:
    """Layer norm: statistics per sample over the last ``k`` dims; weight and bias have the
    shape of those dims."""
    nd = x.ndim
    geom = _Geometry(x.shape, tuple(range(nd - k, nd)), tuple(range(nd - k)), x.shape[nd - k :])
    return _normalize(NativeLayerNormBackward, x, weight, bias, geom, eps)[0]


def group_norm(
    x: Tensor, num_groups: int, weight: Tensor | None, bias: Tensor | None, eps: float
) -> Tensor:
    """Group norm over (N, C, *): statistics per sample over each group of ``C / num_groups``
    channels (and all other dims); weight and bias per channel."""
    view = (x.shape[0], num_groups, math.prod(x.shape[1:]) // num_groups)
    geom = _channel_geometry(x.shape, ())._replace(view=view, axes=(2,))
    return _normalize(NativeGroupNormBackward, x, weight, bias, geom, eps)[0]
