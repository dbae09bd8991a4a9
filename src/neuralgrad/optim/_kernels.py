"""Each algorithm's update as one fused loop (``_fused``): one pass over the parameter, its
gradient and its state instead of a dozen NumPy passes, for CPU arrays when Numba is installed.

Every loop does, element by element, the float operations of its algorithm's NumPy code in the
same order (``optimizer._grad`` first: negate when maximizing, add ``λ θ``), with the Python
scalars cast to the parameter's dtype as NumPy casts them, so both paths give the same bits.
Arrays are 1-D views; flags and scalars are the group's options; ``T`` is the element type.
"""

from __future__ import annotations

import numpy as np

from .._fused import fused, helper

__all__ = ["SGD_UPDATE", "ADAM_UPDATE", "RMSPROP_UPDATE", "ADAGRAD_UPDATE", "ADADELTA_UPDATE"]


@helper
def _grad_of(gi, pi, maximize, wd, wd_):
    """``optimizer._grad`` of one element: the gradient, negated when maximizing, plus ``λ θ``
    (``wd_`` is ``λ`` in the element type)."""
    if maximize:
        gi = -gi
    if wd != 0:
        gi = gi + pi * wd_
    return gi


def _sgd(p, g, buf, lr, momentum, damp, wd, maximize, nesterov, velocity, first):
    """``SGD._update``; ``buf`` the momentum buffer (``first``: set to the step's gradient),
    ``damp`` = 1 − dampening, ``velocity``: the buffer accumulates ``lr · g`` (then the step is
    −1 · buf)."""
    T = p.dtype.type
    mu, wd_, lr_, damp_ = T(momentum), T(wd), T(lr), T(damp)
    neg = T(-1.0) if velocity and momentum != 0 else T(-lr)
    for i in range(p.shape[0]):
        gi = _grad_of(g[i], p[i], maximize, wd, wd_)
        if momentum != 0:
            if velocity:
                gi = gi * lr_
            if first:
                b = gi
            elif damp != 1.0:
                b = buf[i] * mu + gi * damp_
            else:
                b = buf[i] * mu + gi
            buf[i] = b
            gi = gi + b * mu if nesterov else b
        p[i] = p[i] + gi * neg


def _adam(
    p, g, m, v, vmax, lr, beta1, beta2, eps, wd, bc2_sqrt, step, amsgrad, maximize, decoupled
):
    """``Adam._update``: ``bc2_sqrt`` = √(1 − β₂ᵗ), ``step`` = −lr / (1 − β₁ᵗ); ``vmax`` is
    used when ``amsgrad``; decoupled decay scales θ by 1 − lr·λ first."""
    T = p.dtype.type
    decay, wd_ = T(1.0 - lr * wd), T(wd)
    w1, b2, w2 = T(1.0 - beta1), T(beta2), T(1.0 - beta2)
    bc2, eps_, step_ = T(bc2_sqrt), T(eps), T(step)
    wd_l2 = 0.0 if decoupled else wd  # L2 decay: added to the gradient
    for i in range(p.shape[0]):
        pi = p[i]
        if wd != 0 and decoupled:
            pi = pi * decay
        gi = _grad_of(g[i], pi, maximize, wd_l2, wd_)
        mi = m[i] + (gi - m[i]) * w1
        vi = v[i] * b2 + (gi * w2) * gi
        m[i] = mi
        v[i] = vi
        if amsgrad:
            a = vmax[i]
            vi = a if a >= vi or a != a else vi  # np.maximum: NaN wins
            vmax[i] = vi
        p[i] = pi + (mi * step_) / (np.sqrt(vi) / bc2 + eps_)


def _rmsprop(p, g, v, mean, buf, lr, alpha, eps, wd, momentum, centered, maximize):
    """``RMSprop._update``: ``mean`` the gradient average (``centered``), ``buf`` the momentum
    buffer (``momentum`` > 0)."""
    T = p.dtype.type
    a, w, eps_, wd_, mu = T(alpha), T(1.0 - alpha), T(eps), T(wd), T(momentum)
    one, neg = T(1.0), T(-lr)
    for i in range(p.shape[0]):
        gi = _grad_of(g[i], p[i], maximize, wd, wd_)
        vi = v[i] * a + (gi * w) * gi
        v[i] = vi
        if centered:
            mi = mean[i] + (gi - mean[i]) * w
            mean[i] = mi
            avg = np.sqrt(vi + (mi * T(-1.0)) * mi) + eps_
        else:
            avg = np.sqrt(vi) + eps_
        if momentum > 0:
            b = buf[i] * mu + (gi * one) / avg
            buf[i] = b
            p[i] = p[i] + b * neg
        else:
            p[i] = p[i] + (gi * neg) / avg


def _adagrad(p, g, s, clr, eps, wd, maximize):
    """``Adagrad._update``: ``clr`` the decayed learning rate, ``s`` the sum of squares."""
    T = p.dtype.type
    eps_, wd_, neg = T(eps), T(wd), T(-clr)
    for i in range(p.shape[0]):
        gi = _grad_of(g[i], p[i], maximize, wd, wd_)
        si = s[i] + gi * gi
        s[i] = si
        p[i] = p[i] + (gi * neg) / (np.sqrt(si) + eps_)


def _adadelta(p, g, v, u, lr, rho, eps, wd, maximize):
    """``Adadelta._update``: ``v`` the squared-gradient average, ``u`` the squared-step one."""
    T = p.dtype.type
    r, w, eps_, wd_, neg = T(rho), T(1.0 - rho), T(eps), T(wd), T(-lr)
    for i in range(p.shape[0]):
        gi = _grad_of(g[i], p[i], maximize, wd, wd_)
        vi = v[i] * r + (gi * w) * gi
        v[i] = vi
        delta = (np.sqrt(u[i] + eps_) / np.sqrt(vi + eps_)) * gi
        u[i] = u[i] * r + (delta * w) * delta
        p[i] = p[i] + delta * neg


SGD_UPDATE = fused(_sgd)
ADAM_UPDATE = fused(_adam)
RMSPROP_UPDATE = fused(_rmsprop)
ADAGRAD_UPDATE = fused(_adagrad)
ADADELTA_UPDATE = fused(_adadelta)
