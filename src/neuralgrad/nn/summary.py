"""``summary(model, input_shape)``: a Keras-like table of a model's layers (ours; PyTorch has none).

It runs one forward pass on zeros with hooks on every module, recording each layer's output
shape in call order, and counts parameters: each row shows the layer's own parameters, and
the totals count every parameter of the model once (shared ones too, like ``parameters()``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from .._html import html_table
from .._tensor import Tensor
from ..autograd.grad_mode import no_grad
from ..ops.creation import zeros
from .modules.module import Module

__all__ = ["summary", "summary_html"]

_HEAD = ("Layer (type)", "Output Shape", "Param #")


def _shape_str(out: Any) -> str:
    if isinstance(out, Tensor):
        return str(tuple(out.shape))
    if isinstance(out, (tuple, list)):
        return "[" + ", ".join(_shape_str(o) for o in out) + "]"
    return type(out).__name__


def _inputs(input_shape: Sequence, dtype: Any, model: Module) -> list[Tensor]:
    """One zero tensor per shape, on the model's device: ``(2, 784)`` is one input,
    ``[(2, 3), (2, 5)]`` two."""
    shapes = input_shape if input_shape and not isinstance(input_shape[0], int) else [input_shape]
    device = next((p.device for p in model.parameters()), None)
    return [zeros(*shape, dtype=dtype, device=device) for shape in shapes]


def _trace(model: Module, inputs: list[Tensor]) -> list[list]:
    """Rows ``[name, type, output shape, own parameter count]`` for every leaf module (and every
    module with parameters of its own) in the order they run; the model is left as found."""
    rows: list[list] = []
    counted: set[int] = set()
    handles = []
    modes = [(m, m.training) for m in model.modules()]

    def make_hooks(name: str, mod: Module) -> None:
        def pre(m: Module, args: tuple) -> None:
            own = 0 if id(m) in counted else sum(p.numel() for p in m.parameters(recurse=False))
            counted.add(id(m))
            label = f"{name} ({m._get_name()})" if name else m._get_name()
            rows.append([label, "?", own])

        def post(m: Module, args: tuple, out: Any) -> None:
            next(r for r in reversed(rows) if r[1] == "?")[1] = _shape_str(out)

        handles.extend([mod.register_forward_pre_hook(pre), mod.register_forward_hook(post)])

    for name, mod in model.named_modules():
        if not mod._modules or mod._parameters:
            make_hooks(name, mod)
    try:
        model.eval()  # no dropout draws from the global generator, no batch-norm updates
        with no_grad():
            model(*inputs)
    finally:
        for h in handles:
            h.remove()
        for m, mode in modes:
            object.__setattr__(m, "training", mode)
    return rows


def _table(title: str, rows: list[list], totals: tuple[int, int]) -> str:
    cells = [list(_HEAD)] + [[r[0], r[1], f"{r[2]:,}"] for r in rows]
    widths = [max(len(c[i]) for c in cells) + 4 for i in range(3)]
    width = sum(widths)

    def line(c: list) -> str:
        return " " + "".join(s.ljust(w) for s, w in zip(c, widths)).rstrip()

    out = [f'Model: "{title}"', "_" * width, line(cells[0]), "=" * width]
    out += [line(c) for c in cells[1:]]
    out += ["=" * width, *_footer(totals), "_" * width]
    return "\n".join(out)


def _totals(model: Module) -> tuple[int, int]:
    params = list(model.parameters())
    return sum(p.numel() for p in params), sum(p.numel() for p in params if p.requires_grad)


def _footer(totals: tuple[int, int]) -> list[str]:
    total, trainable = totals
    return [
        f"Total params: {total:,}",
        f"Trainable params: {trainable:,}",
        f"Non-trainable params: {total - trainable:,}",
    ]


def summary_html(model: Module, input_shape: Sequence | None = None, dtype: Any = None) -> str:
    """The summary as an HTML table (what Jupyter shows for a model): with ``input_shape``
    the rows of ``summary``; without, each leaf layer with its settings and parameters (no
    forward pass, so no output shapes)."""
    if input_shape is not None:
        rows = [
            [r[0], r[1], f"{r[2]:,}"] for r in _trace(model, _inputs(input_shape, dtype, model))
        ]
        head = _HEAD
    else:
        head = ("Layer (type)", "Settings", "Param #")
        rows = [
            [
                f"{name} ({m._get_name()})" if name else m._get_name(),
                m.extra_repr(),
                f"{sum(p.numel() for p in m.parameters(recurse=False)):,}",
            ]
            for name, m in model.named_modules()
            if not m._modules or m._parameters
        ]
    return html_table(head, rows, f'Model: "{model._get_name()}"', _footer(_totals(model)))


def summary(
    model: Module,
    input_shape: Sequence,
    dtype: Any = None,
    print_fn: Callable[[str], Any] | None = print,
) -> str:
    """Print and return a table of ``model``'s layers: name (type), output shape, parameters.

    ``input_shape`` is the full shape of one input *including* the batch dim, e.g. ``(1, 784)``
    (or a list of shapes for a model taking several inputs); the forward pass runs on zeros in
    eval mode under ``no_grad`` and leaves the model's modes, gradients and the global random
    state untouched. ``print_fn=None`` only returns the string.
    """
    rows = _trace(model, _inputs(input_shape, dtype, model))
    text = _table(model._get_name(), rows, _totals(model))
    if print_fn is not None:
        print_fn(text)
    return text
