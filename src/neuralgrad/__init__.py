"""neuralgrad: the foundations of deep learning on NumPy, with PyTorch's API.

``import neuralgrad as torch`` runs scripts that stay inside the documented subset.
"""

from . import (
    _methods,  # noqa: F401  (binds the ops to Tensor)
    autograd,
    nn,
    optim,
    utils,
)
from ._backend import device
from ._dtype import bool_ as bool  # noqa: A001
from ._dtype import (
    dtype,
    float32,
    float64,
    get_default_dtype,
    int64,
    set_default_dtype,
)
from ._tensor import Tensor
from .autograd import enable_grad, inference_mode, is_grad_enabled, no_grad, set_grad_enabled
from .ops.activation import relu, sigmoid, tanh
from .ops.arith import add, div, maximum, minimum, mul, neg, pow, sub, where
from .ops.cast import clone
from .ops.compare import (
    all,
    allclose,
    any,
    eq,
    equal,
    ge,
    gt,
    isclose,
    isfinite,
    isinf,
    isnan,
    le,
    logical_and,
    logical_not,
    logical_or,
    logical_xor,
    lt,
    ne,
)
from .ops.creation import (
    arange,
    as_tensor,
    empty,
    empty_like,
    eye,
    from_numpy,
    full,
    full_like,
    linspace,
    ones,
    ones_like,
    rand,
    rand_like,
    randint,
    randint_like,
    randn,
    randn_like,
    randperm,
    tensor,
    zeros,
    zeros_like,
)
from .ops.extremes import amax, amin, argmax, argmin, max, min
from .ops.index import gather, nonzero
from .ops.linalg import dot, matmul, mm
from .ops.reduce import logsumexp, mean, norm, std, sum, var
from .ops.rounding import ceil, floor, round, sign
from .ops.shape import (
    cat,
    chunk,
    flatten,
    permute,
    reshape,
    split,
    squeeze,
    stack,
    t,
    transpose,
    unsqueeze,
)
from .ops.softmax import log_softmax, softmax
from .ops.unary import abs, clamp, cos, exp, log, log1p, rsqrt, sin, sqrt, square
from .random import Generator, get_rng_state, initial_seed, manual_seed, seed, set_rng_state
from .serialization import load, save

long = int64
double = float64
float = float32  # noqa: A001
concat = concatenate = cat
clip = clamp
true_divide = divide = div
multiply = mul
subtract = sub

__version__ = "0.1.0"

_LAZY = (
    "train",
    "datasets",
    "preprocessing",
    "metrics",
    "augment",
    "autograd",
    "models",
    "plot",
    "perceptron",
    "health",
    "tune",
    "jit",
)
# names from lazy submodules
_LAZY_ATTRS = {"Perceptron": "perceptron", "capture": "jit", "CapturedStep": "jit"}


def __getattr__(name: str):  # noqa: ANN202 - PEP 562 module attribute hook
    """``neuralgrad.train`` and friends load on first use, so ``import neuralgrad`` stays light."""
    if name in _LAZY:
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    if name in _LAZY_ATTRS:
        import importlib

        return getattr(importlib.import_module(f"{__name__}.{_LAZY_ATTRS[name]}"), name)
    raise AttributeError(f"module 'neuralgrad' has no attribute {name!r}")
