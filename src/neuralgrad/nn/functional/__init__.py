"""The functional form of every layer, activation and loss (``torch.nn.functional``).

Argument checks live here, in the public wrappers; the maths lives in ``neuralgrad.ops``.
"""

from .activation import (
    elu,
    gelu,
    heaviside,
    leaky_relu,
    log_softmax,
    prelu,
    relu,
    sigmoid,
    silu,
    softmax,
    softplus,
    tanh,
)
from .dropout import dropout
from .embedding import embedding
from .labels import one_hot
from .linear import linear
from .loss import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
    hinge_embedding_loss,
    huber_loss,
    l1_loss,
    mse_loss,
    multi_margin_loss,
    nll_loss,
    smooth_l1_loss,
)
from .normalization import batch_norm, group_norm, instance_norm, layer_norm
from .vector_norm import normalize

__all__ = [
    "linear",
    "dropout",
    "one_hot",
    "embedding",
    "relu",
    "leaky_relu",
    "elu",
    "silu",
    "sigmoid",
    "tanh",
    "softplus",
    "gelu",
    "prelu",
    "softmax",
    "log_softmax",
    "heaviside",
    "mse_loss",
    "l1_loss",
    "huber_loss",
    "smooth_l1_loss",
    "cross_entropy",
    "nll_loss",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "multi_margin_loss",
    "hinge_embedding_loss",
    "batch_norm",
    "instance_norm",
    "layer_norm",
    "group_norm",
    "normalize",
]
