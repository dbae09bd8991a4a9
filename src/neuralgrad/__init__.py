"""neuralgrad: the foundations of deep learning on NumPy, with PyTorch's API.

``import neuralgrad as torch`` runs scripts that stay inside the documented subset.
"""

from . import (
    _methods,  # noqa: F401  (binds the ops to Tensor)
    _methods_extra,  # noqa: F401  (binds the ops scripts use beyond the core set)
    _numpy_names,
    autograd,
    nn,
    optim,
    return_types,
    utils,
)
from ._devices import device
from ._dtype import bool_ as bool  # noqa: A001
from ._dtype import (
    dtype,
    float16,
    float32,
    float64,
    get_default_dtype,
    int8,
    int16,
    int32,
    int64,
    set_default_dtype,
    uint8,
)
from ._legacy import (
    BoolTensor,
    ByteTensor,
    CharTensor,
    DoubleTensor,
    FloatTensor,
    HalfTensor,
    IntTensor,
    LongTensor,
    ShortTensor,
)
from ._methods_extra import is_tensor, numel
from ._size import Size
from ._tensor import Tensor
from ._threads import get_num_threads, set_num_threads
from ._torch_alias import install_as_torch, uninstall_as_torch
from .autograd import (
    enable_grad,
    inference_mode,
    is_anomaly_enabled,
    is_grad_enabled,
    no_grad,
    set_grad_enabled,
)
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
from .ops.cumulative import cumprod, cumsum
from .ops.extremes import amax, amin, argmax, argmin, max, min
from .ops.histogram import histc, histogram
from .ops.index import gather, nonzero
from .ops.linalg import dot, matmul, mm
from .ops.meshgrid import meshgrid
from .ops.moments import std_mean, var_mean
from .ops.reduce import logsumexp, mean, norm, std, sum, var
from .ops.rounding import ceil, floor, round, sign
from .ops.sampling import bernoulli, multinomial, normal
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
from .ops.sorting import argsort, sort, topk
from .ops.unary import abs, clamp, cos, exp, log, log1p, rsqrt, sin, sqrt, square
from .ops.unary_extra import cosh, log2, log10, sinh
from .random import Generator, get_rng_state, initial_seed, manual_seed, seed, set_rng_state
from .serialization import load, save

_numpy_names.install(globals(), Tensor)  # axis=/keepdims= where PyTorch accepts them

long = int64
double = float64
float = float32  # noqa: A001
half = float16
int = int32  # noqa: A001
short = int16
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
    "cuda",
    "accelerator",
    "backends",
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
