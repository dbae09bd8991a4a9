"""``graph``: draw the define-by-run graph behind a result, as in the course's computational-graph
figures: each op (its ``grad_fn`` name), shape, value and, after ``backward``, gradient, with the
places where gradients add (a value used by more than one op) marked.

The output is Graphviz DOT text, always; SVG, PNG or PDF are drawn from it by Graphviz's ``dot``
program when it is installed (no Python package needed). The walk is iterative, so graphs of
any depth can be drawn. Ours: PyTorch has no built-in drawing (torchviz is a separate package).

Which values can be shown: the result's, named tensors' (``names``), retained non-leaves'
(``retain_grad``), leaves', and every value an op kept for its backward (the inputs of ``*``,
``@``, the outputs of ``exp``, ``sigmoid``, ``tanh`` before ``backward`` frees them). Other
intermediate values are not kept by the engine; name the tensor to see them. Gradients: leaves'
``.grad`` and retained non-leaves'.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from .._tensor import Tensor
from ..autograd.node import Node, retained

__all__ = ["graph"]

FORMATS = ("svg", "png", "pdf")
_AUTO_VALUES = 1000  # show_values=None: values for graphs up to this many vertices


def graph(
    tensor: Tensor,
    path: str | os.PathLike | None = None,
    format: str | None = None,  # noqa: A002  (Graphviz's and torchviz's word)
    show_values: bool | None = None,
    names: Mapping[str, Tensor] | None = None,
) -> str:
    """The DOT text of the graph that made ``tensor``; with ``path``, also written to
    ``<path>.dot`` and, when ``format`` (or the path's suffix) is svg/png/pdf, drawn by Graphviz
    to ``<path>.<format>``. ``names`` maps variable names to tensors (leaves or intermediate
    results) to label them; a tensor's ``name`` attribute works too. ``show_values=None`` shows
    values and gradients for graphs of up to 1000 vertices."""
    fmt, base = _target(path, format)
    g = _Graph(tensor, names or {})
    show = len(g.objs) <= _AUTO_VALUES if show_values is None else bool(show_values)
    text = g.dot(show)
    if base is not None:
        dot_path = base.with_name(base.name + ".dot")
        dot_path.write_text(text, encoding="utf-8")
        if fmt is not None:
            _render(dot_path, base.with_name(f"{base.name}.{fmt}"), fmt)
    return text


class _Graph:
    """The vertices (op nodes, leaf tensors, kept constants) reachable from a result, in
    breadth-first order from the result, and the edges producer -> consumer."""

    def __init__(self, root: Tensor, names: Mapping[str, Tensor]) -> None:
        self.objs: list[Any] = []  # vertex objects (kept alive while drawing: ids stay unique)
        self.index: dict[int, int] = {}
        self.edges: list[tuple[int, int]] = []
        self.uses: list[int] = []
        self.tensor_of: dict[int, Tensor] = {}  # id(node) -> the tensor it made, where known
        self.names: dict[int, str] = {}
        for name, t in names.items():
            self.names[id(t.grad_fn if t.grad_fn is not None else t)] = name
            self._know(t)
        self._know(root)
        self._walk(root.grad_fn if root.grad_fn is not None else root)

    def _know(self, t: Tensor) -> None:
        if isinstance(t, Tensor) and t.grad_fn is not None:
            self.tensor_of.setdefault(id(t.grad_fn), t)

    def _vertex(self, obj: Any, key: int | None = None) -> tuple[int, bool]:
        key = id(obj) if key is None else key
        k = self.index.get(key)
        if k is not None:
            return k, False
        self.index[key] = k = len(self.objs)
        self.objs.append(obj)
        self.uses.append(0)
        return k, True

    def _walk(self, start: Any) -> None:
        """Breadth-first over ``node.next``, with an explicit queue (no recursion)."""
        self._vertex(start)
        queue, head = [start], 0
        while head < len(queue):
            node = queue[head]
            head += 1
            if not isinstance(node, Node):
                continue
            me = self.index[id(node)]
            inputs = node.inputs
            for i, edge in enumerate(node.next):
                if edge is None:
                    if inputs is None or not _is_value(inputs[i]):
                        continue
                    edge = _Const(inputs[i], me, i)
                    k, new = self._vertex(edge, _const_key(edge))
                else:
                    k, new = self._vertex(edge)
                    if isinstance(edge, Node) and inputs is not None:
                        self._know(inputs[i])
                    if new:
                        queue.append(edge)
                self.edges.append((k, me))
                self.uses[k] += 1

    def dot(self, show: bool) -> str:
        lines = [
            "digraph neuralgrad {",
            "  rankdir=LR;",
            '  node [fontname="Helvetica", fontsize=11];',
            '  edge [color="#555555"];',
        ]
        for k, obj in enumerate(self.objs):
            lines.append(f"  n{k} [{self._attrs(obj, self.uses[k], show)}];")
        lines.extend(f"  n{a} -> n{b};" for a, b in self.edges)
        lines.append("}")
        return "\n".join(lines) + "\n"

    def _attrs(self, obj: Any, uses: int, show: bool) -> str:
        value, grad = self._value_grad(obj) if show else (None, None)
        if isinstance(obj, Node):
            rows, style = [obj.name()], 'shape=box, style="rounded,filled", fillcolor="#fff2cc"'
            name = self.names.get(id(obj))
            if name:
                rows[0] = f"{name} = {rows[0]}"
            rows.append(_shape(obj.shape))
        elif isinstance(obj, _Const):
            rows = [self.names.get(id(obj.value)) or "constant"]
            style = 'shape=ellipse, style=filled, fillcolor="#eeeeee"'
            rows.append(_shape(np.shape(_array(obj.value))))
        else:
            rows = [self.names.get(id(obj)) or getattr(obj, "name", None) or "leaf"]
            style = 'shape=ellipse, style=filled, fillcolor="#dae8fc"'
            rows.append(_shape(obj.shape))
        if value is not None:
            rows.append(f"value {_summary(value)}")
        if grad is not None:
            rows.append(f"grad {_summary(grad)}")
        if uses > 1:
            rows.append(f"+ grads add here ({uses} uses)")
            style += ', color="#cc0000", penwidth=2'
        return f'label="{_escape(rows)}", {style}'

    def _value_grad(self, obj: Any) -> tuple[Any, Any]:
        """The vertex's value and gradient arrays, or None where they are not known."""
        if isinstance(obj, _Const):
            return _array(obj.value), None
        if isinstance(obj, Tensor):
            return obj._data, _array(obj.grad)
        t = self.tensor_of.get(id(obj))
        if t is None:
            ref = retained.get(obj)
            t = ref() if ref is not None else None
        if t is not None:
            return t._data, _array(t.grad)
        out = obj.saved_output()
        return (None, None) if out is None else (_array(out), None)


class _Const:
    """An input that needs no gradient but that its op kept (a weight-free constant, the data)."""

    __slots__ = ("value", "consumer", "slot")

    def __init__(self, value: Any, consumer: int, slot: int) -> None:
        self.value, self.consumer, self.slot = value, consumer, slot


def _const_key(c: _Const) -> Any:
    # one vertex per constant tensor (data used twice is one vertex); one per use for numbers
    return ("c", id(c.value)) if isinstance(c.value, Tensor) else ("c", c.consumer, c.slot)


def _is_value(x: Any) -> bool:
    return isinstance(x, (Tensor, np.ndarray, np.generic, int, float))


def _array(x: Any) -> Any:
    if x is None:
        return None
    x = getattr(x, "_data", x)
    return x.get() if hasattr(x, "get") and not isinstance(x, np.ndarray) else np.asarray(x)


def _shape(shape: tuple) -> str:
    return "scalar" if tuple(shape) == () else f"shape {tuple(shape)}"


def _summary(a: Any) -> str:
    """The numbers themselves for up to 4 elements (as the course's figures), else min/mean/max."""
    a = np.asarray(_array(a))
    if a.size <= 4:
        flat = [f"{v:.4g}" for v in a.reshape(-1).tolist()]
        return flat[0] if a.ndim == 0 else "[" + ", ".join(flat) + "]"
    f = a.astype(np.float64)
    return f"min {f.min():.3g} / mean {f.mean():.3g} / max {f.max():.3g}"


def _escape(rows: list[str]) -> str:
    return "\\n".join(r.replace("\\", "\\\\").replace('"', '\\"') for r in rows)


def _target(path: str | os.PathLike | None, fmt: str | None) -> tuple[str | None, Path | None]:
    """The drawing format and the output path without suffix (``None``: no file)."""
    if path is None:
        if fmt is not None:
            raise ValueError("graph: format= needs a path to write the drawing to")
        return None, None
    p = Path(path)
    suffix = p.suffix.lower().lstrip(".")
    base = p.with_suffix("") if suffix in FORMATS + ("dot", "gv") else p
    chosen = fmt.lower() if fmt is not None else (suffix if suffix in FORMATS else None)
    if chosen is not None and chosen not in FORMATS:
        raise ValueError(
            f"graph: format must be one of {FORMATS} (or None for DOT only), got {fmt!r}"
        )
    return chosen, base


def _render(dot_path: Path, out: Path, fmt: str) -> None:
    """Run Graphviz's ``dot`` on the DOT file, with a clear message when it is missing."""
    exe = shutil.which("dot")
    if exe is None:
        raise RuntimeError(
            f"graph: Graphviz's `dot` program is not on PATH, so no {fmt.upper()} was drawn; the "
            f"DOT text is in {dot_path}. Install Graphviz (apt-get install graphviz, brew install "
            "graphviz, conda install graphviz) or open the .dot file in any Graphviz viewer."
        )
    done = subprocess.run(
        [exe, f"-T{fmt}", str(dot_path), "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"graph: `dot -T{fmt}` failed on {dot_path}: {done.stderr.strip()}")
