"""The backward engine: ordering, accumulation, freeing, retain_grad, grad_fn, deep graphs."""

from __future__ import annotations

import gc
import re
import sys

import numpy as np
import pytest

import neuralgrad as ng


def _logging_fn(log: list[str]) -> type:
    """A custom Function that is the identity and records its tag when its backward runs."""

    class Tag(ng.autograd.Function):
        @staticmethod
        def forward(ctx, x, tag):
            ctx.tag = tag
            return x.clone()

        @staticmethod
        def backward(ctx, g):
            log.append((ctx.tag, g.tolist()))
            return g, None

    return Tag


# ---- order and accumulation -------------------------------------------------------------------
def test_backward_runs_in_reverse_topological_order():
    """Every node's backward runs once, after all the nodes that consume its output."""
    log: list = []
    tag = _logging_fn(log).apply
    x = ng.tensor([1.0, 2.0], requires_grad=True)
    a = tag(x, "a")
    b = tag(a * 2, "b")
    c = tag(a * 3, "c")
    d = tag(b + c, "d")
    e = tag(d + a, "e")  # a is used by three consumers, one of them far downstream
    e.sum().backward()
    order = [t for t, _ in log]
    assert sorted(order) == ["a", "b", "c", "d", "e"]  # each exactly once
    pos = {t: i for i, t in enumerate(order)}
    assert pos["e"] < pos["d"] < min(pos["b"], pos["c"])
    assert max(pos["b"], pos["c"]) < pos["a"]
    # a received the sum of its three consumers' gradients in one call: 2 + 3 + 1
    assert dict(log)["a"] == [6.0, 6.0]
    np.testing.assert_array_equal(x.grad.numpy(), [6.0, 6.0])


def test_grad_accumulates_across_backward_calls():
    """Leaves' .grad adds up over calls until zeroed, as PyTorch's does."""
    x = ng.tensor([1.0, -2.0], requires_grad=True)
    (x * x).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [2.0, -4.0])
    (3 * x).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [5.0, -1.0])
    x.grad = None
    x.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [1.0, 1.0])
    x.grad.zero_()
    (x * 4).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [4.0, 4.0])


def test_grad_is_a_new_tensor_not_an_alias_of_the_upstream_gradient():
    """The first .grad is owned by the leaf: a later accumulation never changes a seed given."""
    x = ng.tensor([1.0, 2.0], requires_grad=True)
    seed = ng.tensor([1.0, 1.0])
    x.backward(seed)
    x.backward(seed)
    np.testing.assert_array_equal(x.grad.numpy(), [2.0, 2.0])
    np.testing.assert_array_equal(seed.numpy(), [1.0, 1.0])


def test_grad_keeps_leaf_shape_and_dtype_under_broadcasting():
    """A broadcast leaf gets its gradient summed back to its own shape."""
    b = ng.tensor([[1.0], [2.0]], dtype=ng.float64, requires_grad=True)  # (2, 1)
    w = ng.ones(3, requires_grad=True)  # (3,) float32
    out = (b * w.double()).sum()
    out.backward()
    assert b.grad.shape == (2, 1) and b.grad.dtype == ng.float64
    np.testing.assert_array_equal(b.grad.numpy(), [[3.0], [3.0]])
    assert w.grad.shape == (3,) and w.grad.dtype == ng.float32
    np.testing.assert_array_equal(w.grad.numpy(), [3.0, 3.0, 3.0])


# ---- freeing and retain_graph -----------------------------------------------------------------
def test_second_backward_through_freed_graph_raises_naming_retain_graph():
    x = ng.tensor([1.0, 2.0], requires_grad=True)
    y = (x.exp() * x).sum()
    y.backward()
    with pytest.raises(RuntimeError, match="retain_graph=True"):
        y.backward()


def test_retain_graph_allows_second_backward():
    x = ng.tensor([1.0, 2.0], dtype=ng.float64, requires_grad=True)
    y = (x.exp() * x).sum()
    y.backward(retain_graph=True)
    first = x.grad.numpy().copy()
    y.backward()
    expected = np.exp([1.0, 2.0]) * (1 + np.array([1.0, 2.0]))
    np.testing.assert_allclose(first, expected)
    np.testing.assert_allclose(x.grad.numpy(), 2 * expected)


def test_graph_without_saved_values_can_be_walked_again():
    """Ops that save nothing (add, sum) can be backpropagated twice, as in PyTorch."""
    x = ng.tensor([1.0, 2.0], requires_grad=True)
    y = (x + 1).sum()
    y.backward()
    y.backward()
    np.testing.assert_array_equal(x.grad.numpy(), [2.0, 2.0])


# ---- leaves, retain_grad, detach --------------------------------------------------------------
def test_is_leaf_and_requires_grad_flags():
    x = ng.tensor([1.0, 2.0], requires_grad=True)
    c = ng.tensor([3.0, 4.0])
    y = x * c
    z = c * 2
    assert x.is_leaf and x.grad_fn is None and x.requires_grad
    assert c.is_leaf and not c.requires_grad
    assert not y.is_leaf and y.requires_grad and y.grad_fn is not None
    assert z.is_leaf and not z.requires_grad and z.grad_fn is None  # nothing to record


def test_non_leaf_grad_is_none_unless_retained():
    x = ng.tensor([1.0, 2.0], requires_grad=True)
    h = x * 3
    k = x * 4
    k.retain_grad()
    assert k.retains_grad and not h.retains_grad
    (h * h + k).sum().backward()
    assert h.grad is None
    np.testing.assert_array_equal(k.grad.numpy(), [1.0, 1.0])
    np.testing.assert_array_equal(x.grad.numpy(), 18 * np.array([1.0, 2.0]) + 4)


def test_retain_grad_on_a_leaf_is_a_no_op():
    x = ng.tensor([1.0], requires_grad=True)
    x.retain_grad()
    (x * 2).sum().backward()
    assert x.grad.item() == 2.0


def test_retain_grad_accumulates_like_leaves():
    x = ng.tensor([1.0, 2.0], requires_grad=True)
    h = x * 2
    h.retain_grad()
    out = (h * h).sum()
    out.backward(retain_graph=True)
    out.backward()
    np.testing.assert_array_equal(h.grad.numpy(), 2 * 2 * h.detach().numpy())


def test_detach_shares_memory_and_stops_gradient():
    x = ng.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    d = y.detach()
    assert not d.requires_grad and d.is_leaf and d.grad_fn is None
    np.testing.assert_array_equal(d.numpy(), [2.0, 4.0])
    d.numpy()[0] = 10.0  # same memory as y
    assert y.detach().numpy()[0] == 10.0
    (x * d).sum().backward()  # d is a constant here
    np.testing.assert_array_equal(x.grad.numpy(), [10.0, 4.0])


def test_requires_grad_flag_setting():
    x = ng.tensor([1.0, 2.0])
    assert x.requires_grad_() is x and x.requires_grad
    x.requires_grad_(False)
    assert not x.requires_grad
    x.requires_grad = True
    (x * x).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [2.0, 4.0])


def test_requires_grad_false_on_non_leaf_raises():
    x = ng.tensor([1.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="detach"):
        (x * 2).requires_grad_(False)


def test_constructors_accept_requires_grad():
    for t in (
        ng.zeros(2, requires_grad=True),
        ng.ones(2, requires_grad=True),
        ng.randn(2, requires_grad=True),
        ng.tensor([1.0], requires_grad=True),
        ng.full((2,), 1.5, requires_grad=True),
    ):
        assert t.requires_grad and t.is_leaf


# ---- grad_fn ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "op, name",
    [
        (lambda x: x * 2, "MulBackward"),
        (lambda x: x + 1, "AddBackward"),
        (lambda x: x - 1, "SubBackward"),
        (lambda x: x / 2, "DivBackward"),
        (lambda x: -x, "NegBackward"),
        (lambda x: x**2, "PowBackward"),
        (lambda x: x.exp(), "ExpBackward"),
        (lambda x: x.log(), "LogBackward"),
        (lambda x: x.tanh(), "TanhBackward"),
        (lambda x: x.sigmoid(), "SigmoidBackward"),
        (lambda x: x.relu(), "ReluBackward"),
        (lambda x: x.sum(), "SumBackward"),
        (lambda x: x.sum(0), "SumBackward"),
        (lambda x: x.mean(), "MeanBackward"),
        (lambda x: x.view(6), "ViewBackward"),
        (lambda x: x.transpose(0, 1), "TransposeBackward"),
        (lambda x: x.permute(1, 0), "PermuteBackward"),
        (lambda x: x[0:1], "SliceBackward"),
        (lambda x: x.unsqueeze(0), "UnsqueezeBackward"),
        (lambda x: x.clone(), "CloneBackward"),
        (lambda x: x.softmax(1), "SoftmaxBackward"),
        (lambda x: x.log_softmax(1), "LogSoftmaxBackward"),
        (lambda x: x.double(), "ToCopyBackward"),
    ],
)
def test_grad_fn_names_match_pytorch(op, name):
    """grad_fn names are PyTorch's without the overload digit (MulBackward0 -> MulBackward)."""
    x = ng.tensor(np.arange(1.0, 7.0).reshape(2, 3), dtype=ng.float32, requires_grad=True)
    fn = op(x).grad_fn
    assert fn.name() == name
    assert repr(fn) == f"<{name}>"
    torch = pytest.importorskip("torch")
    xt = torch.tensor(np.arange(1.0, 7.0).reshape(2, 3), dtype=torch.float32, requires_grad=True)
    assert re.sub(r"\d+$", "", type(op(xt).grad_fn).__name__) == name


def test_next_functions_walk_to_accumulate_grad():
    a = ng.tensor([1.0], requires_grad=True)
    b = ng.tensor([2.0], requires_grad=True)
    c = ng.tensor([3.0])  # no grad: no edge
    y = (a + b) * c
    (add_fn, _), (none_fn, _) = y.grad_fn.next_functions
    assert add_fn.name() == "AddBackward" and none_fn is None
    leaves = [f for f, _ in add_fn.next_functions]
    assert [f.name() for f in leaves] == ["AccumulateGrad", "AccumulateGrad"]
    assert leaves[0].variable is a and leaves[1].variable is b


def test_next_functions_match_pytorch_structure():
    torch = pytest.importorskip("torch")

    def shape_of(fn):
        if fn is None:
            return None
        name = fn.name() if hasattr(fn, "name") else type(fn).__name__
        return (
            re.sub(r"\d+$", "", name.split("::")[-1]),
            tuple(shape_of(f) for f, _ in fn.next_functions),
        )

    results = []
    for lib in (ng, torch):
        a = lib.tensor([1.0, 2.0], requires_grad=True)
        b = lib.tensor([3.0, 4.0], requires_grad=True)
        y = ((a * b).exp() + a).sum()
        results.append(shape_of(y.grad_fn))
    assert results[0] == results[1]


# ---- backward arguments ----------------------------------------------------------------------
def test_backward_of_non_scalar_needs_a_gradient():
    x = ng.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match=r"scalar outputs.*gradient="):
        (x * 2).backward()


def test_backward_with_explicit_gradient():
    x = ng.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * x
    y.backward(gradient=ng.tensor([1.0, 0.5, -1.0]))
    np.testing.assert_array_equal(x.grad.numpy(), [2.0, 2.0, -6.0])


def test_backward_gradient_shape_mismatch_is_reported():
    x = ng.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match=r"\(3,\).*\(2,\)"):
        (x * 2).backward(ng.ones(3))


def test_backward_on_tensor_without_grad_raises():
    with pytest.raises(RuntimeError, match="does not require grad"):
        ng.ones(2).sum().backward()


def test_backward_on_leaf_itself():
    x = ng.tensor(3.0, requires_grad=True)
    x.backward()
    assert x.grad.item() == 1.0


def test_backward_inputs_only_accumulates_into_given_tensors():
    a = ng.tensor(2.0, requires_grad=True)
    b = ng.tensor(3.0, requires_grad=True)
    c = ng.tensor(4.0, requires_grad=True)
    (a * b * c).backward(inputs=[a, c])
    assert a.grad.item() == 12.0
    assert c.grad.item() == 6.0
    assert b.grad is None


def test_backward_inputs_may_name_a_non_leaf():
    x = ng.tensor([1.0, 2.0], requires_grad=True)
    h = x * 3
    (h * h).sum().backward(inputs=[h])
    np.testing.assert_array_equal(h.grad.numpy(), [6.0, 12.0])
    assert x.grad is None


def test_backward_inputs_matches_pytorch():
    torch = pytest.importorskip("torch")
    got = []
    for lib in (ng, torch):
        w = lib.tensor([[0.5, -1.0], [2.0, 0.25]], requires_grad=True)
        b = lib.tensor([0.1, 0.2], requires_grad=True)
        x = lib.tensor([[1.0, 2.0]])
        loss = ((x @ w + b).tanh() ** 2).sum()
        loss.backward(inputs=[w])
        got.append((np.asarray(w.grad.detach()), b.grad))
    np.testing.assert_allclose(got[0][0], got[1][0], rtol=1e-5, atol=1e-6)
    assert got[0][1] is None and got[1][1] is None


def test_autograd_backward_function_with_several_roots():
    a = ng.tensor(2.0, requires_grad=True)
    ng.autograd.backward([a * 3, a * a])
    assert a.grad.item() == 3.0 + 4.0
    v = a * ng.tensor([1.0, 2.0])
    ng.autograd.backward(v, ng.tensor([1.0, 1.0]))
    assert a.grad.item() == 7.0 + 3.0


def test_autograd_backward_grad_tensors_per_root():
    a = ng.tensor([1.0, 2.0], requires_grad=True)
    ng.autograd.backward([a * 2, a * 3], [ng.tensor([1.0, 0.0]), ng.tensor([0.0, 1.0])])
    np.testing.assert_array_equal(a.grad.numpy(), [2.0, 3.0])


def test_autograd_backward_matches_pytorch_for_two_roots():
    torch = pytest.importorskip("torch")
    got = []
    for lib in (ng, torch):
        a = lib.tensor([1.0, -2.0, 0.5], requires_grad=True)
        r1 = (a.sin() * a).sum()
        r2 = a.exp()
        lib.autograd.backward([r1, r2], [lib.tensor(2.0), lib.tensor([1.0, 0.5, 0.25])])
        got.append(np.asarray(a.grad))
    np.testing.assert_allclose(got[0], got[1], rtol=1e-5, atol=1e-6)


# ---- deep graphs -----------------------------------------------------------------------------
def test_chain_of_100000_ops_backward_and_delete():
    """The engine is iterative: a 100,000-op chain neither recurses too deep nor crashes on del."""
    limit = sys.getrecursionlimit()
    x = ng.tensor(1.0, dtype=ng.float64, requires_grad=True)
    y = x
    for _ in range(50_000):
        y = y * 1.00001
        y = y + 0.5
    assert sys.getrecursionlimit() == limit
    y.backward()
    assert x.grad.item() == pytest.approx(1.00001**50_000, rel=1e-9)
    del y
    gc.collect()
    # and a graph that was never backpropagated is freed too
    z = x
    for _ in range(100_000):
        z = z + 1.0
    assert z.item() == 100_001.0
    del z
    gc.collect()


def test_graph_is_freed_when_output_is_dropped():
    import weakref

    x = ng.tensor([1.0, 2.0], requires_grad=True)
    y = (x * 2).exp()
    ref = weakref.ref(y.grad_fn)
    del y
    gc.collect()
    assert ref() is None


# ---- no graph when nothing needs it ----------------------------------------------------------
def test_no_graph_is_recorded_under_no_grad_or_inference_mode():
    x = ng.tensor([1.0, 2.0], requires_grad=True)
    for ctx in (ng.no_grad, ng.inference_mode):
        with ctx():
            y = (x * 2).exp().sum()
        assert y.grad_fn is None and not y.requires_grad and y.is_leaf
        with pytest.raises(RuntimeError):
            y.backward()


def test_ops_on_tensors_not_requiring_grad_record_nothing():
    a, b = ng.ones(3), ng.ones(3)
    assert (a * b + 1).grad_fn is None


def test_mixed_inputs_only_the_ones_requiring_grad_get_it():
    w = ng.tensor([1.0, 2.0], requires_grad=True)
    x = ng.tensor([3.0, 4.0])
    (w * x).sum().backward()
    np.testing.assert_array_equal(w.grad.numpy(), [3.0, 4.0])
    assert x.grad is None


def test_int_tensor_in_graph_gets_no_gradient():
    w = ng.tensor([1.0, 2.0], requires_grad=True)
    idx = ng.tensor([1, 0])
    (w * idx).sum().backward()
    np.testing.assert_array_equal(w.grad.numpy(), [1.0, 0.0])
    assert idx.grad is None
