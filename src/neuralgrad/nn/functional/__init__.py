"""The functional form of every layer, activation and loss (``torch.nn.functional``).

Argument checks live here, in the public wrappers; the maths lives in ``neuralgrad.ops``.
"""

from .activation import (  # noqa: F401
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
from .dropout import dropout  # noqa: F401
from .embedding import embedding  # noqa: F401
from .labels import one_hot  # noqa: F401
from .linear import linear  # noqa: F401
from .loss import (  # noqa: F401
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
from .normalization import batch_norm, group_norm, instance_norm, layer_norm  # noqa: F401
from .vector_norm import normalize  # noqa: F401
