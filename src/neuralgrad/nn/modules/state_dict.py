"""``state_dict`` / ``load_state_dict``: a module's parameters and persistent buffers by
PyTorch's dotted names (``0.weight``, ``bn.running_mean``), and loading them back with PyTorch's
checks and error messages. ``Module`` inherits this mixin."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from typing import Any, NamedTuple

from ..._tensor import Tensor
from ...autograd.grad_mode import no_grad
from ..parameter import Parameter

__all__ = ["IncompatibleKeys", "StateDictMixin"]


class IncompatibleKeys(NamedTuple):
    """What ``load_state_dict`` returns: the keys it missed and the ones it did not expect."""

    missing_keys: list
    unexpected_keys: list

    def __repr__(self) -> str:
        if not self.missing_keys and not self.unexpected_keys:
            return "<All keys matched successfully>"
        return (
            f"_IncompatibleKeys(missing_keys={self.missing_keys}, "
            f"unexpected_keys={self.unexpected_keys})"
        )

    __str__ = __repr__


class StateDictMixin:
    """The state-dict half of ``Module`` (it reads ``_parameters``, ``_buffers``, ``_modules``,
    ``_non_persistent_buffers``)."""

    # ---- saving -------------------------------------------------------------------------------
    def _save_to_state_dict(self, destination: dict, prefix: str, keep_vars: bool) -> None:
        """Put this module's own parameters and persistent buffers under ``prefix + name``."""
        for name, p in self._parameters.items():
            if p is not None:
                destination[prefix + name] = p if keep_vars else p.detach()
        for name, b in self._buffers.items():
            if b is not None and name not in self._non_persistent_buffers:
                destination[prefix + name] = b if keep_vars else b.detach()

    def state_dict(
        self, *args: Any, destination: dict | None = None, prefix: str = "", keep_vars: bool = False
    ) -> OrderedDict:
        """Parameters and persistent buffers by dotted name (detached unless ``keep_vars``).

        As in PyTorch, a module or parameter reachable under two names appears under both.
        """
        if args:  # PyTorch's deprecated positional form: (destination, prefix, keep_vars)
            destination = args[0]
            prefix = args[1] if len(args) > 1 else prefix
            keep_vars = args[2] if len(args) > 2 else keep_vars
        out = OrderedDict() if destination is None else destination
        self._save_to_state_dict(out, prefix, keep_vars)
        for name, child in self._modules.items():
            if child is not None:
                child.state_dict(destination=out, prefix=prefix + name + ".", keep_vars=keep_vars)
        return out

    def _load_from_state_dict(
        self,
        state_dict: Mapping,
        prefix: str,
        local_metadata: dict,
        strict: bool,
        missing_keys: list,
        unexpected_keys: list,
        error_msgs: list,
    ) -> None:
        """Copy this module's own entries from ``state_dict`` (PyTorch's hook for subclasses
        that rename or convert keys), recording missing and unexpected keys and errors."""
        local = {k: v for k, v in self._parameters.items() if v is not None}
        local.update(
            (k, v)
            for k, v in self._buffers.items()
            if v is not None and k not in self._non_persistent_buffers
        )
        for name, target in local.items():
            key = prefix + name
            if key not in state_dict:
                if strict:
                    missing_keys.append(key)
                continue
            self._load_one(name, key, target, state_dict[key], local_metadata, error_msgs)
        if strict:
            for key in state_dict:
                if not key.startswith(prefix):
                    continue
                head = key[len(prefix) :].split(".", 1)
                if (head[0] not in self._modules) if len(head) > 1 else (head[0] not in local):
                    unexpected_keys.append(key)

    def _load_one(
        self, name: str, key: str, target: Tensor, src: Any, local_metadata: dict, error_msgs: list
    ) -> None:
        if not isinstance(src, Tensor):
            error_msgs.append(
                f'While copying the parameter named "{key}", expected '
                "neuralgrad.Tensor or Tensor-like object from checkpoint but "
                f"received {type(src)}"
            )
            return
        if tuple(src.shape) != tuple(target.shape):
            error_msgs.append(
                f"size mismatch for {key}: copying a param with shape "
                f"{tuple(src.shape)} from checkpoint, the shape in current model "
                f"is {tuple(target.shape)}."
            )
            return
        try:
            with no_grad():
                if local_metadata.get("assign_to_params_buffers", False):
                    if isinstance(target, Parameter):
                        src = Parameter(src, requires_grad=target.requires_grad)
                    setattr(self, name, src)
                else:
                    target.copy_(src)
        except Exception as ex:  # reported with the key, as PyTorch does
            error_msgs.append(
                f'While copying the parameter named "{key}", whose dimensions in '
                f"the model are {tuple(target.shape)} and whose dimensions in the "
                f"checkpoint are {tuple(src.shape)}, an exception occurred : "
                f"{ex.args}."
            )

    def load_state_dict(
        self, state_dict: Mapping, strict: bool = True, assign: bool = False
    ) -> IncompatibleKeys:
        """Copy values from ``state_dict`` into parameters and buffers (``assign=True``: take
        the given tensors themselves). Missing and unexpected keys are returned, and raise
        when ``strict``; wrongly shaped or non-tensor values always raise, all listed at once."""
        if not isinstance(state_dict, Mapping):
            raise TypeError(f"Expected state_dict to be dict-like, got {type(state_dict)}.")
        missing: list = []
        unexpected: list = []
        errors: list = []
        meta = {"assign_to_params_buffers": assign}

        def load(module: StateDictMixin, prefix: str) -> None:
            module._load_from_state_dict(
                state_dict, prefix, meta, True, missing, unexpected, errors
            )
            for name, child in module._modules.items():
                if child is not None:
                    load(child, prefix + name + ".")

        load(self, "")
        if strict:
            if unexpected:
                errors.insert(
                    0,
                    "Unexpected key(s) in state_dict: "
                    + ", ".join(f'"{k}"' for k in unexpected)
                    + ". ",
                )
            if missing:
                errors.insert(
                    0,
                    "Missing key(s) in state_dict: " + ", ".join(f'"{k}"' for k in missing) + ". ",
                )
        if errors:
            raise RuntimeError(
                f"Error(s) in loading state_dict for {self._get_name()}:\n\t" + "\n\t".join(errors)
            )
        return IncompatibleKeys(missing, unexpected)
