"""Fused loops (``_fused``) for the elementwise chains of a training step: ReLU's backward and
softmax cross-entropy's forward and backward around NumPy's ``exp`` and ``log``.

Each does the float operations of the NumPy code it replaces in the same order, so the bits are
the same: sums follow NumPy's pairwise summation (8 interleaved partial sums in blocks of up to
128 numbers, halves above that), ``np.maximum`` propagates NaN. ``exp`` and ``log`` stay NumPy's
calls (Numba's differ from NumPy's SIMD ones in the last bits); the loops take what is around
them. Arrays are 2-D (rows, columns) or 1-D; the loss's labels are integers in range (the
public wrapper checks them).
"""

from __future__ import annotations

import numpy as np

from .._fused import fused, helper

__all__ = ["RELU_BACKWARD", "ROW_MAX_SHIFT", "PICKED_LOSS", "SOFTMAX_XENT_BACKWARD"]


def _relu_backward(g, out):
    """``where(out > 0, g, 0)`` of 1-D views: the gradient where ReLU passed its input, 0
    elsewhere (also where ``g`` is infinite or NaN, as PyTorch's threshold_backward)."""
    zero = g.dtype.type(0.0)
    r = np.empty(g.shape[0], g.dtype)
    for i in range(g.shape[0]):
        r[i] = g[i] if out[i] > 0 else zero
    return r


def _row_max_shift(x):
    """``m = x.max(axis=1, keepdims=True)`` and ``x − m`` of 2-D ``x``, in one pass per row."""
    n, c = x.shape
    m = np.empty((n, 1), x.dtype)
    shifted = np.empty((n, c), x.dtype)
    for i in range(n):
        best = x[i, 0]
        for j in range(1, c):
            v = x[i, j]
            if not (best >= v or best != best):  # np.maximum: NaN wins
                best = v
        m[i, 0] = best
        for j in range(c):
            shifted[i, j] = x[i, j] - best
    return m, shifted


@helper
def _block_sum(a, lo, n):
    """NumPy's sum of a block of at most 128 numbers ``a[lo:lo + n]``: in order below 8, else 8
    interleaved partial sums added pairwise, then the rest in order."""
    if n < 8:
        res = a.dtype.type(-0.0)
        for i in range(lo, lo + n):
            res = res + a[i]
        return res
    r0, r1, r2, r3 = a[lo], a[lo + 1], a[lo + 2], a[lo + 3]
    r4, r5, r6, r7 = a[lo + 4], a[lo + 5], a[lo + 6], a[lo + 7]
    i = 8
    while i < n - n % 8:
        r0 += a[lo + i]
        r1 += a[lo + i + 1]
        r2 += a[lo + i + 2]
        r3 += a[lo + i + 3]
        r4 += a[lo + i + 4]
        r5 += a[lo + i + 5]
        r6 += a[lo + i + 6]
        r7 += a[lo + i + 7]
        i += 8
    res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    while i < n:
        res += a[lo + i]
        i += 1
    return res


@helper
def _pairwise_sum(a):
    """NumPy's pairwise sum of 1-D ``a`` (``@TYPE@_pairwise_sum``): blocks of at most 128 numbers,
    larger ranges split in halves (rounded down to a multiple of 8) whose sums are added. Written
    with a stack: Numba's cache cannot reload recursive functions."""
    n = a.shape[0]
    if n <= 128:
        return _block_sum(a, 0, n)
    los, ns = np.empty(64, np.int64), np.empty(64, np.int64)
    phase, sums = np.zeros(64, np.int8), np.empty(64, a.dtype)
    los[0], ns[0], top, done = 0, n, 0, 0
    while top >= 0:
        lo, m = los[top], ns[top]
        if m <= 128:
            sums[done] = _block_sum(a, lo, m)
            done += 1
            top -= 1
            continue
        half = m // 2
        half -= half % 8
        if phase[top] == 0:  # the first half next
            phase[top] = 1
            los[top + 1], ns[top + 1], phase[top + 1] = lo, half, 0
            top += 1
        elif phase[top] == 1:  # then the second half
            phase[top] = 2
            los[top + 1], ns[top + 1], phase[top + 1] = lo + half, m - half, 0
            top += 1
        else:  # both done: their sum stands for this range
            sums[done - 2] = sums[done - 2] + sums[done - 1]
            done -= 1
            top -= 1
    return sums[0]


def _picked_loss(log_z, shifted, target):
    """``(log_z[:, 0] − shifted[rows, target]).sum()``: each row's loss, summed as NumPy sums
    (returned as a 1-element array: an array stays a value a capture can replay)."""
    n = shifted.shape[0]
    per_row = np.empty(n, shifted.dtype)
    for i in range(n):
        per_row[i] = log_z[i, 0] - shifted[i, target[i]]
    out = np.empty(1, shifted.dtype)
    out[0] = _pairwise_sum(per_row)
    return out


def _softmax_xent_backward(e, z, target, g, scale):
    """``(e / z − onehot(target)) * (g · scale)``: cross-entropy's input gradient from the saved
    exponentials ``e`` and their row sums ``z``; ``g`` the upstream gradient (1 element)."""
    T = e.dtype.type
    gs = g[0] * T(scale)
    n, c = e.shape
    gx = np.empty((n, c), e.dtype)
    one, zero = T(1.0), T(0.0)
    for i in range(n):
        zi, t = z[i, 0], target[i]
        for j in range(c):
            gx[i, j] = (e[i, j] / zi - (one if j == t else zero)) * gs
    return gx


RELU_BACKWARD = fused(_relu_backward)
ROW_MAX_SHIFT = fused(_row_max_shift)
PICKED_LOSS = fused(_picked_loss)
SOFTMAX_XENT_BACKWARD = fused(_softmax_xent_backward)
