"""Graph nodes, and ``record``: how an op gives its result a node.

An op computes its result, then calls its node class's ``record`` with the result, the inputs
and, by name, everything its VJP will read::

    class DivBackward(Node):
        saved = {"a": 0, "b": 1, "out": OUT}  # what each saved array is
        saved_for = {"a": 1, "out": 1}  # read only for the gradient of input 1

        def vjp(self, g, xp):
            ga = g / self.b
            return ga, (-ga * self.out if self.next[1] is not None else None)

    return DivBackward.record(out, (a, b), xp=xp, a=ad, b=bd, out=out)

The names a class declares become the parameters of its ``record`` (all required, so a misspelt
or missing one fails at the call; pass them by name) and the node's attributes, read as
``self.a`` in the VJP. ``saved`` names the arrays and says what each one is: input ``i``,
``OUT`` for the result, ``CONST`` for anything else (a mask, indices). The engine frees them
after backward unless ``retain_graph``, checks that no saved input or output was changed in
place since the node was made, and for ``create_graph=True`` hands the VJP tensors reconnected
to their history instead.
``params`` names the op's other values (``dim``, ``in_shape``), kept for the node's life.
``record`` builds no node, and nothing of what it is given is kept, unless grad mode is on and
an input requires grad. Names of ``Node``'s own attributes (``next``, ``xp``, ``shape``,
``inputs``, ``made_at``, ``name``...), ``result``, ``view_of`` and names that start with an
underscore cannot be declared.

``next[i]`` is input i's edge: its ``grad_fn``, the leaf tensor itself (its gradient is added
into ``.grad``) or None when it needs no gradient; a VJP skips the work for inputs whose edge is
None. ``vjp(g, xp)`` is written once with NumPy-style calls on ``xp``: the engine passes arrays
and the inputs' array namespace for an ordinary backward, tensors and the graph-building
namespace for ``create_graph=True``, so one VJP serves first and higher orders.
"""

from __future__ import annotations

import weakref
from typing import Any

from .._backend import array_ops
from .._modes import modes
from .._tensor import Tensor, allocate, clock, prune_views, version_counter

__all__ = ["Node", "OUT", "CONST", "NO_GRAD", "edge", "retained", "AccumulateGrad"]

OUT = "output"  # a saved array that is the op's result
CONST = "constant"  # a saved array that is neither an input nor the result (a mask, indices)
NO_GRAD = "no_grad"  # ``_view_kind`` of a view made while grad mode was off

# non-leaf tensors whose .grad is kept (retain_grad), by their grad_fn
retained: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

# The body of every node class's ``record``, filled per class: {names} its declared names,
# {inputs}/{out_version} what it keeps of its inputs and result, {stores} its names' stores;
# only the record of a view op takes ``view_of`` ({view_param}, {version_counter}).
_RECORD = """
def record(result, inputs, {names}xp=None{view_param}):
    _out = allocate()
    _out._data = result
    _out.grad = None
{version_counter}    if modes.grad_enabled:
{register}        for _x in inputs:
            if isinstance(_x, Tensor) and _x.requires_grad:
                break
        else:
            _out.grad_fn = None
            _out.requires_grad = False
            return _out
        _node = node_cls()
        if len(inputs) == 1:  # _x is the input, which requires grad
            _node.next = (_x.grad_fn or _x,)
        elif len(inputs) == 2:  # binary ops dominate: no comprehension frame
            _x, _y = inputs
            _node.next = (
                (_x.grad_fn or (_x if _x.requires_grad else None))
                if isinstance(_x, Tensor)
                else None,
                (_y.grad_fn or (_y if _y.requires_grad else None))
                if isinstance(_y, Tensor)
                else None,
            )
        else:
            _node.next = [
                (_x.grad_fn or (_x if _x.requires_grad else None))
                if isinstance(_x, Tensor)
                else None
                for _x in inputs
            ]
        _node.xp = array_ops(result) if xp is None else xp
        _node.inputs = {inputs}
        _node.shape = result.shape
        _node.made_at = clock.now
        _node.out_version = {out_version}
{stores}        _out.grad_fn = _node
        _out.requires_grad = True
        return _out
{mark_no_grad}    _out.grad_fn = None
    _out.requires_grad = False
    return _out
"""

# A view shares its input's version counter (made here if the input had none yet) and knows its
# base, the tensor that owns the memory (PyTorch's ``_base``); any other result gets a counter
# on first need and has no base.
_VIEW_COUNTER = """\
    _c = view_of._version_counter
    if _c is None:
        _c = view_of._version_counter = [0, 0]
    _out._version_counter = _c
    _b = view_of._base
    _out._base = view_of if _b is None else _b
"""
_NEW_COUNTER = "    _out._version_counter = None\n    _out._base = None\n"
# A view made in grad mode is registered with its base's counter, to get a new history when the
# base does (an in-place change through another view, or of the base), unless the base is a
# leaf that requires grad: such a base never gets one. A view made without grad mode is marked:
# changing it in place in grad mode is refused, as in PyTorch.
_REGISTER = """\
        _b = _out._base
        if _b.grad_fn is not None or not _b.requires_grad:
            _c.append(weak_ref(_out))
            if not len(_c) & 63:
                prune_views(_c)
"""
_MARK_NO_GRAD = "    _out._view_kind = NO_GRAD\n"

# The body of every node class's ``release``: its saved arrays go (backward is done with them).
_RELEASE = """
def release(self):
{deletes}    pass
"""


class _NodeType(type):
    """Gives each node class a slot per declared name (``saved`` and ``params``), so that a
    node is a fixed record of what its VJP reads, without a per-node dict."""

    def __new__(mcs, name: str, bases: tuple, namespace: dict, **kwargs: Any) -> _NodeType:
        if bases:
            inherited = {s for b in bases for k in b.__mro__ for s in getattr(k, "__slots__", ())}
            declared = [*namespace.get("saved", {}), *namespace.get("params", ())]
            namespace["__slots__"] = tuple(
                n for n in (*namespace.get("__slots__", ()), *declared) if n not in inherited
            )
        return super().__new__(mcs, name, bases, namespace, **kwargs)


class Node(metaclass=_NodeType):
    """Base of all backward nodes; ``type(node).__name__`` is what ``grad_fn`` shows."""

    __slots__ = ("next", "xp", "shape", "inputs", "made_at", "out_version", "__weakref__")

    # name -> input position, OUT or CONST, for every array the VJP reads (see the module doc)
    saved: dict[str, Any] = {}
    # names of the op's other values the VJP reads (dims, shapes, flags)
    params: tuple[str, ...] = ()
    # name -> the one input whose gradient alone reads that array: an in-place change to an
    # array that no needed gradient reads is not an error, as in PyTorch
    saved_for: dict[str, int] = {}
    # every gradient the VJP returns is a new array that nothing else holds, so a leaf may keep
    # it as ``.grad`` without a copy; False for VJPs that pass ``g`` (or a view of it) through
    fresh_grads = True
    is_view = False  # the op's result shares memory with its input (view, reshape, indexing)
    keeps_inputs = False  # derived from ``saved``: the node holds its input tensors
    saves_output = False  # derived from ``saved``: the node holds its result

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        roles = cls.saved.values()
        cls.keeps_inputs = any(type(role) is int for role in roles)
        cls.saves_output = OUT in roles
        cls.record = staticmethod(_make_record(cls))
        cls.release = _generated(_RELEASE, cls, "release", deletes=_lines("del self.{}", cls.saved))

    @staticmethod
    def record(result: Any, inputs: tuple, **names: Any) -> Tensor:
        """Wrap the op's ``result`` and, when grad mode is on and one of ``inputs`` requires
        grad, give it a node of this class holding ``names`` (the class's ``saved`` and
        ``params``, all required). ``xp=``: the array namespace of the VJP (default: the
        result's); ``view_of=`` (view ops, ``is_view``): the input whose memory ``result``
        shares, one version counter for both. Each subclass gets its own, with those names as
        its parameters."""
        raise TypeError("record is called on a Node subclass")  # replaced in each subclass

    def release(self) -> None:
        """Drop the saved arrays (backward is done with them, unless ``retain_graph``)."""

    def released(self) -> bool:
        """Whether backward has dropped the saved arrays."""
        return any(not hasattr(self, name) for name in type(self).saved)

    def vjp(self, g: Any, xp: Any) -> tuple:
        """Each input's gradient given the gradient ``g`` of the result (None: not needed)."""
        raise NotImplementedError(f"{type(self).__name__} has no VJP")  # abstract

    def name(self) -> str:
        return type(self).__name__

    def saved_output(self) -> Any:
        """The op's result if the node saved it (an array), else None."""
        for name, role in type(self).saved.items():
            if role == OUT:
                return getattr(self, name, None)
        return None

    def check_versions(self) -> None:
        """Raise if an input or output this node saved was changed in place after it was made."""
        only = type(self).saved_for
        for name, role in type(self).saved.items():
            if role == CONST:
                continue
            reader = only.get(name)
            if reader is not None and self.next[reader] is None:
                continue
            if role == OUT:
                counter = self.out_version
            else:  # an input may be a Python number
                counter = getattr(self.inputs[role], "_version_counter", None)
            if counter is not None and counter[1] > self.made_at:
                what = "its output" if role == OUT else f"its input {role}"
                raise RuntimeError(
                    f"one of the variables needed for gradient computation has been modified by "
                    f"an in-place operation: {what} ({name!r}), saved by {self.name()}, is now at "
                    f"version {counter[0]}. Use an out-of-place op (or .clone() it first) instead."
                )

    @property
    def next_functions(self) -> tuple:
        """PyTorch-style ``((node_or_accumulate, 0), ...)`` for walking or drawing the graph."""
        return tuple((_as_function(e), 0) for e in self.next)

    def __repr__(self) -> str:
        return f"<{self.name()}>"


_RESERVED = frozenset(dir(Node)) | {"result", "inputs", "view_of", "xp"}


def _lines(template: str, names: Any, indent: int = 4) -> str:
    return "".join(" " * indent + template.format(n) + "\n" for n in names)


def _generated(template: str, node_cls: type[Node], name: str, **parts: str) -> Any:
    """The function ``name`` defined by ``template`` filled with ``parts``, for ``node_cls``."""
    namespace = {
        "allocate": allocate,
        "array_ops": array_ops,
        "clock": clock,
        "version_counter": version_counter,
        "modes": modes,
        "Tensor": Tensor,
        "node_cls": node_cls,
        "weak_ref": weakref.ref,
        "prune_views": prune_views,
        "NO_GRAD": NO_GRAD,
    }
    source = template.format(**parts)
    exec(compile(source, f"<{node_cls.__name__}.{name}>", "exec"), namespace)  # noqa: S102
    fn = namespace[name]
    fn.__qualname__ = f"{node_cls.__name__}.{name}"
    fn.__doc__ = getattr(Node, name).__doc__
    return fn


def _make_record(node_cls: type[Node]) -> Any:
    """The class's ``record``: ``_RECORD`` with its declared names as keyword parameters."""
    names = [*node_cls.saved, *node_cls.params]
    clash = _RESERVED.intersection(names) | {n for n in names if n.startswith("_")}
    if clash:
        raise TypeError(f"{node_cls.__name__} declares reserved names {sorted(clash)}")
    return _generated(
        _RECORD,
        node_cls,
        "record",
        names="".join(f"{n}, " for n in names),
        view_param=", view_of=None" if node_cls.is_view else "",
        version_counter=_VIEW_COUNTER if node_cls.is_view else _NEW_COUNTER,
        register=_REGISTER if node_cls.is_view else "",
        mark_no_grad=_MARK_NO_GRAD if node_cls.is_view else "",
        inputs="inputs" if node_cls.keeps_inputs else "None",
        out_version="version_counter(_out)" if node_cls.saves_output else "None",
        stores=_lines("_node.{0} = {0}", names, 8),
    )


def edge(t: Any) -> Any:
    """The edge a node keeps to input ``t`` (see ``Node.next``)."""
    if isinstance(t, Tensor):
        if t.grad_fn is not None:
            return t.grad_fn
        if t.requires_grad:
            return t
    return None


class AccumulateGrad:
    """Stands for a leaf tensor in ``next_functions``, as PyTorch shows it."""

    __slots__ = ("variable",)
    next_functions: tuple = ()  # a leaf ends the walk, as in PyTorch

    def __init__(self, variable: Any) -> None:
        self.variable = variable

    def name(self) -> str:
        return "AccumulateGrad"

    def __repr__(self) -> str:
        return "<AccumulateGrad>"


def _as_function(e: Any) -> Any:
    if e is None or isinstance(e, Node):
        return e
    return AccumulateGrad(e)
