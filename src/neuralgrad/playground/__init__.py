"""The playground: a local web page where a learner trains real neuralgrad models and watches
them learn (``neuralgrad playground``; the ``playground`` extra brings Starlette and uvicorn).

The page is one more front end of the recipe: its form's fields become a ``Recipe``, and the
model, optimizer, schedule and loss come from the recipe's builders, trained step by step by
``recipe.fit_recipe_steps``. ``data`` (the teaching sets and features) and ``upload`` (a
learner's CSV) need only NumPy; the server parts import Starlette when they are used.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app", "serve", "make_server"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from .app import create_app

        return create_app
    if name in ("serve", "make_server"):
        from . import server

        return getattr(server, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
