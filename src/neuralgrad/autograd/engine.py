"""The backward engine: walks the recorded graph in reverse topological order.

Iterative throughout (a chain of 100,000 ops must not hit the recursion limit). The loop has one
job: gradients that meet at a node are summed before its VJP runs, and each gradient that
reaches a leaf is handed to a sink, with whether the leaf may keep that array as its own
(``Node.fresh_grads``). The sink of ``backward`` adds it into ``.grad``; the sink of ``grad``
(and of ``backward(inputs=...)``) collects the gradients of the wanted tensors instead. With
``create_graph=True`` the same VJPs run on tensors through the graph-building namespace
(``graph_ops``), so the gradients themselves can be differentiated.

Extension point: ``leaf_gradient_hook(hook)`` makes ``backward`` call ``hook(leaf, g, owned)``
instead of adding a leaf's gradient into ``.grad`` itself (a capture records it there); the
hook calls ``accumulate_grad`` to do the adding.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from .._backend import array_ops
from .._modes import modes
from .._tensor import Tensor, clock, wrap
from .anomaly_mode import check_finite_grads
from .graph_ops import TENSOR_OPS, graph_vjp
from .node import Node, retained

__all__ = ["backward", "grad", "run", "accumulate_grad", "leaf_gradient_hook"]

_FREED_MSG = (
    "Trying to backward through the graph a second time (or to use saved values after they "
    "were freed). Saved intermediate values of the graph are freed when you call .backward() "
    "or autograd.grad(). Specify retain_graph=True on the first call if you need to backward "
    "through the graph a second time."
)


def backward(
    tensors: Sequence[Tensor] | Tensor,
    grad_tensors: Any = None,
    retain_graph: bool | None = None,
    create_graph: bool = False,
    inputs: Any = None,
) -> None:
    """Add the gradients of ``tensors`` (seeded by ``grad_tensors``) into the leaves' ``.grad``
    (into those of ``inputs`` only, when given)."""
    tensors = _as_list(tensors)
    seeds = _seeds(tensors, grad_tensors, create_graph)
    retain = create_graph if retain_graph is None else retain_graph
    into_grad = IntoGrad(create_graph)
    if inputs is None:
        run(tensors, seeds, into_grad, retain, create_graph)
        return
    wanted = Collect(_as_list(inputs), create_graph)
    run(tensors, seeds, wanted, retain, create_graph)
    for t, g in zip(wanted.tensors, wanted.grads):
        if g is not None:
            into_grad.leaf(t, g, False)


def grad(
    outputs: Sequence[Tensor] | Tensor,
    inputs: Sequence[Tensor] | Tensor,
    grad_outputs: Any = None,
    retain_graph: bool | None = None,
    create_graph: bool = False,
    allow_unused: bool | None = None,
    materialize_grads: bool = False,
) -> tuple:
    """The gradients of ``outputs`` with respect to ``inputs``, returned (``.grad`` untouched)."""
    outputs = _as_list(outputs)
    wanted = Collect(_as_list(inputs), create_graph)
    for t in wanted.tensors:
        if not t.requires_grad:
            raise RuntimeError("one of the differentiated tensors does not require grad")
    seeds = _seeds(outputs, grad_outputs, create_graph)
    retain = create_graph if retain_graph is None else retain_graph
    run(outputs, seeds, wanted, retain, create_graph)
    result = []
    for t, g in zip(wanted.tensors, wanted.grads):
        if g is None:
            if materialize_grads:
                g = wrap(t._data * 0)
            elif not allow_unused:
                raise RuntimeError(
                    "one of the differentiated tensors appears to not have been used in the "
                    "graph; set allow_unused=True if this is the desired behavior"
                )
        elif not isinstance(g, Tensor):
            g = wrap(g)
        result.append(g)
    return tuple(result)


def _as_list(x: Any) -> list:
    return [x] if isinstance(x, Tensor) else list(x)


def _seeds(tensors: list, grads: Any, create_graph: bool) -> list:
    """One seed per output: ones for scalars, the given gradient otherwise (shape-checked)."""
    if grads is None or isinstance(grads, Tensor):
        grads = [grads] * len(tensors) if grads is None else [grads]
    grads = list(grads)
    if len(grads) != len(tensors):
        raise RuntimeError(f"got {len(grads)} gradients for {len(tensors)} outputs")
    seeds = []
    for i, (t, g) in enumerate(zip(tensors, grads)):
        if not t.requires_grad:
            raise RuntimeError(
                f"element {i} of tensors does not require grad and does not have a grad_fn"
            )
        if g is None:
            if t._data.size != 1:
                raise RuntimeError(
                    f"grad can be implicitly created only for scalar outputs, but the output "
                    f"has shape {tuple(t.shape)}; pass gradient= a tensor of that shape "
                    f"(e.g. neuralgrad.ones_like(output)) or reduce the output first (.sum())"
                )
            g = array_ops(t._data).ones_like(t._data)  # not x*0+1: nan/inf losses seed 1
        elif isinstance(g, Tensor):
            if g.shape != t.shape:
                raise RuntimeError(
                    f"mismatch in shape: gradient has shape {tuple(g.shape)} but the output "
                    f"has shape {tuple(t.shape)}"
                )
            g = g if create_graph else g._data
        else:
            raise TypeError(f"gradient must be a tensor, got {type(g).__name__}")
        if create_graph and not isinstance(g, Tensor):
            g = wrap(g)
        seeds.append(g)
    return seeds


def _dependencies(roots: list) -> dict:
    """How many edges lead into each node reachable from ``roots`` (an iterative DFS)."""
    stack = [r for r in roots if r is not None]
    deps: dict = dict.fromkeys(stack, 0)  # a node is in deps once it has been seen
    get, push = deps.get, stack.append
    while stack:
        for e in stack.pop().next:
            if isinstance(e, Node):
                count = get(e)
                if count is None:
                    push(e)
                    count = 0
                deps[e] = count + 1
    return deps


def run(roots: list, seeds: list, sink: Sink, retain_graph: bool, create_graph: bool) -> None:
    """Propagate ``seeds`` from ``roots`` through the graph, handing leaf gradients to ``sink``."""
    pending: dict = {}
    for t, g in zip(roots, seeds):
        if t.grad_fn is None:
            sink.leaf(t, g, False)
        else:
            prev = pending.get(t.grad_fn)
            pending[t.grad_fn] = g if prev is None else prev + g
    deps = _dependencies(list(pending))
    ready = [n for n in pending if deps[n] == 0]
    prev_mode = modes.grad_enabled
    modes.grad_enabled = create_graph
    # the hot loop: bound methods and flags in locals
    pop_ready, push_ready, take, peek = ready.pop, ready.append, pending.pop, pending.get
    to_leaf, observing, release = sink.leaf, sink.observing(), not retain_graph
    anomaly = modes.detect_anomaly
    try:
        while ready:
            node = pop_ready()
            g = take(node)
            if observing:
                sink.observe(node, g)
            if node.made_at != clock.now:
                node.check_versions()
            try:
                grads = graph_vjp(node, g) if create_graph else node.vjp(g, node.xp)
            except AttributeError:
                if node.released():  # a saved array read after a backward dropped it
                    raise RuntimeError(_FREED_MSG) from None
                raise
            if anomaly:
                check_finite_grads(node, grads)
            if release and node.saved:
                node.release()
            for e, gi in zip(node.next, grads):
                if e is None or gi is None:
                    continue
                if isinstance(e, Tensor):
                    to_leaf(e, gi, node.fresh_grads)
                    continue
                if gi.shape != e.shape:
                    gi = (TENSOR_OPS if create_graph else e.xp).sum_to(gi, e.shape)
                prev = peek(e)
                pending[e] = gi if prev is None else prev + gi
                d = deps[e] - 1
                deps[e] = d
                if d == 0:
                    push_ready(e)
    finally:
        modes.grad_enabled = prev_mode


class Sink:
    """Where gradients end: ``leaf`` gets each gradient that reaches a leaf; ``observe`` gets
    each node's total gradient while ``observing()`` (tensors that ``retain_grad``)."""

    def __init__(self, create_graph: bool) -> None:
        self.create_graph = create_graph

    def leaf(self, t: Tensor, g: Any, owned: bool) -> None:
        raise NotImplementedError  # abstract: each sink decides

    def observing(self) -> bool:
        return bool(retained)

    def observe(self, node: Node, g: Any) -> None:
        """The total gradient of a retained non-leaf reaches its ``.grad``."""
        ref = retained.get(node)
        kept = ref() if ref is not None else None
        if kept is not None:
            IntoGrad(self.create_graph).leaf(kept, g, False)


class IntoGrad(Sink):
    """``backward``: each gradient is added into its leaf's ``.grad``."""

    def leaf(self, t: Tensor, g: Any, owned: bool) -> None:
        g, owned = leaf_shaped(t, g, owned, self.create_graph)
        if self.create_graph:
            cur = t.grad
            t.grad = g if cur is None else cur + g
            return
        hook = modes.leaf_grad_hook
        if hook is None:
            accumulate_grad(t, g, owned)
        else:
            hook(t, g, owned)


class Collect(Sink):
    """``grad`` and ``backward(inputs=...)``: the gradients of ``tensors`` are collected in
    ``grads`` (summed over all paths, shaped and typed as each tensor)."""

    def __init__(self, tensors: list, create_graph: bool) -> None:
        super().__init__(create_graph)
        self.tensors = tensors
        self.grads: list = [None] * len(tensors)
        self.leaves = {id(t): k for k, t in enumerate(tensors) if t.grad_fn is None}
        self.nodes = {t.grad_fn: k for k, t in enumerate(tensors) if t.grad_fn is not None}

    def leaf(self, t: Tensor, g: Any, owned: bool) -> None:
        k = self.leaves.get(id(t))
        if k is not None:
            self._add(k, leaf_shaped(t, g, owned, self.create_graph)[0])

    def observing(self) -> bool:
        return bool(self.nodes) or super().observing()

    def observe(self, node: Node, g: Any) -> None:
        super().observe(node, g)
        k = self.nodes.get(node)
        if k is not None:
            self._add(k, g)

    def _add(self, k: int, g: Any) -> None:
        prev = self.grads[k]
        self.grads[k] = g if prev is None else prev + g


def leaf_shaped(leaf: Tensor, g: Any, owned: bool, graph: bool) -> tuple[Any, bool]:
    """``g`` summed back to the leaf's shape and cast to its dtype (the one place a broadcast
    gradient is un-broadcast for a leaf), and whether the leaf may keep the result."""
    data = leaf._data
    if g.shape != data.shape:
        g = (TENSOR_OPS if graph else array_ops(data)).sum_to(g, data.shape)
        owned = True
    if graph:
        if g._data.dtype != data.dtype:
            g = g.to(leaf.dtype)
    elif g.dtype != data.dtype:
        g = g.astype(data.dtype)
        owned = True
    return g, owned


def accumulate_grad(leaf: Tensor, g: Any, owned: bool) -> None:
    """Add the array ``g`` into ``leaf.grad``; ``owned``: nothing else holds ``g``, so a first
    gradient becomes ``.grad`` without a copy."""
    cur = leaf.grad
    if cur is None:
        leaf.grad = wrap(g if owned else g.copy())
    else:
        cur._data += g


@contextlib.contextmanager
def leaf_gradient_hook(hook: Callable[[Tensor, Any, bool], None]) -> Iterator[None]:
    """Within the block, ``backward`` calls ``hook(leaf, g, owned)`` for each array gradient
    that reaches a leaf, instead of ``accumulate_grad(leaf, g, owned)``."""
    prev = modes.leaf_grad_hook
    modes.leaf_grad_hook = hook
    try:
        yield
    finally:
        modes.leaf_grad_hook = prev
