"""Grad modes: no_grad, enable_grad, set_grad_enabled, inference_mode as contexts and decorators."""

from __future__ import annotations

import pytest

import neuralgrad as ng


@pytest.fixture(autouse=True)
def _restore_grad_mode():
    """Every test starts and ends with grad mode on, even when an assertion fails mid-way."""
    ng.set_grad_enabled(True)
    yield
    ng.set_grad_enabled(True)


def _leaf() -> ng.Tensor:
    return ng.tensor([1.0, 2.0], requires_grad=True)


def test_grad_enabled_by_default():
    assert ng.is_grad_enabled() is True
    assert ng.autograd.is_grad_enabled() is True


def test_no_grad_context_records_nothing_and_restores():
    x = _leaf()
    with ng.no_grad():
        assert not ng.is_grad_enabled()
        y = x * 2
    assert ng.is_grad_enabled()
    assert not y.requires_grad and y.grad_fn is None
    assert (x * 2).requires_grad


def test_no_grad_restores_mode_after_exception():
    with pytest.raises(ValueError):
        with ng.no_grad():
            raise ValueError("boom")
    assert ng.is_grad_enabled()


def test_enable_grad_inside_no_grad():
    x = _leaf()
    with ng.no_grad():
        with ng.enable_grad():
            assert ng.is_grad_enabled()
            y = x * 2
        assert not ng.is_grad_enabled()
    assert y.requires_grad and y.grad_fn.name() == "MulBackward"


def test_nested_no_grad_restores_outer_state():
    with ng.no_grad():
        with ng.no_grad():
            pass
        assert not ng.is_grad_enabled()
    assert ng.is_grad_enabled()


def test_no_grad_decorator_with_and_without_parentheses():
    x = _leaf()

    @ng.no_grad()
    def double(t):
        """Doc kept."""
        assert not ng.is_grad_enabled()
        return t * 2

    @ng.no_grad
    def triple(t):
        return t * 3

    assert not double(x).requires_grad
    assert not triple(x).requires_grad
    assert double.__name__ == "double" and double.__doc__ == "Doc kept."
    assert triple.__name__ == "triple"
    assert ng.is_grad_enabled()


def test_enable_grad_decorator_inside_no_grad():
    x = _leaf()

    @ng.enable_grad()
    def f(t):
        return t * 2

    @ng.enable_grad
    def g(t):
        return t * 3

    with ng.no_grad():
        assert f(x).requires_grad
        assert g(x).requires_grad
        assert not ng.is_grad_enabled()


def test_decorated_function_restores_mode_on_exception():
    @ng.no_grad()
    def fail():
        raise KeyError("x")

    with pytest.raises(KeyError):
        fail()
    assert ng.is_grad_enabled()


def test_set_grad_enabled_as_function_context_and_decorator():
    x = _leaf()
    ng.set_grad_enabled(False)  # takes effect immediately, as in PyTorch
    assert not ng.is_grad_enabled()
    assert not (x * 2).requires_grad
    ng.set_grad_enabled(True)
    assert ng.is_grad_enabled()

    with ng.set_grad_enabled(False):
        assert not ng.is_grad_enabled()
        with ng.set_grad_enabled(True):
            assert (x * 2).requires_grad
        assert not ng.is_grad_enabled()
    assert ng.is_grad_enabled()

    @ng.set_grad_enabled(False)
    def f(t):
        return t * 2

    assert ng.is_grad_enabled()  # decorating does not switch the mode
    assert not f(x).requires_grad
    assert ng.is_grad_enabled()


@pytest.mark.parametrize("mode", [True, False])
def test_set_grad_enabled_flag_values(mode):
    with ng.set_grad_enabled(mode):
        assert ng.is_grad_enabled() is mode
        assert (_leaf() * 1).requires_grad is mode
    assert ng.is_grad_enabled()


def test_inference_mode_context_and_decorator():
    x = _leaf()
    with ng.inference_mode():
        assert not ng.is_grad_enabled()
        assert not (x * 2).requires_grad
    assert ng.is_grad_enabled()

    @ng.inference_mode()
    def f(t):
        return t * 2

    @ng.inference_mode
    def g(t):
        return t * 2

    assert not f(x).requires_grad and not g(x).requires_grad
    with ng.inference_mode(False):
        assert ng.is_grad_enabled()


def test_grad_modes_match_pytorch():
    torch = pytest.importorskip("torch")
    for lib in (ng, torch):
        x = lib.ones(2, requires_grad=True)
        states = []
        with lib.no_grad():
            states.append((x * 2).requires_grad)
            with lib.enable_grad():
                states.append((x * 2).requires_grad)
            with lib.inference_mode(False):
                states.append(lib.is_grad_enabled())
        with lib.inference_mode():
            states.append((x * 2).requires_grad)
        with lib.set_grad_enabled(False):
            states.append(lib.is_grad_enabled())
        states.append(lib.is_grad_enabled())
        if lib is ng:
            expected = states
    assert states == expected == [False, True, True, False, False, True]


def test_backward_of_graph_built_before_no_grad_works_inside_it():
    """Turning recording off does not stop backward through a graph already recorded."""
    x = _leaf()
    y = (x * x).sum()
    with ng.no_grad():
        y.backward()
    assert x.grad.tolist() == [2.0, 4.0]
    assert ng.is_grad_enabled()


def test_update_under_no_grad_like_an_optimizer_step():
    """The SGD pattern: compute grads, then update the leaf in place under no_grad."""
    w = ng.tensor([1.0, -1.0], requires_grad=True)
    for _ in range(3):
        loss = ((w - 3.0) ** 2).sum()
        loss.backward()
        with ng.no_grad():
            w -= 0.25 * w.grad
        w.grad = None
    # w_{t+1} = w_t - 0.5 (w_t - 3): the distance to 3 halves each step
    assert w.tolist() == pytest.approx([3.0 - 2.0 / 8, 3.0 - 4.0 / 8])
    assert w.is_leaf and w.requires_grad
