"""``graph``: draw the define-by-run graph behind a result, as in the course's computational-graph
figures: each op (its ``grad_fn`` name), shape, value and gradient, with the places where
gradients add (a value used by more than one op) marked.

The result is a ``GraphDrawing``: the Graphviz DOT text (a ``str``), which Jupyter shows as
SVG. SVG is drawn by Graphviz's ``dot`` program when it is installed and by our own layered
layout otherwise (``graph_svg``), so no system package is needed; PNG and PDF need ``dot``.
The walk is iterative, so graphs of any depth can be drawn. Ours: PyTorch has no built-in
drawing (torchviz is a separate package).

Gradients: drawn before ``backward`` (while the graph still holds what its backward needs), the
drawing runs its own backward pass with ``autograd.grad`` and shows the upstream gradient
d result / d v at every vertex v, intermediate ones included, without ``retain_grad`` and
without touching any ``.grad``. After ``backward`` it shows leaves' ``.grad`` and retained
non-leaves'. Values: the result's, named tensors' (``names``), leaves', and every value an op
kept for its backward (the inputs of ``*``, ``@``, the outputs of ``exp``, ``sigmoid``,
``tanh``); name a tensor to see any other.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from .._tensor import Tensor, wrap
from ..autograd.node import Node, retained

__all__ = ["graph", "GraphDrawing"]

FORMATS = ("svg", "png", "pdf")
_AUTO_VALUES = 1000  # show_values=None: values for graphs up to this many vertices


class GraphDrawing(str):
    """The DOT text of a drawn graph (a ``str``, so it prints and saves as before) that also
    renders itself: ``svg()`` and Jupyter's ``_repr_svg_``."""

    vertices: list
    edges: list

    def svg(self) -> str:
        """SVG markup: Graphviz's layout when ``dot`` is installed, else ours."""
        exe = shutil.which("dot")
        if exe is not None:
            done = subprocess.run(
                [exe, "-Tsvg"], input=str(self), capture_output=True, text=True, check=False
            )
            if done.returncode == 0:
                return done.stdout
        from .graph_svg import draw_svg

        return draw_svg(self.vertices, self.edges)

    def _repr_svg_(self) -> str:
        return self.svg()


def graph(
    tensor: Tensor,
    path: str | os.PathLike | None = None,
    format: str | None = None,  # noqa: A002  (Graphviz's and torchviz's word)
    show_values: bool | None = None,
    names: Mapping[str, Tensor] | None = None,
) -> GraphDrawing:
    """The DOT text of the graph that made ``tensor`` (a ``GraphDrawing``: Jupyter shows it as
    SVG); with ``path``, also written to ``<path>.dot`` and, when ``format`` (or the path's
    suffix) is svg/png/pdf, drawn to ``<path>.<format>``. ``names`` maps variable names to
    tensors (leaves or intermediate results) to label them; a tensor's ``name`` attribute
    works too. ``show_values=None`` shows values and gradients for graphs of up to 1000
    vertices."""
    fmt, base = _target(path, format)
    g = _Graph(tensor, names or {})
    show = len(g.objs) <= _AUTO_VALUES if show_values is None else bool(show_values)
    if show:
        g.upstream = _upstream_gradients(tensor, g.objs)
    drawing = GraphDrawing(g.dot(show))
    drawing.vertices, drawing.edges = g.vertices(show), list(g.edges)
    if base is not None:
        dot_path = base.with_name(base.name + ".dot")
        dot_path.write_text(drawing, encoding="utf-8")
        out = base.with_name(f"{base.name}.{fmt}")
        if fmt == "svg" and shutil.which("dot") is None:
            out.write_text(drawing.svg(), encoding="utf-8")
        elif fmt is not None:
            _render(dot_path, out, fmt)
    return drawing


def _upstream_gradients(root: Tensor, objs: list) -> dict[int, Any]:
    """d root / d v for every vertex v (op nodes and leaves), by one ``autograd.grad`` call
    with the graph kept; empty when it cannot run (a non-scalar result, a graph whose saved
    values ``backward`` already freed, nothing that requires grad)."""
    from ..autograd import grad

    if root.grad_fn is None or root._data.size != 1:
        return {}
    probes, keys = [], []
    for k, obj in enumerate(objs):
        if isinstance(obj, Node):
            probe = wrap(np.zeros(obj.shape))  # stands for the node's result in the capture
            probe.grad_fn, probe.requires_grad = obj, True
        elif isinstance(obj, Tensor) and obj.requires_grad:
            probe = obj
        else:
            continue
        probes.append(probe)
        keys.append(k)
    try:
        found = grad(root, probes, retain_graph=True, allow_unused=True)
    except RuntimeError:  # the saved values were freed by an earlier backward
        return {}
    return {k: _array(g) for k, g in zip(keys, found) if g is not None}


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
        self.upstream: dict[int, Any] = {}  # vertex index -> computed d root / d vertex
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

    def vertices(self, show: bool) -> list[tuple[list[str], str, bool]]:
        """Each vertex as (label rows, kind 'op'/'const'/'leaf', used more than once)."""
        return [self._rows(k, obj, show) for k, obj in enumerate(self.objs)]

    def dot(self, show: bool) -> str:
        lines = [
            "digraph neuralgrad {",
            "  rankdir=LR;",
            '  node [fontname="Helvetica", fontsize=11];',
            '  edge [color="#555555"];',
        ]
        for k, (rows, kind, branch) in enumerate(self.vertices(show)):
            style = _DOT_STYLE[kind] + (', color="#cc0000", penwidth=2' if branch else "")
            lines.append(f'  n{k} [label="{_escape(rows)}", {style}];')
        lines.extend(f"  n{a} -> n{b};" for a, b in self.edges)
        lines.append("}")
        return "\n".join(lines) + "\n"

    def _rows(self, k: int, obj: Any, show: bool) -> tuple[list[str], str, bool]:
        value, grad = self._value_grad(obj) if show else (None, None)
        if show and k in self.upstream:
            grad = self.upstream[k]
        if isinstance(obj, Node):
            rows, kind = [obj.name()], "op"
            name = self.names.get(id(obj))
            if name:
                rows[0] = f"{name} = {rows[0]}"
            rows.append(_shape(obj.shape))
        elif isinstance(obj, _Const):
            rows, kind = [self.names.get(id(obj.value)) or "constant"], "const"
            rows.append(_shape(np.shape(_array(obj.value))))
        else:
            rows = [self.names.get(id(obj)) or getattr(obj, "name", None) or "leaf"]
            kind = "leaf"
            rows.append(_shape(obj.shape))
        if value is not None:
            rows.append(f"value {_summary(value)}")
        if grad is not None:
            rows.append(f"grad {_summary(grad)}")
        uses = self.uses[k]
        if uses > 1:
            rows.append(f"+ grads add here ({uses} uses)")
        return rows, kind, uses > 1

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


_DOT_STYLE = {
    "op": 'shape=box, style="rounded,filled", fillcolor="#fff2cc"',
    "const": 'shape=ellipse, style=filled, fillcolor="#eeeeee"',
    "leaf": 'shape=ellipse, style=filled, fillcolor="#dae8fc"',
}


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
