"""autograd.functional: vjp, jacobian and hvp, by hand and against torch.autograd.functional."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import neuralgrad as ng

A = np.array([[1.0, 2.0, -1.0], [0.5, -0.3, 2.0]])
B = np.array([0.5, -1.0, 0.25])


def _np(t: Any) -> np.ndarray:
    return np.asarray(t.detach() if hasattr(t, "detach") else t)


def _two_in_two_out(a, b):
    """(a * exp(b), sum(a) * b): a Jacobian with all four blocks non-trivial."""
    return a * b.exp(), a.sum() * b


def test_vjp_by_hand():
    out, g = ng.autograd.functional.vjp(
        lambda x: x**2, ng.tensor([1.0, 2.0]), ng.tensor([1.0, 3.0])
    )
    np.testing.assert_array_equal(out.numpy(), [1.0, 4.0])
    np.testing.assert_array_equal(g.numpy(), [2.0, 12.0])
    assert not out.requires_grad and not g.requires_grad


def test_vjp_of_scalar_function_without_v():
    out, g = ng.autograd.functional.vjp(lambda x: (x * x).sum(), ng.tensor([1.0, -2.0]))
    assert out.item() == 5.0
    np.testing.assert_array_equal(g.numpy(), [2.0, -4.0])


def test_vjp_needs_v_for_non_scalar_output():
    with pytest.raises(RuntimeError, match="v"):
        ng.autograd.functional.vjp(lambda x: x * 2, ng.tensor([1.0, 2.0]))


def test_vjp_does_not_touch_inputs():
    x = ng.tensor([1.0, 2.0], requires_grad=True)
    ng.autograd.functional.vjp(lambda t: (t * t).sum(), x)
    assert x.grad is None and x.is_leaf


def test_vjp_matches_pytorch():
    torch = pytest.importorskip("torch")
    v = (np.array([1.0, -1.0, 2.0]), np.array([0.5, 0.5, -3.0]))
    ours = ng.autograd.functional.vjp(
        _two_in_two_out, (ng.tensor(A[0]), ng.tensor(B)), tuple(ng.tensor(x) for x in v)
    )
    ref = torch.autograd.functional.vjp(
        _two_in_two_out, (torch.tensor(A[0]), torch.tensor(B)), tuple(torch.tensor(x) for x in v)
    )
    for o, r in zip(ours[0], ref[0]):
        np.testing.assert_allclose(_np(o), _np(r), rtol=1e-12)
    for o, r in zip(ours[1], ref[1]):
        np.testing.assert_allclose(_np(o), _np(r), rtol=1e-12)


def test_jacobian_by_hand_elementwise_is_diagonal():
    x = np.array([0.0, 1.0, -0.5])
    j = ng.autograd.functional.jacobian(lambda t: t.exp(), ng.tensor(x, dtype=ng.float64))
    np.testing.assert_allclose(j.numpy(), np.diag(np.exp(x)), rtol=1e-12)


def test_jacobian_of_linear_map_is_the_matrix():
    j = ng.autograd.functional.jacobian(lambda t: ng.tensor(A) @ t, ng.tensor(B))
    np.testing.assert_allclose(j.numpy(), A, rtol=1e-12)
    assert j.shape == (2, 3)


def test_jacobian_shapes_and_nesting_match_pytorch():
    torch = pytest.importorskip("torch")
    ours = ng.autograd.functional.jacobian(_two_in_two_out, (ng.tensor(A[0]), ng.tensor(B)))
    ref = torch.autograd.functional.jacobian(_two_in_two_out, (torch.tensor(A[0]), torch.tensor(B)))
    assert isinstance(ours, tuple) and len(ours) == 2
    for row_o, row_r in zip(ours, ref):
        assert isinstance(row_o, tuple) and len(row_o) == 2
        for o, r in zip(row_o, row_r):
            assert tuple(o.shape) == tuple(r.shape)
            np.testing.assert_allclose(_np(o), _np(r), rtol=1e-12)


def test_jacobian_matrix_input_vector_output_matches_pytorch():
    torch = pytest.importorskip("torch")
    f = lambda m: (m * m).sum(1).tanh()  # (2, 3) -> (2,)
    ours = ng.autograd.functional.jacobian(f, ng.tensor(A))
    ref = torch.autograd.functional.jacobian(f, torch.tensor(A))
    assert ours.shape == tuple(ref.shape) == (2, 2, 3)
    np.testing.assert_allclose(ours.numpy(), ref.numpy(), rtol=1e-12)


def test_jacobian_single_input_multiple_outputs_matches_pytorch():
    torch = pytest.importorskip("torch")
    f = lambda x: (x.sin(), x.sum())
    ours = ng.autograd.functional.jacobian(f, ng.tensor(B))
    ref = torch.autograd.functional.jacobian(f, torch.tensor(B))
    assert isinstance(ours, tuple) and len(ours) == 2
    for o, r in zip(ours, ref):
        assert tuple(o.shape) == tuple(r.shape)
        np.testing.assert_allclose(_np(o), _np(r), rtol=1e-12)


def test_jacobian_of_output_independent_of_input_is_zero():
    j = ng.autograd.functional.jacobian(lambda a, b: a * 2, (ng.tensor(B), ng.tensor(B)))
    np.testing.assert_array_equal(j[1].numpy(), np.zeros((3, 3)))
    np.testing.assert_array_equal(j[0].numpy(), 2 * np.eye(3))


def test_jacobian_create_graph_allows_second_derivative():
    x = ng.tensor(B, requires_grad=True)
    j = ng.autograd.functional.jacobian(lambda t: t**3, x, create_graph=True)
    assert j.requires_grad
    (h,) = ng.autograd.grad(j.sum(), x)
    np.testing.assert_allclose(h.numpy(), 6 * B, rtol=1e-12)


def test_hvp_of_quadratic_by_hand():
    """f(x) = 1/2 x^T M x with symmetric M: H v = M v."""
    m = np.array([[2.0, 1.0], [1.0, 3.0]])
    M = ng.tensor(m)
    x0, v = ng.tensor(np.array([1.0, -1.0])), ng.tensor(np.array([0.5, 2.0]))
    out, hv = ng.autograd.functional.hvp(lambda x: 0.5 * (x @ M @ x), x0, v)
    assert out.item() == pytest.approx(0.5 * np.array([1.0, -1.0]) @ m @ np.array([1.0, -1.0]))
    np.testing.assert_allclose(hv.numpy(), m @ np.array([0.5, 2.0]), rtol=1e-12)


def test_hvp_matches_pytorch_for_two_inputs():
    torch = pytest.importorskip("torch")
    f = lambda a, b: ((a * b).sin() ** 2).sum() + (a**3).sum()
    v = (np.array([1.0, 0.0, -1.0]), np.array([0.3, 0.3, 0.3]))
    ours = ng.autograd.functional.hvp(
        f, (ng.tensor(A[0]), ng.tensor(B)), tuple(ng.tensor(x) for x in v)
    )
    ref = torch.autograd.functional.hvp(
        f, (torch.tensor(A[0]), torch.tensor(B)), tuple(torch.tensor(x) for x in v)
    )
    assert ours[0].item() == pytest.approx(ref[0].item(), rel=1e-12)
    for o, r in zip(ours[1], ref[1]):
        np.testing.assert_allclose(_np(o), _np(r), rtol=1e-10)
