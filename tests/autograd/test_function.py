"""Custom autograd.Function: ctx.save_for_backward, saved_tensors, needs_input_grad, apply."""

from __future__ import annotations

import numpy as np
import pytest

import neuralgrad as ng
from custom_functions import Exp


class ScaleBy(ng.autograd.Function):
    """x * k for a Python number k: backward returns None for the non-tensor argument."""

    @staticmethod
    def forward(ctx, x, k):
        ctx.k = k
        return x * k

    @staticmethod
    def backward(ctx, g):
        return g * ctx.k, None


class MulAdd(ng.autograd.Function):
    """Two outputs: (a * b, a + b)."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a * b, a + b

    @staticmethod
    def backward(ctx, g_prod, g_sum):
        a, b = ctx.saved_tensors
        ga = g_prod * b + g_sum if ctx.needs_input_grad[0] else None
        gb = g_prod * a + g_sum if ctx.needs_input_grad[1] else None
        return ga, gb


class Clip(ng.autograd.Function):
    """A straight-through clip: identity gradient."""

    @staticmethod
    def forward(ctx, x, lo, hi):
        return x.clamp(lo, hi)

    @staticmethod
    def backward(ctx, g):
        return g, None, None


def test_function_forward_backward_and_name():
    x = ng.tensor([0.5, -1.0], dtype=ng.float64, requires_grad=True)
    y = Exp.apply(x)
    assert y.grad_fn.name() == "ExpBackward"
    assert repr(y.grad_fn) == "<ExpBackward>"
    assert "grad_fn=<ExpBackward>" in repr(y)
    np.testing.assert_allclose(y.detach().numpy(), np.exp([0.5, -1.0]))
    (y * ng.tensor([1.0, 2.0], dtype=ng.float64)).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), np.exp([0.5, -1.0]) * [1.0, 2.0])


def test_forward_runs_without_recording():
    seen = []

    class Probe(ng.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            seen.append(ng.is_grad_enabled())
            out = x * 2
            seen.append(out.requires_grad)
            return out

        @staticmethod
        def backward(ctx, g):
            return g * 2

    x = ng.tensor([1.0], requires_grad=True)
    y = Probe.apply(x)
    assert seen == [False, False]
    assert y.requires_grad and y.grad_fn.name() == "ProbeBackward"


def test_function_chained_with_ordinary_ops():
    x = ng.tensor([0.1, 0.2, 0.3], dtype=ng.float64, requires_grad=True)
    z = (Exp.apply(x * 2) + x).sum()
    z.backward()
    np.testing.assert_allclose(x.grad.numpy(), 2 * np.exp(2 * np.array([0.1, 0.2, 0.3])) + 1)


def test_non_tensor_argument_gets_none_gradient():
    x = ng.tensor([1.0, 2.0], requires_grad=True)
    y = ScaleBy.apply(x, 3.0)
    assert y.grad_fn.name() == "ScaleByBackward"
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [3.0, 3.0])


def test_needs_input_grad_reports_which_inputs_need_gradients():
    flags = []

    class Record(ng.autograd.Function):
        @staticmethod
        def forward(ctx, a, b, k):
            flags.append(ctx.needs_input_grad)
            return a * b * k

        @staticmethod
        def backward(ctx, g):
            return g, g, None

    a = ng.tensor([1.0], requires_grad=True)
    b = ng.tensor([2.0])
    Record.apply(a, b, 2.0)
    Record.apply(b, a, 2.0)
    assert flags == [(True, False, False), (False, True, False)]


def test_multi_output_function_gradients_and_names():
    a = ng.tensor([1.0, 2.0], requires_grad=True)
    b = ng.tensor([3.0, 4.0], requires_grad=True)
    p, s = MulAdd.apply(a, b)
    assert p.grad_fn.name() == s.grad_fn.name() == "MulAddBackward"
    np.testing.assert_array_equal(p.detach().numpy(), [3.0, 8.0])
    np.testing.assert_array_equal(s.detach().numpy(), [4.0, 6.0])
    (2 * p.sum() + s.sum()).backward()
    np.testing.assert_array_equal(a.grad.numpy(), 2 * np.array([3.0, 4.0]) + 1)
    np.testing.assert_array_equal(b.grad.numpy(), 2 * np.array([1.0, 2.0]) + 1)


def test_multi_output_function_with_one_output_used():
    """The unused output's gradient reaches backward as zeros (materialize_grads)."""
    a = ng.tensor([1.0, 2.0], requires_grad=True)
    b = ng.tensor([3.0, 4.0])
    p, _ = MulAdd.apply(a, b)
    p.sum().backward()
    np.testing.assert_array_equal(a.grad.numpy(), [3.0, 4.0])
    assert b.grad is None
    a.grad = None
    _, s = MulAdd.apply(a, b)
    s.sum().backward()
    np.testing.assert_array_equal(a.grad.numpy(), [1.0, 1.0])


def test_multi_output_function_matches_pytorch():
    torch = pytest.importorskip("torch")

    class TMulAdd(torch.autograd.Function):
        forward = MulAdd.forward
        backward = MulAdd.backward

    res = []
    for lib, fn in ((ng, MulAdd), (torch, TMulAdd)):
        a = lib.tensor([1.0, -2.0], requires_grad=True)
        b = lib.tensor([0.5, 3.0], requires_grad=True)
        p, s = fn.apply(a * 1, b.exp())
        ((p * s).sum() + p.sum()).backward()
        res.append((np.asarray(a.grad), np.asarray(b.grad)))
    for x, y in zip(*res):
        np.testing.assert_allclose(x, y, rtol=1e-6)


def test_function_with_several_none_gradients():
    x = ng.tensor([-2.0, 0.5, 3.0], requires_grad=True)
    y = Clip.apply(x, -1.0, 1.0)
    np.testing.assert_array_equal(y.detach().numpy(), [-1.0, 0.5, 1.0])
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [1.0, 1.0, 1.0])  # straight-through


def test_function_without_inputs_requiring_grad_records_nothing():
    y = Exp.apply(ng.tensor([1.0]))
    assert y.grad_fn is None and not y.requires_grad


def test_function_under_no_grad_records_nothing():
    x = ng.tensor([1.0], requires_grad=True)
    with ng.no_grad():
        y = Exp.apply(x)
    assert y.grad_fn is None


def test_saved_tensors_freed_after_backward():
    x = ng.tensor([1.0], requires_grad=True)
    y = Exp.apply(x).sum()
    y.backward()
    with pytest.raises(RuntimeError, match="retain_graph"):
        y.backward()


def test_saved_tensors_survive_with_retain_graph():
    x = ng.tensor([1.0], dtype=ng.float64, requires_grad=True)
    y = Exp.apply(x).sum()
    y.backward(retain_graph=True)
    y.backward()
    assert x.grad.item() == pytest.approx(2 * np.e)


def test_save_for_backward_rejects_non_tensors():
    class Bad(ng.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x, 3.0)
            return x * 1

        @staticmethod
        def backward(ctx, g):
            return g

    with pytest.raises(TypeError, match="save_for_backward"):
        Bad.apply(ng.tensor([1.0], requires_grad=True))


def test_saved_tensor_modified_in_place_is_detected():
    x = ng.tensor([1.0, 2.0], requires_grad=True)
    h = x * 1
    y = Exp.apply(h)
    with ng.no_grad():
        y.add_(1)  # y is what Exp saved
    with pytest.raises(RuntimeError, match="in-place"):
        y.sum().backward()


def test_backward_returning_wrong_count_raises():
    class TooFew(ng.autograd.Function):
        @staticmethod
        def forward(ctx, a, b):
            return a * b

        @staticmethod
        def backward(ctx, g):
            return (g,)

    a = ng.tensor([1.0], requires_grad=True)
    b = ng.tensor([2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="incorrect number of gradients"):
        TooFew.apply(a, b).sum().backward()


def test_function_gradients_accumulate_through_branches():
    x = ng.tensor([0.0, 1.0], dtype=ng.float64, requires_grad=True)
    e = Exp.apply(x)
    (e * e).sum().backward()  # d/dx e^{2x} = 2 e^{2x}
    np.testing.assert_allclose(x.grad.numpy(), 2 * np.exp(2 * np.array([0.0, 1.0])))


def test_function_is_differentiable_twice_when_backward_uses_ops():
    """A backward written with tensor ops supports create_graph (as in PyTorch)."""
    x = ng.tensor(0.7, dtype=ng.float64, requires_grad=True)
    (g,) = ng.autograd.grad(Exp.apply(x), x, create_graph=True)
    (g2,) = ng.autograd.grad(g, x)
    assert g.item() == pytest.approx(np.exp(0.7))
    assert g2.item() == pytest.approx(np.exp(0.7))


def test_function_matches_pytorch_custom_function():
    torch = pytest.importorskip("torch")

    class TExp(torch.autograd.Function):
        forward = Exp.forward
        backward = Exp.backward

    xs = np.array([[0.1, -0.3], [1.2, 0.4]])
    res = []
    for lib, fn in ((ng, Exp), (torch, TExp)):
        x = lib.tensor(xs, requires_grad=True)
        y = fn.apply(x @ x) * x
        y.sum().backward()
        res.append(np.asarray(x.grad))
    np.testing.assert_allclose(res[0], res[1], rtol=1e-12)


class TwoExps(ng.autograd.Function):
    """(exp(x), exp(2x)), both saved: their backward reads the saved outputs."""

    @staticmethod
    def forward(ctx, x):
        e1, e2 = x.exp(), (2 * x).exp()
        ctx.save_for_backward(e1, e2)
        return e1, e2

    @staticmethod
    def backward(ctx, g1, g2):
        e1, e2 = ctx.saved_tensors
        return g1 * e1 + 2 * g2 * e2


def test_second_derivative_through_saved_outputs_matches_pytorch():
    """With create_graph, saved outputs carry the function's node, as PyTorch's do."""
    torch = pytest.importorskip("torch")

    class TExp(torch.autograd.Function):
        forward = Exp.forward
        backward = Exp.backward

    class TTwoExps(torch.autograd.Function):
        forward = TwoExps.forward
        backward = TwoExps.backward

    xs = np.array([0.3, -0.8, 1.1])
    res = []
    for lib, exp, two in ((ng, Exp, TwoExps), (torch, TExp, TTwoExps)):
        x = lib.tensor(xs, requires_grad=True)
        a, b = two.apply(x * 0.5)
        out = (exp.apply(x) * x).sum() + (a * b.sin()).sum()
        (g,) = lib.autograd.grad(out, x, create_graph=True)
        (h,) = lib.autograd.grad((g * g).sum(), x)
        res.append((np.asarray(g.detach()), np.asarray(h)))
    np.testing.assert_allclose(res[0][0], res[1][0], rtol=1e-12)
    np.testing.assert_allclose(res[0][1], res[1][1], rtol=1e-10)


def test_same_gradient_tensor_for_two_inputs_is_not_shared():
    """Each leaf owns its .grad even when backward returns one tensor for both inputs."""

    class AddSame(ng.autograd.Function):
        @staticmethod
        def forward(ctx, a, b):
            return a + b

        @staticmethod
        def backward(ctx, g):
            t = g * 2
            return t, t

    a = ng.tensor([1.0], requires_grad=True)
    b = ng.tensor([1.0], requires_grad=True)
    AddSame.apply(a, b).sum().backward()
    AddSame.apply(a, b).sum().backward()
    assert a.grad.item() == 4.0 and b.grad.item() == 4.0
    a.grad.zero_()
    assert b.grad.item() == 4.0


def test_gradient_returned_from_user_tensor_is_copied():
    """Accumulating into .grad never writes into a tensor the user's backward returned."""
    const = ng.tensor([5.0])

    class ConstGrad(ng.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            return a * 1

        @staticmethod
        def backward(ctx, g):
            return const

    a = ng.tensor([1.0], requires_grad=True)
    ConstGrad.apply(a).sum().backward()
    ConstGrad.apply(a).sum().backward()
    assert a.grad.item() == 10.0
    assert const.item() == 5.0
