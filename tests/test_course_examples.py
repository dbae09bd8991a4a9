"""The course's hand-worked backpropagation examples, reproduced with neuralgrad's autograd."""

from __future__ import annotations

import math

import numpy as np
import pytest

import neuralgrad as ng


def _leaves(*values: float) -> list[ng.Tensor]:
    """One scalar leaf requiring grad per value."""
    return [ng.tensor(v, requires_grad=True) for v in values]


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


@pytest.mark.parametrize("x", [(3.0, 5.0, 1.0), (-2.0, 0.5, 4.0), (1.0, 1.0, 1.0)])
def test_computational_graph_example_partials(x):
    """z = (x1 + x2)(x2 - x3): dz/dx1 = x2 - x3, dz/dx2 = x1 + 2 x2 - x3, dz/dx3 = -x1 - x2."""
    x1, x2, x3 = _leaves(*x)
    y1 = x1 + x2
    y2 = x2 - x3
    z = y1 * y2
    a, b, c = x
    assert z.item() == pytest.approx((a + b) * (b - c))
    assert z.grad_fn.name() == "MulBackward"
    z.backward()
    assert x1.grad.item() == pytest.approx(b - c)
    assert x2.grad.item() == pytest.approx(a + 2 * b - c)
    assert x3.grad.item() == pytest.approx(-a - b)


def test_computational_graph_example_slide_value():
    """At x = (3, 5, 1) the slide's dz/dx3 = -(x1 + x2) = -8."""
    x1, x2, x3 = _leaves(3.0, 5.0, 1.0)
    z = (x1 + x2) * (x2 - x3)
    z.backward()
    assert z.item() == 32.0
    assert (x1.grad.item(), x2.grad.item(), x3.grad.item()) == (4.0, 12.0, -8.0)


def test_computational_graph_example_as_one_vector():
    """The same graph written with indexing into one input vector gives the same gradient."""
    x = ng.tensor([3.0, 5.0, 1.0], requires_grad=True)
    z = (x[0] + x[1]) * (x[1] - x[2])
    z.backward()
    np.testing.assert_array_equal(x.grad.numpy(), [4.0, 12.0, -8.0])


def test_computational_graph_intermediate_gradients():
    """dz/dy1 = y2 and dz/dy2 = y1 (the local gradients the backward pass multiplies)."""
    x1, x2, x3 = _leaves(3.0, 5.0, 1.0)
    y1, y2 = x1 + x2, x2 - x3
    y1.retain_grad()
    y2.retain_grad()
    (y1 * y2).backward()
    assert y1.grad.item() == 4.0  # y2 = 5 - 1
    assert y2.grad.item() == 8.0  # y1 = 3 + 5
    # chain rule: dz/dx3 = dz/dy2 * dy2/dx3 = 8 * (-1)
    assert x3.grad.item() == -8.0


def test_sigmoid_neuron_value_and_gradient():
    """y = sigmoid(1 + 3 x1 - 2 x2) at x = (-1, 2) = sigmoid(-6) ~ 0.0025, dy/dx = s(1-s)(3, -2)."""
    x = ng.tensor([-1.0, 2.0], dtype=ng.float64, requires_grad=True)
    w = ng.tensor([3.0, -2.0], dtype=ng.float64, requires_grad=True)
    b = ng.tensor(1.0, dtype=ng.float64, requires_grad=True)
    y = ((w * x).sum() + b).sigmoid()
    s = _sigmoid(-6.0)
    assert y.item() == pytest.approx(s, rel=1e-12)
    assert y.item() == pytest.approx(0.0025, abs=5e-5)
    y.backward()
    local = s * (1 - s)
    np.testing.assert_allclose(x.grad.numpy(), [3 * local, -2 * local], rtol=1e-12)
    np.testing.assert_allclose(w.grad.numpy(), [-1 * local, 2 * local], rtol=1e-12)
    assert b.grad.item() == pytest.approx(local, rel=1e-12)


def test_sigmoid_neuron_staged_like_the_slides():
    """The neuron decomposed into elementary gates (*, +, exp, 1/x) matches the fused sigmoid."""
    x1, x2 = _leaves(-1.0, 2.0)
    z = 1 + 3 * x1 - 2 * x2
    y = 1 / (1 + (-z).exp())
    y.backward()
    s = _sigmoid(-6.0)
    assert y.item() == pytest.approx(s, rel=1e-5)
    assert x1.grad.item() == pytest.approx(3 * s * (1 - s), rel=1e-4)
    assert x2.grad.item() == pytest.approx(-2 * s * (1 - s), rel=1e-4)


def test_add_distributes_max_routes_mul_switches():
    """Upstream gradient 2 through f = 2 * ((x * y) + max(z, w)).

    add gives the same gradient to both branches, max routes it to the larger input only,
    mul hands each input the upstream gradient times the *other* input.
    """
    x, y, z, w = _leaves(3.0, -4.0, 2.0, -1.0)
    f = ((x * y) + ng.maximum(z, w)) * 2.0
    f.backward()
    assert x.grad.item() == 2.0 * -4.0  # switched: gets y
    assert y.grad.item() == 2.0 * 3.0  # switched: gets x
    assert z.grad.item() == 2.0  # routed: z > w
    assert w.grad.item() == 0.0


def test_add_gate_distributes_unchanged():
    """An add gate passes its upstream gradient unchanged to every input."""
    a, b, c = _leaves(1.0, 2.0, 3.0)
    s = a + b + c
    s.retain_grad()
    (s * 5.0).backward()
    assert s.grad.item() == 5.0
    assert a.grad.item() == b.grad.item() == c.grad.item() == 5.0


def test_max_reduction_routes_to_the_argmax():
    """amax over a vector sends the whole gradient to the single largest element."""
    v = ng.tensor([0.5, 4.0, -2.0, 1.0], requires_grad=True)
    v.amax().backward()
    np.testing.assert_array_equal(v.grad.numpy(), [0.0, 1.0, 0.0, 0.0])


def test_reused_node_gradient_is_two():
    """b = a + a uses a twice: the two contributions add, db/da = 2."""
    (a,) = _leaves(7.0)
    b = a + a
    b.backward()
    assert a.grad.item() == 2.0


def test_gradients_add_where_branches_meet():
    """x feeds two branches (x^2 and 3x): df/dx = 2x + 3, the branch gradients summed."""
    (x,) = _leaves(1.5)
    u = x * x
    v = 3 * x
    f = u + v
    f.backward()
    assert x.grad.item() == pytest.approx(2 * 1.5 + 3)


def test_diamond_graph_sums_both_paths():
    """a -> (b = 2a, c = a^2) -> d = b * c: dd/da = 2 * a^2 + 2a * 2a = 6 a^2."""
    (a,) = _leaves(2.0)
    b = 2 * a
    c = a * a
    d = b * c
    d.backward()
    assert d.item() == 16.0
    assert a.grad.item() == pytest.approx(6 * 2.0**2)


def test_two_layer_network_chain_rule_by_hand():
    """L = (w2 * tanh(w1 * x) - t)^2 checked against the chain rule written out by hand."""
    x, t = 0.7, 0.2
    w1, w2 = _leaves(1.3, -0.4)
    h = (w1 * x).tanh()
    loss = (w2 * h - t) ** 2
    loss.backward()
    hv = math.tanh(1.3 * x)
    dl_dout = 2 * (-0.4 * hv - t)
    assert w2.grad.item() == pytest.approx(dl_dout * hv, rel=1e-5)
    assert w1.grad.item() == pytest.approx(dl_dout * -0.4 * (1 - hv**2) * x, rel=1e-5)
