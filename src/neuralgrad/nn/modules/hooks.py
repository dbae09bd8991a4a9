"""``RemovableHandle``: what registering a hook returns, so the hook can be taken off again."""

from __future__ import annotations

import itertools

__all__ = ["RemovableHandle"]


class RemovableHandle:
    """Returned by ``Module.register_forward_hook`` and friends; ``remove()`` unregisters the
    hook, and ``with handle:`` removes it on exit (``torch.utils.hooks.RemovableHandle``)."""

    _ids = itertools.count()

    def __init__(self, hooks: dict) -> None:
        self.hooks = hooks
        self.id = next(RemovableHandle._ids)

    def remove(self) -> None:
        self.hooks.pop(self.id, None)

    def __enter__(self) -> RemovableHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.remove()
