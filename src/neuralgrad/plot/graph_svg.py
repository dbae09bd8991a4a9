"""SVG for ``plot.graph`` without Graphviz: a layered (Sugiyama-style) layout drawn left to
right like ``dot -Grankdir=LR``. Each vertex goes in the column of its longest path from an
input, vertices in a column are ordered by the mean position of their neighbours (a few sweeps
each way, which removes most crossings on the course's small graphs), and edges are curves
from an output's right side to an input's left side. Plain Python, no dependency.
"""

from __future__ import annotations

from html import escape

__all__ = ["draw_svg", "layout"]

FONT, LINE, PAD, COL_GAP, ROW_GAP = 12, 15, 8, 60, 18
FILL = {"op": "#fff2cc", "const": "#eeeeee", "leaf": "#dae8fc"}


def _columns(n: int, edges: list[tuple[int, int]]) -> list[int]:
    """Each vertex's column: the length of its longest path from a vertex with no inputs."""
    preds: list[list[int]] = [[] for _ in range(n)]
    succs: list[list[int]] = [[] for _ in range(n)]
    for a, b in edges:
        preds[b].append(a)
        succs[a].append(b)
    column = [0] * n
    waiting = [len(p) for p in preds]
    ready = [v for v in range(n) if waiting[v] == 0]
    while ready:  # Kahn's order: every input is placed before its consumers
        v = ready.pop()
        for w in succs[v]:
            column[w] = max(column[w], column[v] + 1)
            waiting[w] -= 1
            if waiting[w] == 0:
                ready.append(w)
    return column


def _centre(v: int, pos: dict, nbrs: dict, column: list[int], side: int) -> float:
    """The mean position of ``v``'s neighbours in column ``side`` (its own when it has none)."""
    near = [pos[u] for u in nbrs[v] if column[u] == side]
    return sum(near) / len(near) if near else pos[v]


def _order(column: list[int], edges: list[tuple[int, int]], sweeps: int = 4) -> list[list[int]]:
    """The vertices of each column, top to bottom, by the barycentre heuristic."""
    cols: list[list[int]] = [[] for _ in range(max(column, default=0) + 1)]
    for v, c in enumerate(column):
        cols[c].append(v)
    nbrs: dict[int, list[int]] = {v: [] for v in range(len(column))}
    for a, b in edges:
        nbrs[a].append(b)
        nbrs[b].append(a)
    for sweep in range(sweeps):
        pos = {v: i for col in cols for i, v in enumerate(col)}
        order = range(1, len(cols)) if sweep % 2 == 0 else range(len(cols) - 2, -1, -1)
        for c in order:
            side = c - 1 if sweep % 2 == 0 else c + 1

            cols[c].sort(key=lambda v, pos=pos, side=side: _centre(v, pos, nbrs, column, side))
            pos.update((v, i) for i, v in enumerate(cols[c]))
    return cols


def _size(rows: list[str]) -> tuple[float, float]:
    width = max(len(r) for r in rows) * FONT * 0.6 + 2 * PAD
    return width, len(rows) * LINE + 2 * PAD


def layout(
    vertices: list[tuple[list[str], str, bool]], edges: list[tuple[int, int]]
) -> tuple[list[tuple[float, float, float, float]], float, float]:
    """Boxes ``(x, y, width, height)`` for the vertices and the picture's width and height."""
    column = _columns(len(vertices), edges)
    cols = _order(column, edges)
    sizes = [_size(rows) for rows, _, _ in vertices]
    boxes: list = [None] * len(vertices)
    heights = [sum(sizes[v][1] for v in col) + ROW_GAP * (len(col) - 1) for col in cols]
    total_h = max(heights, default=0.0) + 2 * PAD
    x = PAD + 8  # room for an ellipse, which is wider than its text box
    for col, h in zip(cols, heights):
        y = (total_h - h) / 2
        width = max((sizes[v][0] for v in col), default=0.0)
        for v in col:
            w, hv = sizes[v]
            boxes[v] = (x + (width - w) / 2, y, w, hv)
            y += hv + ROW_GAP
        x += width + COL_GAP
    return boxes, x - COL_GAP + PAD + 8, total_h


def draw_svg(vertices: list[tuple[list[str], str, bool]], edges: list[tuple[int, int]]) -> str:
    """The graph as an SVG document: rounded boxes for ops, ellipses for inputs, label rows
    as text, the vertices whose gradients add (used twice or more) outlined in red."""
    boxes, width, height = layout(vertices, edges)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.1f} {height:.1f}" font-family="Helvetica, Arial, sans-serif" '
        f'font-size="{FONT}">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#555555"/>'
        "</marker></defs>",
    ]
    for a, b in edges:
        xa, ya, wa, ha = boxes[a]
        xb, yb, _, hb = boxes[b]
        x1, y1, x2, y2 = xa + wa, ya + ha / 2, xb, yb + hb / 2
        mid = (x1 + x2) / 2
        out.append(
            f'<path d="M{x1:.1f},{y1:.1f} C{mid:.1f},{y1:.1f} {mid:.1f},{y2:.1f} '
            f'{x2:.1f},{y2:.1f}" fill="none" stroke="#555555" marker-end="url(#arrow)"/>'
        )
    for (rows, kind, branch), (x, y, w, h) in zip(vertices, boxes):
        stroke = 'stroke="#cc0000" stroke-width="2"' if branch else 'stroke="#333333"'
        if kind == "op":
            out.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="6" '
                f'fill="{FILL[kind]}" {stroke}/>'
            )
        else:
            out.append(
                f'<ellipse cx="{x + w / 2:.1f}" cy="{y + h / 2:.1f}" rx="{w / 2 + 6:.1f}" '
                f'ry="{h / 2 + 2:.1f}" fill="{FILL[kind]}" {stroke}/>'
            )
        for i, row in enumerate(rows):
            weight = ' font-weight="bold"' if i == 0 else ""
            out.append(
                f'<text x="{x + w / 2:.1f}" y="{y + PAD + (i + 0.8) * LINE:.1f}" '
                f'text-anchor="middle"{weight}>{escape(row)}</text>'
            )
    out.append("</svg>")
    return "\n".join(out) + "\n"
