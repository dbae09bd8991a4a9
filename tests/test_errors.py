"""Errors a user can act on: each names the shapes, dtypes or the call that fixes it."""

from __future__ import annotations

import pytest

import neuralgrad as ng


def test_broadcast_mismatch_names_both_shapes():
    with pytest.raises(RuntimeError, match=r"\(2, 3\).*\(4, 3\)"):
        ng.ones(2, 3) + ng.ones(4, 3)
    with pytest.raises(RuntimeError, match=r"\(2, 3\).*\(3, 2\)") as err:
        ng.ones(2, 3) * ng.ones(3, 2)
    assert "dimension 1" in str(err.value)


def test_broadcast_mismatch_in_every_binary_op():
    a, b = ng.ones(2, 3), ng.ones(5)
    for op in (
        lambda: a - b,
        lambda: a / b,
        lambda: a**b,
        lambda: ng.maximum(a, b),
        lambda: ng.where(a > 0, a, b),
    ):
        with pytest.raises(RuntimeError, match=r"\(2, 3\).*\(5,\)"):
            op()


def test_matmul_mismatch_names_both_shapes():
    with pytest.raises(RuntimeError, match=r"\(2, 3\).*\(2, 3\)"):
        ng.ones(2, 3) @ ng.ones(2, 3)
    with pytest.raises(RuntimeError, match=r"\(3,\).*\(4,\)"):
        ng.ones(3) @ ng.ones(4)
    with pytest.raises(RuntimeError, match=r"\(5, 2, 3\).*\(4, 3, 2\)"):
        ng.ones(5, 2, 3) @ ng.ones(4, 3, 2)


def test_matmul_of_scalar_and_dtype_mismatch():
    with pytest.raises(RuntimeError, match="1-D"):
        ng.tensor(2.0) @ ng.ones(2)
    with pytest.raises(RuntimeError, match="float32.*float64"):
        ng.ones(2, 2) @ ng.ones(2, 2, dtype=ng.float64)


def test_requires_grad_on_int_tensor_says_float_needed():
    for make in (
        lambda: ng.tensor([1, 2], requires_grad=True),
        lambda: ng.tensor([1, 2]).requires_grad_(),
        lambda: ng.zeros(2, dtype=ng.int64, requires_grad=True),
        lambda: ng.arange(3, requires_grad=True),
    ):
        with pytest.raises(RuntimeError, match="floating point") as err:
            make()
        assert "int64" in str(err.value)


def test_item_of_multi_element_tensor():
    with pytest.raises(RuntimeError, match="3 elements") as err:
        ng.ones(3).item()
    assert "Python number" in str(err.value)


def test_truth_value_of_multi_element_tensor():
    with pytest.raises(RuntimeError, match="ambiguous"):
        bool(ng.ones(2))


def test_numpy_on_tensor_requiring_grad_says_detach():
    x = ng.ones(3, requires_grad=True)
    with pytest.raises(RuntimeError, match=r"detach\(\)\.numpy\(\)"):
        x.numpy()
    assert x.detach().numpy().tolist() == [1.0, 1.0, 1.0]
    with pytest.raises(RuntimeError, match="detach"):
        (x * 2).numpy()


def test_backward_of_non_scalar_says_what_to_pass():
    y = ng.ones(2, 2, requires_grad=True) * 2
    with pytest.raises(RuntimeError, match=r"\(2, 2\)") as err:
        y.backward()
    msg = str(err.value)
    assert "gradient=" in msg and "sum()" in msg


def test_second_backward_error_mentions_retain_graph():
    x = ng.ones(2, requires_grad=True)
    y = (x * x).sum()
    y.backward()
    with pytest.raises(RuntimeError, match="retain_graph=True"):
        y.backward()


def test_view_and_reshape_errors_name_the_shapes():
    with pytest.raises(RuntimeError, match=r"\(4,\).*6"):
        ng.ones(2, 3).view(4)
    with pytest.raises(RuntimeError, match=r"\(4, 2\).*6"):
        ng.ones(2, 3).reshape(4, 2)


def test_dim_out_of_range():
    with pytest.raises(IndexError, match="range"):
        ng.ones(2, 3).sum(2)


def test_index_out_of_range_names_the_shape():
    with pytest.raises(IndexError, match=r"\(2, 3\)"):
        ng.ones(2, 3)[5]


def test_float_index_tensor_is_refused():
    with pytest.raises(IndexError, match="long or bool"):
        ng.ones(3)[ng.tensor([0.0])]


def test_backward_of_tensor_without_graph():
    with pytest.raises(RuntimeError, match="does not require grad"):
        ng.ones(2).sum().backward()


def test_pickle_is_refused_with_a_pointer_to_save():
    import pickle

    with pytest.raises(TypeError, match="neuralgrad.save"):
        pickle.dumps(ng.ones(2))


def test_in_place_leaf_error_says_what_to_do():
    w = ng.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="no_grad") as err:
        w.sub_(1)
    assert "leaf" in str(err.value)


def test_unsupported_numpy_dtype_is_named():
    import numpy as np

    with pytest.raises(TypeError, match="complex"):
        ng.tensor(np.array([1 + 2j]))


@pytest.mark.parametrize(
    "call, what",
    [
        (lambda: ng.normal(ng.zeros(2, dtype=ng.int64), 1.0), "normal: mean"),
        (lambda: ng.bernoulli(ng.tensor([0, 1])), "bernoulli: the probabilities"),
        (lambda: ng.histc(ng.tensor([1, 2]), 4), "histc: the input"),
    ],
)
def test_ops_defined_for_floats_refuse_integers_with_one_error_type(call, what):
    from neuralgrad.errors import DtypeError

    with pytest.raises(DtypeError, match=f"{what} must be a floating-point tensor, got") as err:
        call()
    assert isinstance(err.value, NotImplementedError)  # what PyTorch raises there
