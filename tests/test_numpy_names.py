"""``axis=`` for ``dim=`` and ``keepdims=`` for ``keepdim=``, where PyTorch accepts them."""

from __future__ import annotations

import numpy as np
import pytest

import neuralgrad as ng
from neuralgrad._numpy_names import NUMPY_NAMED

X = np.random.default_rng(0).standard_normal((2, 3, 4)).astype(np.float32)

# (function name, call with NumPy's names); each is also run as a Tensor method where it is one
CALLS = {
    "sum": lambda m, x: m.sum(x, axis=1, keepdims=True),
    "mean": lambda m, x: m.mean(x, axis=(0, 2), keepdims=True),
    "var": lambda m, x: m.var(x, axis=1, keepdims=True),
    "std": lambda m, x: m.std(x, axis=1),
    "std_mean": lambda m, x: m.std_mean(x, axis=1, keepdims=True),
    "var_mean": lambda m, x: m.var_mean(x, axis=0),
    "amax": lambda m, x: m.amax(x, axis=2, keepdims=True),
    "amin": lambda m, x: m.amin(x, axis=2),
    "max": lambda m, x: m.max(x, axis=1, keepdims=True),
    "min": lambda m, x: m.min(x, axis=1),
    "logsumexp": lambda m, x: m.logsumexp(x, axis=1, keepdims=True),
    "argmax": lambda m, x: m.argmax(x, axis=1, keepdims=True),
    "argmin": lambda m, x: m.argmin(x, axis=2),
    "all": lambda m, x: m.all(x > 0, axis=1),
    "any": lambda m, x: m.any(x > 0, axis=1, keepdims=True),
    "cat": lambda m, x: m.cat([x, x], axis=2),
    "stack": lambda m, x: m.stack([x, x], axis=1),
    "squeeze": lambda m, x: m.squeeze(x[:, :1], axis=1),
    "unsqueeze": lambda m, x: m.unsqueeze(x, axis=0),
    "gather": lambda m, x: m.gather(x, axis=2, index=m.zeros(2, 3, 1, dtype=m.int64)),
    "softmax": lambda m, x: m.softmax(x, axis=1),
    "log_softmax": lambda m, x: m.log_softmax(x, axis=1),
    "chunk": lambda m, x: m.chunk(x, 2, axis=2),
    "cumsum": lambda m, x: m.cumsum(x, axis=2),
    "cumprod": lambda m, x: m.cumprod(x, axis=1),
    "sort": lambda m, x: m.sort(x, axis=1),
    "argsort": lambda m, x: m.argsort(x, axis=1),
    "topk": lambda m, x: m.topk(x, 2, axis=1),
}


def test_every_listed_function_has_a_check():
    assert set(CALLS) == set(NUMPY_NAMED)


@pytest.mark.parametrize("name", sorted(CALLS))
def test_numpy_names_give_pytorchs_results(name):
    torch = pytest.importorskip("torch")
    got, want = CALLS[name](ng, ng.tensor(X)), CALLS[name](torch, torch.tensor(X))
    got = list(got) if isinstance(got, tuple) else [got]
    want = list(want) if isinstance(want, tuple) else [want]
    for g, w in zip(got, want, strict=True):
        np.testing.assert_allclose(g.numpy(), w.numpy(), rtol=1e-5, atol=1e-6)


def test_methods_take_them_too_and_stay_the_functions():
    x = ng.tensor(X)
    assert x.sum(axis=0, keepdims=True).shape == (1, 3, 4)
    assert x.argmax(axis=1).shape == (2, 4) and x.cumsum(axis=0).shape == X.shape
    for name in NUMPY_NAMED:
        method = getattr(ng.Tensor, name, None)
        assert method is None or method is getattr(ng, name), name


def test_both_names_at_once_is_an_error_as_in_pytorch():
    torch = pytest.importorskip("torch")
    with pytest.raises(TypeError):
        torch.zeros(2).sum(dim=0, axis=0)
    with pytest.raises(TypeError, match="'dim' and its alias 'axis'"):
        ng.zeros(2).sum(dim=0, axis=0)
