"""Losses side by side with PyTorch (values and gradients, every reduction, float32 and float64),
float64 finite differences, the module forms, and the course's multiclass SVM table."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest

import neuralgrad as ng
import neuralgrad.nn.functional as F
from neuralgrad.autograd import gradcheck

REDUCTIONS = ["none", "mean", "sum"]
DTYPES = [np.float32, np.float64]


@dataclass
class Case:
    """One call of ``nn.functional.<fn>``: positional ``args`` (float arrays, int label arrays),
    keyword ``kw`` (arrays become tensors), and which positional args require grad."""

    fn: str
    args: list
    grad: tuple = (0,)
    kw: dict = field(default_factory=dict)


def _rng(name: str) -> np.random.Generator:
    return np.random.default_rng(zlib.crc32(name.encode()))


def _softmax(a: np.ndarray, axis: int) -> np.ndarray:
    e = np.exp(a - a.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _labels(r: np.random.Generator, c: int, shape: tuple, ignore: int | None = None) -> Any:
    t = r.integers(0, c, shape)
    if ignore is not None:
        t.flat[::3] = ignore
    return t


def _regression(fn: str, **kw: Any) -> Callable:
    return lambda r: Case(fn, [r.normal(0, 2, (4, 5)), r.normal(0, 2, (4, 5))], (0, 1), kw)


MAKERS: dict[str, Callable[[np.random.Generator], Case]] = {
    "mse": _regression("mse_loss"),
    "l1": _regression("l1_loss"),
    "huber": _regression("huber_loss"),
    "huber_delta": _regression("huber_loss", delta=0.5),
    "ce": lambda r: Case("cross_entropy", [r.normal(0, 2, (6, 4)), _labels(r, 4, (6,))]),
    "ce_weight": lambda r: Case(
        "cross_entropy",
        [r.normal(0, 2, (6, 4)), _labels(r, 4, (6,))],
        kw=dict(weight=r.uniform(0.1, 2, 4)),
    ),
    "ce_ignore": lambda r: Case(
        "cross_entropy", [r.normal(0, 2, (6, 4)), _labels(r, 4, (6,), -100)]
    ),
    "ce_ignore_custom": lambda r: Case(
        "cross_entropy",
        [r.normal(0, 2, (6, 4)), _labels(r, 4, (6,), 2)],
        kw=dict(ignore_index=2, weight=r.uniform(0.1, 2, 4)),
    ),
    "ce_smooth": lambda r: Case(
        "cross_entropy", [r.normal(0, 2, (6, 4)), _labels(r, 4, (6,))], kw=dict(label_smoothing=0.2)
    ),
    "ce_all": lambda r: Case(
        "cross_entropy",
        [r.normal(0, 2, (7, 4)), _labels(r, 4, (7,), -100)],
        kw=dict(weight=r.uniform(0.1, 2, 4), label_smoothing=0.15),
    ),
    "ce_nd": lambda r: Case(
        "cross_entropy",
        [r.normal(0, 2, (3, 4, 5, 2)), _labels(r, 4, (3, 5, 2), -100)],
        kw=dict(weight=r.uniform(0.1, 2, 4), label_smoothing=0.1),
    ),
    "ce_1d": lambda r: Case(
        "cross_entropy",
        [r.normal(0, 2, (5,)), np.array(3)],
        kw=dict(weight=r.uniform(0.1, 2, 5), label_smoothing=0.3),
    ),
    "ce_probs": lambda r: Case(
        "cross_entropy", [r.normal(0, 2, (6, 4)), _softmax(r.normal(0, 1, (6, 4)), 1)], (0, 1)
    ),
    "ce_probs_all": lambda r: Case(
        "cross_entropy",
        [r.normal(0, 2, (3, 4, 5)), _softmax(r.normal(0, 1, (3, 4, 5)), 1)],
        (0, 1),
        dict(weight=r.uniform(0.1, 2, 4), label_smoothing=0.2),
    ),
    "nll": lambda r: Case("nll_loss", [r.normal(-1, 1, (6, 4)), _labels(r, 4, (6,))]),
    "nll_all": lambda r: Case(
        "nll_loss",
        [r.normal(-1, 1, (7, 4)), _labels(r, 4, (7,), -100)],
        kw=dict(weight=r.uniform(0.1, 2, 4)),
    ),
    "nll_nd": lambda r: Case(
        "nll_loss",
        [r.normal(-1, 1, (3, 4, 5)), _labels(r, 4, (3, 5), 1)],
        kw=dict(weight=r.uniform(0.1, 2, 4), ignore_index=1),
    ),
    "nll_1d": lambda r: Case("nll_loss", [r.normal(-1, 1, (4,)), np.array(1)]),
    "bce": lambda r: Case(
        "binary_cross_entropy", [r.uniform(0.05, 0.95, (4, 5)), r.uniform(0, 1, (4, 5))], (0, 1)
    ),
    "bce_weight": lambda r: Case(
        "binary_cross_entropy",
        [r.uniform(0.05, 0.95, (4, 5)), r.uniform(0, 1, (4, 5))],
        (0, 1),
        dict(weight=r.uniform(0.1, 2, 5)),
    ),
    "bcel": lambda r: Case(
        "binary_cross_entropy_with_logits",
        [r.normal(0, 3, (4, 5)), r.uniform(0, 1, (4, 5))],
        (0, 1),
    ),
    "bcel_weights": lambda r: Case(
        "binary_cross_entropy_with_logits",
        [r.normal(0, 3, (4, 5)), r.uniform(0, 1, (4, 5))],
        (0, 1),
        dict(weight=r.uniform(0.1, 2, (4, 5)), pos_weight=r.uniform(0.5, 3, 5)),
    ),
    "bcel_nd_pos": lambda r: Case(
        "binary_cross_entropy_with_logits",
        [r.normal(0, 3, (2, 3, 5)), r.integers(0, 2, (2, 3, 5)).astype(float)],
        kw=dict(pos_weight=r.uniform(0.5, 3, 5)),
    ),
    "mm": lambda r: Case("multi_margin_loss", [r.normal(0, 1, (6, 4)), _labels(r, 4, (6,))]),
    "mm_p2": lambda r: Case(
        "multi_margin_loss",
        [r.normal(0, 1, (6, 4)), _labels(r, 4, (6,))],
        kw=dict(p=2, margin=0.7, weight=r.uniform(0.1, 2, 4)),
    ),
    "mm_1d": lambda r: Case(
        "multi_margin_loss", [r.normal(0, 1, (5,)), np.array(2)], kw=dict(margin=2.0)
    ),
    "hinge": lambda r: Case(
        "hinge_embedding_loss", [r.normal(0, 2, (4, 5)), r.choice([-1.0, 1.0], (4, 5))]
    ),
    "hinge_margin": lambda r: Case(
        "hinge_embedding_loss",
        [r.uniform(0, 4, (4, 5)), r.choice([-1.0, 1.0], (4, 5))],
        kw=dict(margin=2.0),
    ),
}


def _case(name: str, dtype: Any) -> Case:
    case = MAKERS[name](_rng(name))
    cast = [a.astype(dtype) if a.dtype.kind == "f" else a for a in case.args]
    kw = {k: v.astype(dtype) if isinstance(v, np.ndarray) else v for k, v in case.kw.items()}
    return Case(case.fn, cast, case.grad, kw)


def _call(lib: Any, functional: Any, case: Case, reduction: str) -> tuple:
    args = [lib.tensor(a, requires_grad=i in case.grad) for i, a in enumerate(case.args)]
    kw = {k: lib.tensor(v) if isinstance(v, np.ndarray) else v for k, v in case.kw.items()}
    return getattr(functional, case.fn)(*args, reduction=reduction, **kw), args


def _np(t: Any) -> np.ndarray:
    return np.asarray(t.detach().numpy())


def _tol(dtype: Any) -> dict:
    return dict(rtol=1e-5, atol=1e-5) if dtype == np.float32 else dict(rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("name", list(MAKERS))
def test_matches_torch(name: str, reduction: str, dtype: Any) -> None:
    """Value, dtype and gradients of every input (random upstream gradient) equal PyTorch's."""
    torch = pytest.importorskip("torch")
    case = _case(name, dtype)
    out, args = _call(ng, F, case, reduction)
    t_out, t_args = _call(torch, torch.nn.functional, case, reduction)
    assert out.shape == tuple(t_out.shape)
    assert str(out.dtype).split(".")[-1] == str(t_out.dtype).split(".")[-1]
    np.testing.assert_allclose(_np(out), _np(t_out), **_tol(dtype))
    up = _rng(name + "up").normal(size=out.shape).astype(dtype)
    out.backward(ng.tensor(up))
    t_out.backward(torch.tensor(up))
    for i in case.grad:
        np.testing.assert_allclose(
            _np(args[i].grad), _np(t_args[i].grad), **_tol(dtype), err_msg=f"gradient of input {i}"
        )


@pytest.mark.parametrize("reduction", ["none", "mean"])
@pytest.mark.parametrize("name", list(MAKERS))
def test_gradcheck(name: str, reduction: str) -> None:
    """Every loss's gradients (input and differentiable target) agree with central differences
    in float64."""
    case = _case(name, np.float64)
    args = tuple(ng.tensor(a, requires_grad=i in case.grad) for i, a in enumerate(case.args))
    kw = {k: ng.tensor(v) if isinstance(v, np.ndarray) else v for k, v in case.kw.items()}
    fn = getattr(F, case.fn)
    assert gradcheck(lambda *a: fn(*a, reduction=reduction, **kw), args)


def test_regression_broadcast_warns_and_matches_torch() -> None:
    """Different but broadcastable shapes: a UserWarning and PyTorch's broadcast numbers."""
    torch = pytest.importorskip("torch")
    r = _rng("broadcast")
    x, y = r.normal(size=(4, 3)), r.normal(size=(3,))
    with pytest.warns(UserWarning, match=r"\(3,\).*\(4, 3\)"):
        ours = F.mse_loss(ng.tensor(x), ng.tensor(y))
    with pytest.warns(UserWarning):
        theirs = torch.nn.functional.mse_loss(torch.tensor(x), torch.tensor(y))
    np.testing.assert_allclose(ours.item(), theirs.item(), rtol=1e-12)


def test_cross_entropy_all_ignored_is_nan_with_zero_gradient() -> None:
    """PyTorch's mean over no counted target is nan, and the gradient is zero, not nan."""
    x = ng.randn(3, 4, requires_grad=True)
    loss = F.cross_entropy(x, ng.tensor([-100, -100, -100]))
    loss.backward()
    assert np.isnan(loss.item())
    assert np.array_equal(x.grad.numpy(), np.zeros((3, 4), np.float32))


# ---- the course's multiclass SVM table (CS231n: 3 images, scores for cat / car / frog) -------

# One row per training image (a cat, a car, a frog); columns are the class scores cat, car, frog.
SVM_SCORES = np.array([[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]])
SVM_LABELS = np.array([0, 1, 2])


def test_course_svm_table_both_ways() -> None:
    """The course's L_i = sum_{j != y_i} max(0, s_j - s_{y_i} + 1) gives 2.9 and 0 for its first
    two images; PyTorch's multi_margin_loss is that divided by C = 3, and ours gives PyTorch's.

    NOTE: the course text prints 10.9 for the frog; its own formula gives 6.3 + 6.6 = 12.9 (the
    figure in the original CS231n slides), which is what both forms here give."""
    s, y = SVM_SCORES, SVM_LABELS
    margins = np.maximum(0, s - s[np.arange(3), y][:, None] + 1)
    margins[np.arange(3), y] = 0
    course = margins.sum(axis=1)
    np.testing.assert_allclose(course, [2.9, 0.0, 12.9], atol=1e-12)
    ours = F.multi_margin_loss(ng.tensor(s), ng.tensor(y), reduction="none").numpy()
    np.testing.assert_allclose(ours * 3, course, atol=1e-12)  # course number = ours x C
    np.testing.assert_allclose(ours, [2.9 / 3, 0.0, 12.9 / 3], atol=1e-12)
    mean = F.multi_margin_loss(ng.tensor(s), ng.tensor(y)).item()
    np.testing.assert_allclose(mean * 3, (2.9 + 0 + 12.9) / 3, atol=1e-12)  # the course's L
    module = ng.nn.MultiMarginLoss(reduction="sum")(ng.tensor(s), ng.tensor(y)).item()
    np.testing.assert_allclose(module, course.sum() / 3, atol=1e-12)


def test_course_svm_form_without_the_division() -> None:
    """divide_by_classes=False is the slide's L_i itself, and L = (2.9 + 0 + 12.9) / 3; its
    gradient is PyTorch's times C."""
    s = ng.tensor(SVM_SCORES, dtype=ng.float64, requires_grad=True)
    y = ng.tensor(SVM_LABELS)
    per_sample = F.multi_margin_loss(s, y, reduction="none", divide_by_classes=False)
    np.testing.assert_allclose(per_sample.detach().numpy(), [2.9, 0.0, 12.9], atol=1e-12)
    loss = ng.nn.MultiMarginLoss(divide_by_classes=False)(s, y)
    assert loss.item() == pytest.approx((2.9 + 0 + 12.9) / 3, abs=1e-12)
    loss.backward()
    course_grad = s.grad.numpy().copy()
    s.grad = None
    F.multi_margin_loss(s, y).backward()
    np.testing.assert_allclose(course_grad, 3 * s.grad.numpy(), atol=1e-12)


def test_course_svm_table_matches_torch() -> None:
    torch = pytest.importorskip("torch")
    theirs = torch.nn.functional.multi_margin_loss(
        torch.tensor(SVM_SCORES), torch.tensor(SVM_LABELS), reduction="none"
    )
    ours = F.multi_margin_loss(ng.tensor(SVM_SCORES), ng.tensor(SVM_LABELS), reduction="none")
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-12)


# ---- module forms -----------------------------------------------------------------------------

MODULES = [
    ("MSELoss", {}, "mse"),
    ("L1Loss", {}, "l1"),
    ("HuberLoss", {"delta": 0.5}, "huber"),
    ("CrossEntropyLoss", {"label_smoothing": 0.15, "ignore_index": 2}, "ce_ignore_custom"),
    ("NLLLoss", {"ignore_index": 1}, "nll_nd"),
    ("BCELoss", {}, "bce_weight"),
    ("BCEWithLogitsLoss", {}, "bcel_weights"),
    ("MultiMarginLoss", {"p": 2, "margin": 0.7}, "mm_p2"),
    ("HingeEmbeddingLoss", {"margin": 2.0}, "hinge_margin"),
]


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("cls, kw, name", MODULES, ids=[m[0] for m in MODULES])
def test_module_matches_torch_module(cls: str, kw: dict, name: str, reduction: str) -> None:
    """``nn.<Loss>(...)(input, target)`` equals PyTorch's module with the same options, and the
    weights live in buffers (state_dict keys line up)."""
    torch = pytest.importorskip("torch")
    case = _case(name, np.float64)
    results = []
    for lib in (ng, torch):
        tensors = {k: lib.tensor(v) for k, v in case.kw.items() if isinstance(v, np.ndarray)}
        module = getattr(lib.nn, cls)(reduction=reduction, **kw, **tensors)
        args = [lib.tensor(a) for a in case.args]
        results.append((_np(module(*args)), sorted(module.state_dict())))
    np.testing.assert_allclose(results[0][0], results[1][0], rtol=1e-12, atol=1e-14)
    assert results[0][1] == results[1][1]


def test_module_repr_and_options() -> None:
    assert repr(ng.nn.CrossEntropyLoss()) == "CrossEntropyLoss()"
    loss = ng.nn.CrossEntropyLoss(weight=ng.ones(3), label_smoothing=0.1)
    assert loss.reduction == "mean" and loss.ignore_index == -100
    assert "weight" in loss.state_dict()
    assert "weight" not in ng.nn.NLLLoss().state_dict()
    with pytest.raises(ValueError, match="bogus"):
        ng.nn.MSELoss(reduction="bogus")
    with pytest.raises(ValueError, match="p=3"):
        ng.nn.MultiMarginLoss(p=3)


# ---- argument checks: each error names the offending value ------------------------------------


def _bad_cases(lib: Any) -> dict:
    """name -> (call, the error's type and message pattern, whether PyTorch raises too)."""
    f = lib.nn.functional
    t = lib.tensor
    x = t(np.arange(12.0).reshape(4, 3) / 12)
    labels = t(np.array([0, 2, 1, 0]))
    nan = t(np.array([[0.1, np.nan, 0.3]] * 4))
    return {
        "reduction": (lambda: f.mse_loss(x, x, reduction="bogus"), ValueError, "bogus", True),
        "mse_shapes": (
            lambda: f.mse_loss(x, t(np.ones((4, 5)))),
            RuntimeError,
            r"\(4, 5\).*\(4, 3\)",
            True,
        ),
        "mse_int_input": (lambda: f.mse_loss(labels, labels), RuntimeError, "int64", True),
        "mse_nan": (lambda: f.mse_loss(nan, x), ValueError, r"NaN.*\(0, 1\)", False),
        "mse_nan_target": (lambda: f.mse_loss(x, nan), ValueError, "target contains NaN", False),
        "huber_delta": (lambda: f.huber_loss(x, x, delta=-0.5), RuntimeError, "-0.5", True),
        "ce_label_high": (
            lambda: f.cross_entropy(x, t(np.array([0, 7, 1, 0]))),
            IndexError,
            r"label 7 .*3 classes",
            True,
        ),
        "ce_label_negative": (
            lambda: f.cross_entropy(x, t(np.array([0, -1, 1, 0]))),
            IndexError,
            r"label -1 .*3 classes",
            True,
        ),
        "ce_label_custom_ignore": (
            lambda: f.cross_entropy(x, t(np.array([5, 3, 1, 0])), ignore_index=5),
            IndexError,
            r"label 3 .*ignore_index=5",
            True,
        ),
        "ce_float_indices": (
            lambda: f.cross_entropy(x, t(np.array([0.0, 2, 1, 0]))),
            RuntimeError,
            r"float.*\(4, 3\)",
            True,
        ),
        "ce_int_probs": (
            lambda: f.cross_entropy(x, t(np.zeros((4, 3), np.int64))),
            RuntimeError,
            "int64",
            True,
        ),
        "ce_target_shape": (
            lambda: f.cross_entropy(x, t(np.array([0, 1]))),
            ValueError,
            r"\(4,\).*\(4, 3\).*\(2,\)",
            True,
        ),
        "ce_target_shape_nd": (
            lambda: f.cross_entropy(t(np.ones((2, 3, 4))), t(np.zeros((2, 5), np.int64))),
            RuntimeError,
            r"\(2, 4\).*\(2, 3, 4\).*\(2, 5\)",
            True,
        ),
        "ce_weight_size": (
            lambda: f.cross_entropy(x, labels, weight=t(np.ones(2))),
            RuntimeError,
            r"3 classes.*\(2,\)",
            True,
        ),
        "ce_weight_grad": (
            lambda: f.cross_entropy(x, labels, t(np.ones(3), requires_grad=True)),
            RuntimeError,
            "'weight'",
            True,
        ),
        "ce_nan": (lambda: f.cross_entropy(nan, labels), ValueError, "NaN", False),
        "ce_smoothing": (
            lambda: f.cross_entropy(x, labels, label_smoothing=1.5),
            RuntimeError,
            "1.5",
            True,
        ),
        "ce_probs_ignore": (
            lambda: f.cross_entropy(x, x, ignore_index=1),
            RuntimeError,
            "ignore_index=1",
            True,
        ),
        "ce_scalar_input": (lambda: f.cross_entropy(t(1.0), t(0)), RuntimeError, "0-dim", True),
        "nll_float_target": (
            lambda: f.nll_loss(x, t(np.array([0.0, 2, 1, 0]))),
            RuntimeError,
            "float64",
            True,
        ),
        "nll_label": (
            lambda: f.nll_loss(x, t(np.array([0, 3, 1, 0]))),
            IndexError,
            r"label 3 .*3 classes",
            True,
        ),
        "bce_range": (
            lambda: f.binary_cross_entropy(t(np.array([-0.2, 0.5, 1.3])), t(np.array([0.0, 1, 1]))),
            RuntimeError,
            r"min -0\.2 and max 1\.3",
            True,
        ),
        "bce_target_range": (
            lambda: f.binary_cross_entropy(t(np.array([0.5, 0.5])), t(np.array([0.0, 2.0]))),
            RuntimeError,
            r"elements of target should be between 0 and 1.*max 2",
            True,
        ),
        "bce_shapes": (
            lambda: f.binary_cross_entropy(x, t(np.ones(3, np.float32))),
            ValueError,
            r"\(3,\).*\(4, 3\)",
            True,
        ),
        "bce_dtype": (lambda: f.binary_cross_entropy(x, x.float()), RuntimeError, "float32", True),
        "bcel_int_target": (
            lambda: f.binary_cross_entropy_with_logits(x, x.long()),
            RuntimeError,
            "int64",
            True,
        ),
        "bcel_shapes": (
            lambda: f.binary_cross_entropy_with_logits(x, x[:2]),
            ValueError,
            r"\(2, 3\).*\(4, 3\)",
            True,
        ),
        "bcel_pos_weight_grad": (
            lambda: f.binary_cross_entropy_with_logits(
                x, x, pos_weight=t(np.ones(3), requires_grad=True)
            ),
            RuntimeError,
            "'pos_weight'",
            True,
        ),
        "bcel_nan_target": (
            lambda: f.binary_cross_entropy_with_logits(x, nan),
            ValueError,
            "target contains NaN",
            False,
        ),
        "mm_p": (lambda: f.multi_margin_loss(x, labels, p=3), ValueError, "p=3", True),
        "mm_label": (
            lambda: f.multi_margin_loss(x, t(np.array([0, 4, 1, 0]))),
            RuntimeError,
            r"label 4 .*3 classes",
            True,
        ),
        "mm_3d": (
            lambda: f.multi_margin_loss(t(np.ones((2, 3, 4))), t(np.zeros((2, 4), int))),
            RuntimeError,
            r"\(2, 3, 4\)",
            True,
        ),
    }


@pytest.mark.filterwarnings("ignore:Using a target size")  # PyTorch's, before it raises
@pytest.mark.parametrize("name", list(_bad_cases(ng)))
def test_bad_arguments_raise_naming_the_value(name: str) -> None:
    """The error type is PyTorch's where PyTorch raises too; the message names the value."""
    call, kind, pattern, torch_raises = _bad_cases(ng)[name]
    with pytest.raises(kind, match=pattern):
        call()
    torch = pytest.importorskip("torch")
    if torch_raises:
        with pytest.raises(kind):
            _bad_cases(torch)[name][0]()


def test_ignored_labels_are_not_range_checked() -> None:
    """Labels equal to ``ignore_index`` may lie outside [0, C): the loss is that of the rest."""
    x = ng.randn(4, 3)
    got = F.cross_entropy(x, ng.tensor([-100, 0, 2, -100]))
    assert got.item() == pytest.approx(F.cross_entropy(x[1:3], ng.tensor([0, 2])).item())
    got = F.nll_loss(x, ng.tensor([7, 0, 2, 1]), ignore_index=7)
    assert got.item() == pytest.approx(F.nll_loss(x[1:], ng.tensor([0, 2, 1])).item())
