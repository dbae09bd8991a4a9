"""HTML tables for Jupyter's rich display (``_repr_html_`` of models and health reports): one
small builder so every table looks alike and escapes its text."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

__all__ = ["html_table"]

_STYLE = "border-collapse:collapse;font-family:monospace;font-size:12px"
_CELL = "padding:2px 10px;border-bottom:1px solid #ddd;text-align:left"


def html_table(
    head: Sequence[str],
    rows: Sequence[Sequence[object]],
    caption: str | None = None,
    footer: Sequence[str] = (),
) -> str:
    """A ``<table>`` with a header row, one row per entry (cells as ``str``), an optional
    caption above and footer lines below; every piece of text is HTML-escaped."""
    parts = [f'<table style="{_STYLE}">']
    if caption:
        parts.append(
            f'<caption style="text-align:left;font-weight:bold">{escape(caption)}</caption>'
        )
    parts.append("<tr>" + "".join(f'<th style="{_CELL}">{escape(h)}</th>' for h in head) + "</tr>")
    for row in rows:
        parts.append(
            "<tr>" + "".join(f'<td style="{_CELL}">{escape(str(c))}</td>' for c in row) + "</tr>"
        )
    parts.append("</table>")
    parts.extend(
        f'<div style="font-family:monospace;font-size:12px">{escape(f)}</div>' for f in footer
    )
    return "\n".join(parts)
