"""Every mode flag and hook the core reads while it computes, kept in one object: ``modes``.

- ``grad_enabled``: whether ops record the graph (``no_grad``, ``enable_grad`` ... set it);
- ``leaf_grad_hook``: None, or a callable ``hook(leaf, g, owned)`` that the engine calls instead
  of adding a leaf's gradient into ``.grad`` itself (``autograd.engine.leaf_gradient_hook``);
- ``random_source``: None, or a callable ``source(generator)`` giving the NumPy-style generator
  that random functions draw from (``random.draw_source``).

Layers above the core (capture, probes) plug in through these and the other documented
extension points (``_backend.register_array_type``, ``nn.modules.module``'s global module
hooks) instead of the core importing them. The hot path reads one attribute of one object, and
making the modes per thread is a change to this file alone.
"""

from __future__ import annotations

__all__ = ["modes"]


class _Modes:
    __slots__ = ("grad_enabled", "leaf_grad_hook", "random_source")


modes = _Modes()
modes.grad_enabled = True
modes.leaf_grad_hook = None
modes.random_source = None
