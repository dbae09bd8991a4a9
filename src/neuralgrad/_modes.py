"""Every mode flag and hook the core reads while it computes, kept in one object: ``modes``.

- ``grad_enabled``: whether ops record the graph (``no_grad``, ``enable_grad``,
  ``inference_mode`` ... set it);
- ``leaf_grad_hook``: None, or a callable ``hook(leaf, g, owned)`` that the engine calls instead
  of adding a leaf's gradient into ``.grad`` itself (``autograd.engine.leaf_gradient_hook``);
- ``random_source``: None, or a callable ``source(generator)`` giving the NumPy-style generator
  that random functions draw from (``random.draw_source``);
- ``generator``: None, or the ``random.Generator`` that random functions called without one draw
  from in place of the process-wide default (``random.use_generator``);
- ``detect_anomaly``: whether ``backward`` checks each node's gradients for NaN and infinity
  (``autograd.detect_anomaly``).

Each thread has its own values, as PyTorch keeps grad mode per thread: a thread starts with
grad mode on and no hooks, and what one thread sets (``no_grad`` in a worker, a capture, a
seeded run) is never seen by another. The default dtype stays process-wide, as PyTorch's.

Layers above the core (capture, probes) plug in through these and the other documented
extension points (``_backend.register_array_type``, ``nn.modules.module``'s global module
hooks) instead of the core importing them. The hot path reads one attribute of one object.
"""

from __future__ import annotations

import threading
from typing import Any

__all__ = ["modes"]


class _Modes(threading.local):
    """The flags of the calling thread; ``__init__`` runs once in each thread that reads them."""

    grad_enabled: bool
    leaf_grad_hook: Any
    random_source: Any
    generator: Any
    detect_anomaly: bool

    def __init__(self) -> None:
        self.grad_enabled = True
        self.leaf_grad_hook = None
        self.random_source = None
        self.generator = None
        self.detect_anomaly = False


modes = _Modes()
