"""A History shows in Jupyter as its learning curves; figures are displayed inline once a
notebook shell exists."""

import pytest

from neuralgrad.train import History

pytest.importorskip("matplotlib")


def test_history_png_and_empty_history():
    h = History()
    assert h._repr_png_() is None  # nothing to draw: Jupyter falls back to the text repr
    for epoch in range(3):
        h.record(epoch, {"loss": 1.0 / (epoch + 1), "val_loss": 1.2 / (epoch + 1)})
    png = h._repr_png_()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000


def test_figures_register_an_inline_png_formatter_inside_ipython():
    pytest.importorskip("IPython")
    from IPython.testing.globalipapp import start_ipython
    from matplotlib.figure import Figure

    from neuralgrad import _notebook

    shell = start_ipython()
    _notebook._registered = False
    _notebook.display_figures_inline()
    fig = Figure()
    fig.subplots().plot([0, 1])
    render = shell.display_formatter.formatters["image/png"].lookup(fig)  # what a notebook calls
    png = render(fig)
    assert png is not None and png.startswith("iVBORw0KGgo")  # base64 of the PNG signature
