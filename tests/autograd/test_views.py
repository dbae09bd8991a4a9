"""In-place changes through views (``autograd/views.py``): values, first and second order
gradients, the nodes' names, version-counter errors and PyTorch's refusals, each against PyTorch
(skipped without it) and, for gradients, against float64 finite differences."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import neuralgrad as ng
from neuralgrad.autograd.views import positions


def _a(lib: Any) -> Any:
    return lib.tensor(np.arange(12.0).reshape(3, 4) / 7 - 0.6, requires_grad=True)


def _y(lib: Any) -> Any:
    return lib.tensor(np.linspace(-1.0, 1.0, 4), requires_grad=True)


def _on_copy(change: Callable, read: Callable = lambda b, a: b) -> Callable:
    """A script: ``b = a * 1`` (a non-leaf), ``change(b, y)`` in place, then ``read(b, a)``."""

    def script(lib: Any, a: Any, y: Any) -> Any:
        b = a * 1
        change(b, y)
        return read(b, a)

    return script


def _buffer_through_view(lib: Any, a: Any, y: Any) -> Any:
    z = lib.zeros(3, 4, dtype=lib.float64)
    z[:, 1:].add_(a[:, :3] * y[:3])
    return z.exp()


def _masked_scale(lib: Any, a: Any, y: Any) -> Any:
    b = a * y
    b[b > 0] *= 2  # a copy out, scaled, written back through index_put
    return b


def _modified_view(lib: Any, a: Any, y: Any) -> Any:
    v = (a * 1)[1]
    v.mul_(y)
    return v


def _accumulate_rows(lib: Any, a: Any, y: Any) -> Any:
    """The backprop-by-hand idiom ``dC[ix] += d`` on a buffer that needs no gradient."""
    d_c = lib.zeros(4, 4, dtype=lib.float64)
    for k, ix in enumerate(lib.tensor([1, 2, 1])):
        d_c[ix] += a[k] * y
    return d_c


def _two_views(lib: Any, a: Any, y: Any) -> Any:
    b = a * 1
    row, column = b[0], b[:, 0]  # both made before the change
    row.mul_(y)
    return column * 3


def _base_then_old_view(lib: Any, a: Any, y: Any) -> Any:
    b = a * 1
    row = b[0]
    b.mul_(2)
    return row.sin()


def _chain(lib: Any, a: Any, y: Any) -> Any:
    b = a * 1
    b[0].add_(y)
    b[1].mul_(b[0].clone())
    b.permute(1, 0)[3].div_(y[:3] + 3)
    return b


# script(lib, a, y) -> a tensor; a is 3x4, y has 4 values, both float64 leaves
SCRIPTS: dict[str, Callable[..., Any]] = {
    "row mul_": _on_copy(lambda b, y: b[1].mul_(y)),
    "view add_, then the base": _on_copy(lambda b, y: b.view(12).add_(1), lambda b, a: b * a),
    "transposed mul_": _on_copy(lambda b, y: b.t().mul_(y[:3]), lambda b, a: b * a),
    "view of a view": _on_copy(lambda b, y: b.view(12)[2:5].mul_(10), lambda b, a: b**2),
    "0-d view": _on_copy(lambda b, y: b[1, 2].mul_(3)),
    "unsqueezed view pow_": _on_copy(lambda b, y: b.unsqueeze(0)[0, 1].pow_(2)),
    "copy_ a row into another": _on_copy(lambda b, y: b[0].copy_(b[2])),
    "zero_ columns": _on_copy(lambda b, y: b[:, 1:3].zero_(), lambda b, a: b * a),
    "fill_ with a 0-d tensor": _on_copy(lambda b, y: b[2].fill_(y[1])),
    "buffer written through a view": _buffer_through_view,
    "x[:, 0] = y": _on_copy(lambda b, y: b.__setitem__((slice(None), 0), y[1:])),
    "x[mask] *= 2": _masked_scale,
    "the modified view itself": _modified_view,
    "dC[ix] += d": _accumulate_rows,
    "another view made before": _two_views,
    "base changed, old view read": _base_then_old_view,
    "three views in turn": _chain,
}


def _run(lib: Any, script: Callable, create_graph: bool = False) -> tuple:
    a, y = _a(lib), _y(lib)
    out = script(lib, a, y)
    g = lib.tensor(np.cos(np.arange(out.numel())).reshape(tuple(out.shape)))
    grads = lib.autograd.grad(out, (a, y), g, allow_unused=True, create_graph=create_graph)
    return a, y, out, grads


def _np(t: Any) -> Any:
    return None if t is None else np.asarray(t.detach())


@pytest.mark.parametrize("name", list(SCRIPTS))
def test_values_and_gradients_match_pytorch(name: str):
    torch = pytest.importorskip("torch")
    got = [_run(lib, SCRIPTS[name]) for lib in (ng, torch)]
    (_, _, out, grads), (_, _, t_out, t_grads) = got
    np.testing.assert_allclose(_np(out), _np(t_out), rtol=1e-12, atol=1e-14)
    for g, tg in zip(grads, t_grads):
        assert (g is None) == (tg is None)
        if g is not None:
            np.testing.assert_allclose(_np(g), _np(tg), rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("name", list(SCRIPTS))
def test_second_order_gradients_match_pytorch(name: str):
    torch = pytest.importorskip("torch")
    second = []
    for lib in (ng, torch):
        a, y, _, grads = _run(lib, SCRIPTS[name], create_graph=True)
        live = [g for g in grads if g is not None and g.requires_grad]
        if not live:
            second.append(None)
            continue
        total = sum((g * g).sum() for g in live)
        second.append([_np(h) for h in lib.autograd.grad(total, (a, y), allow_unused=True)])
    assert (second[0] is None) == (second[1] is None)
    for h, th in zip(*(second if second[0] is not None else ([], []))):
        if h is None or th is None:  # unused on one side: zero on the other
            assert not np.any(h if th is None else th)
        else:
            np.testing.assert_allclose(h, th, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("name", list(SCRIPTS))
def test_gradients_match_finite_differences(name: str):
    """float64 central differences of <script(a, y), g> in a and y."""
    _, _, out, grads = _run(ng, SCRIPTS[name])
    g = np.cos(np.arange(out.numel())).reshape(tuple(out.shape))
    base = [_np(_a(ng)), _np(_y(ng))]

    def value(k: int, i: int, step: float) -> float:
        arrays = [b.copy() for b in base]
        arrays[k].reshape(-1)[i] += step
        a, y = (ng.tensor(x, requires_grad=True) for x in arrays)
        return float((_np(SCRIPTS[name](ng, a, y)) * g).sum())

    for k, grad in enumerate(grads):
        want = np.array(
            [(value(k, i, 1e-6) - value(k, i, -1e-6)) / 2e-6 for i in range(base[k].size)]
        )
        got = np.zeros(base[k].size) if grad is None else _np(grad).reshape(-1)
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-7)


def test_histories_are_named_as_in_pytorch():
    b = _a(ng) * 1
    row = b[1]
    row.mul_(3)
    assert b.grad_fn.name() == "CopySlices" and row.grad_fn.name() == "AsStridedBackward"
    assert row.grad_fn.next_functions[0][0] is b.grad_fn
    assert row._base is b and b._base is None and row.view(4)._base is b


def test_a_buffer_that_needed_no_gradient_takes_one():
    z = ng.zeros(4)
    v = z[:2]
    assert not z.requires_grad and v._base is z
    v.add_(ng.ones(2, requires_grad=True))
    assert z.requires_grad and not z.is_leaf and v.requires_grad and not v.is_leaf
    assert z.grad_fn.name() == "CopySlices"


def test_views_made_before_see_a_change_of_their_base():
    """A view alive when its base changed reads the base's new history, as PyTorch's."""
    z = ng.zeros(4)
    v = z[1:3]
    y = ng.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
    z.add_(y)
    assert v.requires_grad and v.grad_fn.name() == "AsStridedBackward"
    (v * ng.tensor([5.0, 7.0])).sum().backward()
    np.testing.assert_array_equal(y.grad.numpy(), [0.0, 5.0, 7.0, 0.0])


def test_retain_grad_of_the_base_follows_it():
    torch = pytest.importorskip("torch")
    got = []
    for lib in (ng, torch):
        a = _a(lib)
        b = a * 1
        b.retain_grad()
        b[0].mul_(2)
        (b * b).sum().backward()
        got.append((_np(b.grad), _np(a.grad)))
    for mine, theirs in zip(*got):
        np.testing.assert_allclose(mine, theirs, rtol=1e-12)


def test_changes_without_grad_mode_keep_the_history():
    a = _a(ng)
    b = a * 2
    with ng.no_grad():
        b[0].add_(100)
        a[1].mul_(0)  # a view of a leaf that requires grad: allowed inside no_grad
    assert b.grad_fn.name() == "MulBackward" and a.is_leaf
    b.sum().backward()
    np.testing.assert_array_equal(a.grad.numpy(), np.full((3, 4), 2.0))


def test_views_registered_with_their_base_do_not_pile_up():
    b = _a(ng) * 1
    for _ in range(1000):
        b[0].sum()
    assert len(b._version_counter) < 2 + 64


# ---- errors, as PyTorch raises them -----------------------------------------------------------
def _no_grad_view(lib: Any) -> Any:
    with lib.no_grad():
        v = lib.zeros(3)[:2]
    return v


ERRORS: dict[str, Callable[[Any], Any]] = {
    "a leaf": lambda lib: _a(lib).add_(1),
    "a leaf, by setitem": lambda lib: _a(lib).__setitem__(0, 1.0),
    "a view of a leaf": lambda lib: _a(lib)[0].mul_(2),
    "a view of a view of a leaf": lambda lib: _a(lib)[0][1:].mul_(2),
    "a view made in no_grad": lambda lib: _no_grad_view(lib).add_(lib.ones(2, requires_grad=True)),
    "an output of split": lambda lib: (_a(lib) * 1).split(2, 1)[1].mul_(2),
    "an output of split with sizes": lambda lib: (_a(lib) * 1).split([1, 3], 1)[1].mul_(2),
    "an output of chunk": lambda lib: (_a(lib) * 1).chunk(2)[0].mul_(2),
    "an expanded view": lambda lib: lib.zeros(3).expand(2, 3).add_(1),
}


@pytest.mark.parametrize("name", list(ERRORS))
def test_refusals_match_pytorch(name: str):
    torch = pytest.importorskip("torch")
    with pytest.raises(RuntimeError) as theirs:
        ERRORS[name](torch)
    # PyTorch's words, up to the first period (a view refusal names PyTorch's own op names)
    want = str(theirs.value).split(".")[0]
    want = want.replace("SplitWithSizes", "{op}").replace("Split", "{op}")
    with pytest.raises(RuntimeError) as mine:
        ERRORS[name](ng)
    text = str(mine.value)
    for op in ("SplitWithSizes", "Split"):
        text = text.replace(op, "{op}")
    assert want.split("{op}")[0] in text and want.split("{op}")[-1] in text, (text, want)


def test_refusal_leaves_the_values_alone():
    a = _a(ng)
    before = _np(a).copy()
    with pytest.raises(RuntimeError, match="view of a leaf"):
        a[0].mul_(2)
    np.testing.assert_array_equal(_np(a), before)


def _saved_base_changed_through_a_view(lib: Any, a: Any) -> Any:
    b = a * 1
    z = b * b  # saves b
    b[0].mul_(2)
    return z


def _saved_view_changed_through_another(lib: Any, a: Any) -> Any:
    b = a * 1
    b[0] *= b[1]  # saves the view b[1], then changes b through b[0]
    return b


def _saved_result_unaffected(lib: Any, a: Any) -> Any:
    v = (a * 1)[1]
    z = v.exp()  # saves its own result, not v
    v.mul_(2)
    return z


# script(lib, a) -> a tensor whose backward PyTorch refuses, or not
VERSION_CASES: dict[str, Callable[[Any, Any], Any]] = {
    "saved base changed through a view": _saved_base_changed_through_a_view,
    "saved view changed through another": _saved_view_changed_through_another,
    "saved result unaffected": _saved_result_unaffected,
}


@pytest.mark.parametrize("name", list(VERSION_CASES))
def test_version_counter_errors_match_pytorch(name: str):
    torch = pytest.importorskip("torch")
    raised = []
    for lib in (ng, torch):
        out = VERSION_CASES[name](lib, _a(lib))
        try:
            out.sum().backward()
            raised.append(None)
        except RuntimeError as e:
            raised.append(str(e))
    assert (raised[0] is None) == (raised[1] is None), raised
    if raised[0] is not None:
        assert "modified by an in-place operation" in raised[0]
        assert "modified by an inplace operation" in raised[1]


# ---- where the view's elements sit in its base ------------------------------------------------
def _views_of(base: np.ndarray) -> list:
    return [
        base[1:, ::2],
        base.T,
        base[2],
        base[1, 2, ...],
        base.reshape(-1)[3:9] if base.flags.c_contiguous else base[:, 1],
        base[None, :, 1:2],
        np.broadcast_to(base[0], (2, *base[0].shape)),
        base[:0],
    ]


@pytest.mark.parametrize(
    "make_base",
    [
        lambda: np.arange(12.0).reshape(3, 4),
        lambda: np.arange(40.0, dtype=np.float32).reshape(5, 8)[::2, 1::2],  # strided base
        lambda: np.arange(12).reshape(4, 3).T,  # transposed base
    ],
)
def test_positions_are_the_flat_positions_in_the_base(make_base: Callable):
    base = make_base()
    numbered = np.arange(base.size).reshape(base.shape)  # each element's flat position
    for k, view in enumerate(_views_of(base)):
        found = positions(view, base)
        want = numbered.reshape(-1)[_flat_in(base, view)]
        np.testing.assert_array_equal(found, want, err_msg=f"view {k}")
        np.testing.assert_array_equal(base.reshape(-1)[found], view, err_msg=f"view {k}")


def _flat_in(base: np.ndarray, view: np.ndarray) -> np.ndarray:
    """The reference: look each view element's address up among the base's addresses."""
    start = base.__array_interface__["data"][0]
    idx = np.indices(base.shape).reshape(base.ndim, base.size)
    addresses = start + (idx * np.array(base.strides)[:, None]).sum(0)
    where = {int(addr): k for k, addr in enumerate(addresses)}
    vstart = view.__array_interface__["data"][0]
    vidx = np.indices(view.shape).reshape(view.ndim, view.size)
    vaddr = vstart + (vidx * np.array(view.strides, dtype=np.int64)[:, None]).sum(0)
    return np.array([where[int(x)] for x in vaddr], dtype=np.int64).reshape(view.shape)


def test_positions_outside_the_base_are_none():
    base = np.arange(12.0).reshape(3, 4)
    assert positions(base.copy(), base) is None
    assert positions(base[1:], base[2:]) is None
