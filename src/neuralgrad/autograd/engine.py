"""The backward engine: walks the recorded graph in reverse topological order.

Iterative throughout (a chain of 100,000 ops must not hit the recursion limit). Gradients that
meet at a node are summed before its VJP runs; gradients for leaves are summed back to the leaf's
shape and dtype and added to ``.grad``. With ``create_graph=True`` the same VJPs run on tensors
through the graph-building namespace, so the gradients themselves can be differentiated.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .._backend import array_ops
from .._tensor import Tensor, wrap
from ..jit._state import state as capture_state
from . import grad_mode
from .graph_ops import TENSOR_OPS, lift
from .node import Node, clock, retained

__all__ = ["backward", "grad", "run"]

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
    """Add the gradients of ``tensors`` (seeded by ``grad_tensors``) into the leaves' ``.grad``."""
    tensors = [tensors] if isinstance(tensors, Tensor) else list(tensors)
    seeds = _seeds(tensors, grad_tensors, create_graph)
    if retain_graph is None:
        retain_graph = create_graph
    if inputs is None:
        run(tensors, seeds, retain_graph, create_graph)
        return
    only = _as_list(inputs)
    got = run(tensors, seeds, retain_graph, create_graph, capture=only, accumulate=False)
    for t, g in zip(only, got):
        if g is not None:
            _to_leaf(t, g, False, {}, [], True, create_graph)


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
    inputs_l = _as_list(inputs)
    for t in inputs_l:
        if not t.requires_grad:
            raise RuntimeError("one of the differentiated tensors does not require grad")
    seeds = _seeds(outputs, grad_outputs, create_graph)
    if retain_graph is None:
        retain_graph = create_graph
    got = run(outputs, seeds, retain_graph, create_graph, capture=inputs_l, accumulate=False)
    result = []
    for t, g in zip(inputs_l, got):
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


def run(
    roots: list,
    seeds: list,
    retain_graph: bool,
    create_graph: bool,
    capture: list | None = None,
    accumulate: bool = True,
) -> list:
    """Propagate ``seeds`` from ``roots`` to the leaves; return the gradients of ``capture``."""
    cap_leaf: dict = {}
    cap_node: dict = {}
    if capture is not None:
        for k, t in enumerate(capture):
            if t.grad_fn is None:
                cap_leaf[id(t)] = k
            else:
                cap_node[t.grad_fn] = k
    captured: list = [None] * (len(capture) if capture is not None else 0)
    pending: dict = {}
    for t, g in zip(roots, seeds):
        if t.grad_fn is None:
            _to_leaf(t, g, False, cap_leaf, captured, accumulate, create_graph)
        else:
            prev = pending.get(t.grad_fn)
            pending[t.grad_fn] = g if prev is None else prev + g
    deps = _dependencies(list(pending))
    ready = [n for n in pending if deps[n] == 0]
    prev_mode = grad_mode.state.enabled
    grad_mode.state.enabled = create_graph
    # the hot loop: bound methods and flags in locals, rare work behind one test per node
    pop_ready, push_ready, take, peek = ready.pop, ready.append, pending.pop, pending.get
    rare = bool(retained.data) or bool(cap_node)
    try:
        while ready:
            node = pop_ready()
            g = take(node)
            if rare:
                _observe(node, g, cap_node, captured, create_graph)
            saved = node.saved
            if saved is None:
                raise RuntimeError(_FREED_MSG)
            if node._epoch != clock.now:
                node.check_versions()
            if create_graph:
                grads = node.vjp(g, TENSOR_OPS, *lift(node))
            else:
                grads = node.vjp(g, node.xp, *saved)
            if not retain_graph and saved:
                node.saved = None
            for e, gi in zip(node.next, grads):
                if e is None or gi is None:
                    continue
                if isinstance(e, Tensor):
                    _to_leaf(
                        e,
                        gi,
                        gi is not g and getattr(gi, "base", 0) is None,
                        cap_leaf,
                        captured,
                        accumulate,
                        create_graph,
                    )
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
        grad_mode.state.enabled = prev_mode
    return captured


def _observe(node: Any, g: Any, cap_node: dict, captured: list, create_graph: bool) -> None:
    """The node's total gradient reaches a retained non-leaf's ``.grad`` and/or a capture."""
    ref = retained.get(node)
    kept = ref() if ref is not None else None
    if kept is not None:
        _to_leaf(kept, g, False, {}, captured, True, create_graph)
    k = cap_node.get(node)
    if k is not None:
        captured[k] = g if captured[k] is None else captured[k] + g


def _to_leaf(
    leaf: Tensor,
    g: Any,
    fresh: bool,
    cap_leaf: dict,
    captured: list,
    accumulate: bool,
    create_graph: bool,
) -> None:
    """Sum ``g`` back to the leaf's shape and dtype and add it to ``.grad`` (or to a capture)."""
    data = leaf._data
    if create_graph:
        if g.shape != data.shape:
            g = TENSOR_OPS.sum_to(g, data.shape)
        if g._data.dtype != data.dtype:
            g = g.to(leaf.dtype)
    else:
        if g.shape != data.shape:
            g = array_ops(data).sum_to(g, data.shape)
            fresh = True
        if g.dtype != data.dtype:
            g = g.astype(data.dtype)
            fresh = True
    k = cap_leaf.get(id(leaf)) if cap_leaf else None
    if k is not None:
        captured[k] = g if captured[k] is None else captured[k] + g
        return
    if not accumulate:
        return
    if create_graph:
        cur = leaf.grad
        leaf.grad = g if cur is None else cur + g
        return
    rec = capture_state.recorder
    if rec is None or rec.paused:
        accumulate_grad(leaf, g, fresh)
    else:  # a capture replays this with each replay's gradient
        rec.accumulate(accumulate_grad, leaf, g, fresh)


def accumulate_grad(leaf: Tensor, g: Any, fresh: bool) -> None:
    """Add the array ``g`` into ``leaf.grad`` (``fresh``: nobody else holds ``g``, keep it)."""
    cur = leaf.grad
    if cur is None:
        leaf.grad = wrap(g if fresh else g.copy())
    else:
        cur._data += g
