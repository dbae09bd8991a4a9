"""Custom ``autograd.Function``s shared by the tests of functions, gradcheck and in-place ops."""

from __future__ import annotations

import neuralgrad as ng


class Exp(ng.autograd.Function):
    """exp with a backward that reuses the saved output."""

    @staticmethod
    def forward(ctx, x):
        y = x.exp()
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        (y,) = ctx.saved_tensors
        return g * y


class AlmostExp(Exp):
    """Exp whose gradient is off by 1e-3 relative: only loose tolerances accept it."""

    @staticmethod
    def backward(ctx, g):
        return Exp.backward(ctx, g) * 1.001
