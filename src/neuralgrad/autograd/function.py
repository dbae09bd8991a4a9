"""Custom differentiable functions: subclass ``Function``, write ``forward(ctx, ...)`` and
``backward(ctx, *grad_outputs)``, call ``.apply``; as ``torch.autograd.Function``."""

from __future__ import annotations

from typing import Any

from .._backend import array_ops
from .._modes import modes
from .._tensor import Tensor, clock, version_counter, wrap
from . import grad_mode
from .graph_ops import TENSOR_OPS
from .node import CONST, Node, edge

__all__ = ["Function", "FunctionCtx", "once_differentiable"]


class FunctionCtx:
    """What ``forward`` hands to ``backward``: saved tensors, flags, any attribute you set."""

    def __init__(self, needs_input_grad: tuple) -> None:
        self.needs_input_grad = needs_input_grad
        self._saved: tuple | None = ()
        self._versions: tuple = ()
        self.materialize_grads = True

    def save_for_backward(self, *tensors: Any) -> None:
        """Keep tensors (or None) for ``backward``; in-place changes to them are detected."""
        for t in tensors:
            if t is not None and not isinstance(t, Tensor):
                raise TypeError(
                    f"save_for_backward can only save tensors or None, got {type(t).__name__}"
                )
        self._saved = tensors
        self._versions = tuple(None if t is None else t._version for t in tensors)

    @property
    def saved_tensors(self) -> tuple:
        if self._saved is None:
            raise RuntimeError(
                "saved tensors were freed after backward; pass retain_graph=True "
                "to backward through the graph again"
            )
        for t, v in zip(self._saved, self._versions):
            if t is not None and t._version != v:
                raise RuntimeError(
                    "one of the tensors saved with save_for_backward has been "
                    "modified by an in-place operation"
                )
        return self._saved

    def set_materialize_grads(self, value: bool) -> None:
        """Whether None output gradients reach ``backward`` as zeros (the default) or None."""
        self.materialize_grads = value

    def mark_non_differentiable(self, *tensors: Any) -> None:
        self._non_diff = {id(t) for t in tensors}


class _Partial:
    """Per-output gradients of a multi-output function; ``+`` merges them."""

    __slots__ = ("grads",)
    shape = None

    def __init__(self, grads: list) -> None:
        self.grads = grads

    def __add__(self, other: _Partial) -> _Partial:
        return _Partial(
            [a if b is None else b if a is None else a + b for a, b in zip(self.grads, other.grads)]
        )


class _OutputSlot(Node):
    """Routes output ``k`` (of ``n``) of a multi-output function to the function's node."""

    params = ("k", "n")
    fresh_grads = False

    def vjp(self, g, xp):
        grads = [None] * self.n
        grads[self.k] = g
        return (_Partial(grads),)

    def name(self) -> str:
        return self.next[0].name()  # every output shows the function's node, as in PyTorch

    def __repr__(self) -> str:
        return f"<{self.name()}>"


class FunctionBackward(Node):
    """The node of a custom ``Function``; its name is the class's name + ``Backward``.

    ``ctx`` is dropped by backward; ``positions`` says which arguments are tensors; zeros for
    unused outputs are made with ``out_shapes`` and like the output array ``like``."""

    saved = {"ctx": CONST}
    params = ("fn_cls", "positions", "out_shapes", "like")
    fresh_grads = False  # the user's backward may return any tensor, even its input

    def name(self) -> str:
        return self.fn_cls.__name__ + "Backward"

    def vjp(self, g, xp):
        ctx = self.ctx
        graph = xp is TENSOR_OPS
        grads = g.grads if isinstance(g, _Partial) else [g]
        outs = []
        for gi, shp in zip(grads, self.out_shapes):
            if gi is None and ctx.materialize_grads:
                gi = array_ops(self.like).zeros(shp, dtype=self.like.dtype)
            outs.append(gi if gi is None or graph else wrap(gi))
        if graph:
            outs = [wrap(o) if o is not None and not isinstance(o, Tensor) else o for o in outs]
            saved = ctx._saved
            ctx._saved = self._connected(saved, ctx)
            try:
                result = self.fn_cls.backward(ctx, *outs)
            finally:
                ctx._saved = saved
        else:
            with grad_mode.no_grad():
                result = self.fn_cls.backward(ctx, *outs)
        if not isinstance(result, tuple):
            result = (result,)
        if len(result) < max(self.positions, default=-1) + 1:
            raise RuntimeError(
                f"function {self.name()} returned an incorrect number of gradients (expected "
                f"{len(ctx.needs_input_grad)}, got {len(result)})"
            )
        picked = []
        for pos, e in zip(self.positions, self.next):
            r = result[pos]
            if r is not None and not isinstance(r, Tensor):
                raise TypeError(
                    f"function {self.name()} returned a {type(r).__name__} as "
                    f"gradient {pos}; expected a tensor or None"
                )
            picked.append(None if r is None or e is None else (r if graph else r._data))
        return tuple(picked)

    def _connected(self, saved: tuple | None, ctx: FunctionCtx) -> tuple | None:
        """The saved tensors with each saved differentiable *output* given this node as its
        history, so that a backward run with create_graph differentiates through it (PyTorch's
        SavedVariable)."""
        out_index = tuple(None if k is None or ctx._non_diff[k] else k for k in ctx._saved_out)
        if not saved or all(k is None for k in out_index):
            return saved
        n = len(self.out_shapes)
        return tuple(
            t
            if k is None
            else _as_output(
                wrap(t._data, version_counter(t)), self if n == 1 else _slot(self, k, n, t.shape)
            )
            for t, k in zip(saved, out_index)
        )


def _as_output(t: Tensor, fn: Node) -> Tensor:
    t.grad_fn, t.requires_grad = fn, True
    return t


def _slot(node: FunctionBackward, k: int, n: int, shape: tuple) -> _OutputSlot:
    """The node standing for output ``k`` of the ``n`` outputs of ``node``."""
    slot = _OutputSlot()
    slot.k, slot.n = k, n
    slot.next, slot.xp, slot.inputs = (node,), node.xp, None
    slot.made_at, slot.out_version = clock.now, None
    slot.shape = shape
    return slot


class Function:
    """Base class for ops with a hand-written backward (``torch.autograd.Function``)."""

    @staticmethod
    def forward(ctx: FunctionCtx, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("subclasses of Function implement forward(ctx, ...)")  # abstract

    @staticmethod
    def backward(ctx: FunctionCtx, *grad_outputs: Any) -> Any:
        raise NotImplementedError("subclasses of Function implement backward(ctx, ...)")  # abstract

    @classmethod
    def apply(cls, *args: Any, **kwargs: Any) -> Any:
        needs = tuple(isinstance(a, Tensor) and a.requires_grad for a in args)
        ctx = FunctionCtx(needs)
        with grad_mode.no_grad():
            result = cls.forward(ctx, *args, **kwargs)
        single = not isinstance(result, tuple)
        outs = [result] if single else list(result)
        marked = getattr(ctx, "_non_diff", set())
        ctx._non_diff = [id(o) in marked for o in outs if isinstance(o, Tensor)]
        results = [o for o in outs if isinstance(o, Tensor)]
        ctx._saved_out = tuple(
            next((k for k, o in enumerate(results) if o is t), None) for t in (ctx._saved or ())
        )
        # NOTE: the returned tensors share the version counter of what forward made, so an
        # in-place change to an output that forward also saved is caught at backward.
        outs = [wrap(o._data, version_counter(o)) if isinstance(o, Tensor) else o for o in outs]
        if not (modes.grad_enabled and any(needs)):
            return outs[0] if single else tuple(outs)
        _attach(cls, ctx, args, outs)
        return outs[0] if single else tuple(outs)


def _attach(cls: type, ctx: FunctionCtx, args: tuple, outs: list) -> None:
    node = FunctionBackward()
    positions = [i for i, a in enumerate(args) if isinstance(a, Tensor)]
    tensors = [o for o in outs if isinstance(o, Tensor)]
    node.ctx, node.positions = ctx, positions
    node.out_shapes, node.like = [o.shape for o in tensors], tensors[0]._data
    node.fn_cls = cls
    node.next = tuple(edge(args[i]) for i in positions)
    node.xp, node.inputs = array_ops(tensors[0]._data), None
    node.made_at, node.out_version = clock.now, None
    non_diff = ctx._non_diff
    if len(tensors) == 1:
        node.shape = tensors[0].shape
        tensors[0].grad_fn, tensors[0].requires_grad = node, True
        return
    node.shape = None
    for k, o in enumerate(tensors):
        if non_diff[k]:
            continue
        o.grad_fn, o.requires_grad = _slot(node, k, len(tensors), o.shape), True


def once_differentiable(fn: Any) -> Any:
    """Marks a ``backward`` that is not itself differentiable (it runs under no_grad)."""

    def wrapper(ctx: Any, *args: Any) -> Any:
        with grad_mode.no_grad():
            return fn(ctx, *args)

    return wrapper
