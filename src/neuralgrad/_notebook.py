"""Jupyter display of the figures neuralgrad returns. They are pyplot-free matplotlib
``Figure`` objects (no global state, no backend switch), which IPython shows only as text
unless a PNG formatter is registered for them; this registers it, once, when the code runs
inside IPython (a notebook or console). Outside IPython it does nothing and imports nothing."""

from __future__ import annotations

import sys

__all__ = ["display_figures_inline"]

_registered = False


def display_figures_inline() -> None:
    """Make IPython render a returned ``Figure`` as a PNG (IPython's own ``print_figure``)."""
    global _registered
    if _registered or "IPython" not in sys.modules:
        return
    shell = sys.modules["IPython"].get_ipython()
    if shell is None:
        return
    from IPython.core.pylabtools import select_figure_formats

    select_figure_formats(shell, {"png"})
    _registered = True
