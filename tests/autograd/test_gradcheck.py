"""gradcheck: passes on correct gradients, raises (or returns False) on wrong ones."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import neuralgrad as ng
from neuralgrad.autograd import GradcheckError, gradcheck


def _f64(*shape: int, seed: int = 0) -> ng.Tensor:
    rs = np.random.default_rng(seed)
    return ng.tensor(rs.standard_normal(shape), requires_grad=True)


class SquareWrong(ng.autograd.Function):
    """x^2 whose backward forgets the factor 2 x."""

    @staticmethod
    def forward(ctx, x):
        return x * x

    @staticmethod
    def backward(ctx, g):
        return g


class SquareRight(ng.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return 2 * g * x


class SwappedGrads(ng.autograd.Function):
    """a * b^2 with the two gradients returned in the wrong order."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a * b * b

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        return 2 * g * a * b, g * b * b


@pytest.mark.parametrize(
    "fn, shapes",
    [
        (lambda x: (x * x).sin(), [(3,)]),
        (lambda x: x.tanh().sum(), [(2, 3)]),
        (lambda a, b: a @ b, [(2, 3), (3, 4)]),
        (lambda a, b: (a * b).exp() / (1 + b * b), [(3,), (3,)]),
        (lambda x: x.softmax(1), [(2, 4)]),
        (lambda x: x.log_softmax(0), [(3, 2)]),
        (lambda x: (x * x + 1).log().mean(0), [(3, 2)]),
        (lambda x: x.reshape(3, 2).transpose(0, 1)[1:, ::-1] * 2, [(6,)]),
        (lambda x: (x.var(1), x.std(0)), [(3, 4)]),
    ],
)
def test_gradcheck_passes_on_builtin_ops(fn, shapes):
    inputs = tuple(_f64(*s, seed=i) for i, s in enumerate(shapes))
    assert gradcheck(fn, inputs)


def test_gradcheck_passes_on_correct_function():
    assert gradcheck(SquareRight.apply, (_f64(4),))


def test_gradcheck_raises_on_wrong_backward():
    with pytest.raises(GradcheckError, match="Jacobian mismatch"):
        gradcheck(SquareWrong.apply, (_f64(3),))


def test_gradcheck_error_is_a_runtime_error():
    with pytest.raises(RuntimeError):
        gradcheck(SquareWrong.apply, (_f64(3),))


def test_gradcheck_returns_false_without_raising():
    assert gradcheck(SquareWrong.apply, (_f64(3),), raise_exception=False) is False


def test_gradcheck_names_the_wrong_input():
    with pytest.raises(GradcheckError, match="input 0"):
        gradcheck(SwappedGrads.apply, (_f64(3, seed=1), _f64(3, seed=2)))


def test_gradcheck_skips_inputs_not_requiring_grad():
    """Only inputs requiring grad are checked: a wrong gradient for a constant is not seen."""
    b = ng.tensor(np.array([1.0, 2.0, 3.0]))
    assert gradcheck(lambda a, c: a * c, (_f64(3), b))


def test_gradcheck_leaves_inputs_unchanged():
    x = _f64(5)
    before = x.detach().numpy().copy()
    gradcheck(lambda t: t.exp(), (x,))
    np.testing.assert_array_equal(x.detach().numpy(), before)
    assert x.grad is None


def test_gradcheck_warns_on_float32_inputs():
    x = ng.tensor([0.5, 1.0], requires_grad=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gradcheck(lambda t: t * 2, (x,), eps=1e-2, atol=1e-2, rtol=1e-2)
    assert any("float64" in str(w.message) for w in caught)


def test_gradcheck_accepts_single_tensor_input():
    assert gradcheck(lambda t: t.sigmoid(), _f64(3))


def test_gradcheck_tolerances_matter():
    """A slightly wrong gradient (off by 1e-3 relative) passes loose tolerances only."""

    from custom_functions import AlmostExp

    x = ng.tensor(np.array([0.1, 0.2]), requires_grad=True)
    assert gradcheck(AlmostExp.apply, (x,), atol=1e-2, rtol=1e-2)
    assert not gradcheck(AlmostExp.apply, (x,), atol=1e-6, rtol=1e-5, raise_exception=False)
