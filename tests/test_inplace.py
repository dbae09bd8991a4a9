"""In-place ops: values, version counters, the leaf rule, and autograd through in-place changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import neuralgrad as ng


def _np(t: Any) -> np.ndarray:
    return np.asarray(t.detach())


# ---- values without autograd ------------------------------------------------------------------
def test_in_place_arithmetic_values_and_identity():
    x = ng.tensor([1.0, 2.0, 3.0])
    assert x.add_(1) is x
    np.testing.assert_array_equal(x.numpy(), [2.0, 3.0, 4.0])
    x.mul_(ng.tensor([2.0, 0.5, -1.0]))
    np.testing.assert_array_equal(x.numpy(), [4.0, 1.5, -4.0])
    x.sub_(0.5)
    x.div_(2)
    np.testing.assert_array_equal(x.numpy(), [1.75, 0.5, -2.25])
    x.add_(ng.ones(3), alpha=2)
    np.testing.assert_array_equal(x.numpy(), [3.75, 2.5, -0.25])


def test_zero_fill_copy():
    x = ng.tensor([[1.0, 2.0], [3.0, 4.0]])
    assert x.fill_(2.5) is x
    np.testing.assert_array_equal(x.numpy(), np.full((2, 2), 2.5))
    assert x.zero_() is x
    np.testing.assert_array_equal(x.numpy(), np.zeros((2, 2)))
    x.copy_(ng.tensor([7.0, 8.0]))  # broadcast over rows
    np.testing.assert_array_equal(x.numpy(), [[7.0, 8.0], [7.0, 8.0]])
    x.copy_(ng.tensor([[1, 2], [3, 4]]))  # cast int64 -> float32
    assert x.dtype == ng.float32
    np.testing.assert_array_equal(x.numpy(), [[1.0, 2.0], [3.0, 4.0]])


def test_in_place_keeps_memory():
    a = np.array([1.0, 2.0])
    x = ng.from_numpy(a)
    x.mul_(3)
    x.add_(1)
    np.testing.assert_array_equal(a, [4.0, 7.0])


def test_augmented_assignment_is_in_place():
    x = ng.tensor([1.0, 2.0])
    alias = x
    x += 1
    x *= 3
    x -= ng.tensor([1.0, 1.0])
    x /= 2
    assert x is alias
    np.testing.assert_array_equal(alias.numpy(), [2.5, 4.0])


def test_setitem_forms():
    x = ng.zeros(3, 4)
    x[0] = 1.0
    x[1, 2] = 5.0
    x[:, 3] = ng.tensor([7.0, 8.0, 9.0])
    x[x == 0] = -1.0
    x[ng.tensor([2]), 0] = 4.0
    expected = np.array([[1, 1, 1, 7], [-1, -1, 5, 8], [4, -1, -1, 9]], dtype=np.float32)
    np.testing.assert_array_equal(x.numpy(), expected)


def test_setitem_matches_pytorch():
    torch = pytest.importorskip("torch")
    outs = []
    for lib in (ng, torch):
        x = lib.arange(12.0).reshape(3, 4)
        x[1:, ::2] = lib.tensor([[-1.0, -2.0], [-3.0, -4.0]])
        x[..., 1] = 0.5
        x[lib.tensor([True, False, True])] *= 2
        outs.append(np.asarray(x))
    np.testing.assert_array_equal(*outs)


def test_in_place_on_int_tensor_with_float_raises():
    x = ng.tensor([1, 2])
    with pytest.raises(RuntimeError):
        x.div_(2)
    with pytest.raises(RuntimeError):
        x.add_(0.5)


def test_in_place_shape_mismatch_raises():
    x = ng.zeros(2, 3)
    with pytest.raises(RuntimeError, match=r"\(2, 3\)"):
        x.add_(ng.ones(4))
    with pytest.raises(RuntimeError, match=r"\(2, 3\)"):
        x.copy_(ng.ones(3, 3))


# ---- the leaf rule ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "op",
    [
        lambda x: x.add_(1),
        lambda x: x.mul_(2),
        lambda x: x.zero_(),
        lambda x: x.fill_(3.0),
        lambda x: x.copy_(ng.ones(2)),
        lambda x: x.__setitem__(0, 5.0),
        lambda x: x.__iadd__(1),
    ],
)
def test_in_place_on_leaf_requiring_grad_raises_outside_no_grad(op: Callable):
    x = ng.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf"):
        op(x)
    np.testing.assert_array_equal(_np(x), [1.0, 2.0])  # untouched


def test_in_place_on_leaf_works_inside_no_grad():
    x = ng.tensor([1.0, 2.0], requires_grad=True)
    with ng.no_grad():
        x.add_(1)
        x.mul_(2)
        x[0] = 10.0
        x -= 1
    np.testing.assert_array_equal(_np(x), [9.0, 5.0])
    assert x.is_leaf and x.requires_grad and x.grad_fn is None
    (x * x).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [18.0, 10.0])


def test_zeroing_grad_in_place():
    x = ng.tensor([1.0, 2.0], requires_grad=True)
    (x * 3).sum().backward()
    x.grad.zero_()
    (x * 2).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [2.0, 2.0])


# ---- saved tensors modified before backward ---------------------------------------------------
def test_modifying_saved_output_raises_naming_the_op():
    x = ng.tensor([1.0, 2.0], requires_grad=True)
    y = x.exp()
    y.add_(1)
    with pytest.raises(RuntimeError, match="ExpBackward") as err:
        y.sum().backward()
    assert "in-place" in str(err.value)


def test_modifying_saved_input_raises_naming_the_op():
    x = ng.tensor([1.0, 2.0], requires_grad=True)
    h = x * 1
    y = h.sin()
    h.mul_(2)
    with pytest.raises(RuntimeError, match="SinBackward"):
        y.sum().backward()


def test_modification_under_no_grad_is_still_detected():
    x = ng.tensor([1.0, 2.0], requires_grad=True)
    y = x.sigmoid()
    with ng.no_grad():
        y.zero_()
    with pytest.raises(RuntimeError, match="SigmoidBackward"):
        y.sum().backward()


def test_modifying_leaf_saved_by_mul_is_detected():
    w = ng.tensor([1.0, 2.0], requires_grad=True)
    x = ng.tensor([3.0, 4.0], requires_grad=True)
    y = (w * x).sum()
    with ng.no_grad():
        w.add_(1)  # what an optimizer step would do between forward and backward
    with pytest.raises(RuntimeError, match="MulBackward"):
        y.backward()


def test_views_share_the_version_counter():
    """A change made through a view counts as a change of the base (and vice versa)."""
    x = ng.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x.exp()
    view = y.detach()[1:]
    view.add_(1)  # bumps y's version through a view of its detached alias
    with pytest.raises(RuntimeError, match="ExpBackward"):
        y.sum().backward()
    np.testing.assert_allclose(_np(y), np.exp([1.0, 2.0, 3.0]) + [0.0, 1.0, 1.0], rtol=1e-6)

    x2 = ng.tensor([1.0, 2.0, 3.0], requires_grad=True)
    h = x2 * 1
    part = h[:2]  # a basic-index view
    z = part.tanh()  # saves its output, a new tensor: unaffected by h's changes
    w = part * part  # saves the view itself
    with ng.no_grad():
        h[2] = 0.0  # a change of the base is a change of every view
    z.sum().backward()
    with pytest.raises(RuntimeError, match="MulBackward"):
        w.sum().backward()


def test_unneeded_saved_values_may_change():
    """Like PyTorch, only values a needed gradient reads are checked: h * 3 never reads h."""
    torch = pytest.importorskip("torch")
    cases = [
        lambda lib, x: (lambda h: (h * 3, h.add_(1))[0])(x * 1),
        lambda lib, x: (lambda y: (y.add_(1), y)[1])(x / 2),
        lambda lib, x: (lambda y: (y.add_(1), y)[1])(x**2),
        lambda lib, x: (lambda h: (h @ lib.ones(2), h.mul_(5))[0])(x * 1),
        lambda lib, x: (lambda h: (h.sum(), h.zero_())[0])(x * 1),
    ]
    for case in cases:
        grads = []
        for lib in (ng, torch):
            x = lib.tensor([1.0, 2.0], requires_grad=True)
            case(lib, x).sum().backward()
            grads.append(np.asarray(x.grad))
        np.testing.assert_allclose(grads[0], grads[1], rtol=1e-6)


def test_custom_function_saved_output_modified_is_detected():
    from custom_functions import Exp

    x = ng.tensor([1.0], requires_grad=True)
    y = Exp.apply(x)
    y.mul_(2)
    with pytest.raises(RuntimeError, match="in-place"):
        y.sum().backward()


# ---- autograd through in-place ops on non-leaves (vs PyTorch) --------------------------------
def _script_add_mul(lib: Any, x: Any) -> Any:
    y = x * 2
    y.add_(1)
    y.mul_(x)  # y = (2x + 1) x
    return y


def _script_setitem(lib: Any, x: Any) -> Any:
    y = x * 1
    y[0] = y[1] * 3  # overwrites element 0 with a function of element 1
    return y * x


def _script_setitem_from_other(lib: Any, x: Any) -> Any:
    y = lib.zeros(3, dtype=lib.float64)
    y[1:] = x[:2] ** 2  # y did not require grad; after the write it does
    y[0] = x[2]
    return y.exp()


def _script_fill_zero_copy(lib: Any, x: Any) -> Any:
    y = x.exp()
    z = y * 1
    z[1:] = 0.0
    z.mul_(lib.tensor([2.0, 1.0, 1.0], dtype=lib.float64))
    w = x * 1
    w.copy_(x.sin())
    u = x * 1
    u.fill_(2.0)
    return z + w * u


def _script_augmented(lib: Any, x: Any) -> Any:
    y = x.sigmoid() * 1
    y += x
    y *= x
    y -= 1
    y /= 2
    return y


def _script_mixed_requires_grad(lib: Any, x: Any) -> Any:
    base = lib.ones(3)
    base.mul_(x)  # a constant tensor picks up x's history
    base.add_(x.tanh())
    return base * base


@pytest.mark.parametrize(
    "script",
    [
        _script_add_mul,
        _script_setitem,
        _script_setitem_from_other,
        _script_fill_zero_copy,
        _script_augmented,
        _script_mixed_requires_grad,
    ],
)
def test_in_place_on_non_leaf_matches_pytorch(script: Callable):
    torch = pytest.importorskip("torch")
    x0 = np.array([0.5, -1.5, 2.0])
    res = []
    for lib in (ng, torch):
        x = lib.tensor(x0, requires_grad=True)
        out = script(lib, x)
        assert out.requires_grad
        out.backward(lib.tensor([1.0, -2.0, 0.5], dtype=lib.float64))
        res.append((np.asarray(out.detach()), np.asarray(x.grad)))
    np.testing.assert_allclose(res[0][0], res[1][0], rtol=1e-12)
    np.testing.assert_allclose(res[0][1], res[1][1], rtol=1e-12)


def test_in_place_result_gets_the_op_as_grad_fn():
    x = ng.tensor([1.0, 2.0], requires_grad=True)
    y = x * 1
    y.add_(1)
    assert y.grad_fn.name() == "AddBackward"
    y.mul_(x)
    assert y.grad_fn.name() == "MulBackward"


def test_in_place_under_no_grad_on_non_leaf_keeps_old_history():
    x = ng.tensor([1.0, 2.0], requires_grad=True)
    y = x * 3
    with ng.no_grad():
        y.add_(100)  # AddBackward-free change: the gradient stays that of x * 3
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [3.0, 3.0])


def test_retain_grad_follows_tensor_through_in_place_ops():
    """After y.retain_grad() and in-place changes, y.grad is the gradient of y's final value."""
    torch = pytest.importorskip("torch")
    res = []
    for lib in (ng, torch):
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        y = x * 2
        y.retain_grad()
        y.mul_(3)
        y[0] = 5.0
        (y * y).sum().backward()
        assert y.retains_grad
        res.append((np.asarray(y.grad), np.asarray(x.grad)))
    np.testing.assert_array_equal(res[0][0], res[1][0])
    np.testing.assert_array_equal(res[0][1], res[1][1])
    np.testing.assert_array_equal(res[0][0], [10.0, 24.0])


def test_in_place_on_views_of_a_non_leaf_changes_the_base_as_pytorch():
    """The base takes the change into its history (more in tests/autograd/test_views.py)."""
    torch = pytest.importorskip("torch")
    res = []
    for lib in (ng, torch):
        x = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
        z = x * 1
        z[1:].zero_()
        z.view(3).add_(x)
        (z * z).sum().backward()
        res.append((np.asarray(z.detach()), np.asarray(x.grad)))
    np.testing.assert_array_equal(res[0][0], res[1][0])
    np.testing.assert_array_equal(res[0][1], res[1][1])
