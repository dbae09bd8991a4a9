"""``neuralgrad.jit``: record a training step once, replay its NumPy kernels without a graph.

``neuralgrad.capture(step)`` is the idea behind CUDA graphs and tinygrad's JIT, for NumPy: the
first call of each input signature runs ``step`` eagerly while recording every kernel it
executes (forward, backward, gradient accumulation); later calls run that schedule as one
generated Python function. Results are bitwise those of eager mode. Optimizer and scheduler
calls inside the step run as Python at every replay, random draws (dropout) draw anew, and
values the step branches on (NaN checks, ``.item()``) are guarded: if one changes, that call runs
eagerly instead. Tensors the step reads but does not receive are read by reference, so keep
updating them in place (optimizers, ``load_state_dict``, ``with no_grad(): p -= ...`` do);
rebinding ``p.data`` makes the next call record anew.

The core never imports this package: capture plugs into the extension points the core documents
(an array-namespace registry, a leaf-gradient hook, a source of random draws, a global module-
call hook) and wraps optimizer and scheduler calls from its own side (``host.py``). The modules
load on first use.
"""

from typing import Any

__all__ = ["capture", "CapturedStep", "CaptureError"]
_WHERE = {"capture": "step", "CapturedStep": "step", "CaptureError": "recorder"}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
