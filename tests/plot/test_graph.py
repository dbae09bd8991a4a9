"""neuralgrad.plot.graph: the DOT text of the course's graphs (values, gradients, the branch
marker), drawing with Graphviz when it is installed, and deep graphs without recursion."""

import shutil
import sys

import pytest

import neuralgrad as ng
from neuralgrad.plot import graph


def _leaves(*values):
    return [ng.tensor(v, requires_grad=True) for v in values]


def _labels(dot):
    """{vertex id: label rows} and the edge list, parsed back from the DOT text."""
    nodes, edges = {}, []
    for line in dot.splitlines():
        line = line.strip()
        if "->" in line:
            a, b = line.rstrip(";").split(" -> ")
            edges.append((a, b))
        elif line.startswith("n") and 'label="' in line:
            key, rest = line.split(" ", 1)
            label = rest.split('label="', 1)[1].split('", ', 1)[0]
            nodes[key] = label.split("\\n")
    return nodes, edges


def _by_first_row(nodes):
    return {rows[0]: key for key, rows in nodes.items()}


def test_course_example_values_gradients_and_branch():
    """z = (x1 + x2)(x2 - x3) at (3, 5, 1): values 8, 4, 32; gradients 4, 12, -8; x2 feeds two
    ops, so its gradients add there."""
    x1, x2, x3 = _leaves(3.0, 5.0, 1.0)
    y1, y2 = x1 + x2, x2 - x3
    z = y1 * y2
    z.backward()
    dot = graph(z, names={"x1": x1, "x2": x2, "x3": x3, "z": z})
    nodes, edges = _labels(dot)
    assert dot.startswith("digraph") and len(nodes) == 6 and len(edges) == 6
    key = _by_first_row(nodes)
    assert nodes[key["x1"]] == ["x1", "scalar", "value 3", "grad 4"]
    assert nodes[key["x2"]] == ["x2", "scalar", "value 5", "grad 12", "+ grads add here (2 uses)"]
    assert nodes[key["x3"]] == ["x3", "scalar", "value 1", "grad -8"]
    assert nodes[key["z = MulBackward"]][2] == "value 32"
    assert nodes[key["AddBackward"]][2] == "value 8"
    assert nodes[key["SubBackward"]][2] == "value 4"
    expected = {
        ("x1", "AddBackward"),
        ("x2", "AddBackward"),
        ("x2", "SubBackward"),
        ("x3", "SubBackward"),
        ("AddBackward", "z = MulBackward"),
        ("SubBackward", "z = MulBackward"),
    }
    assert {(nodes[a][0], nodes[b][0]) for a, b in edges} == expected
    assert sum("grads add here" in " ".join(r) for r in nodes.values()) == 1


def test_retained_and_named_intermediates_show_gradients():
    """The sigmoid neuron s = sigmoid(1 + 3 x1 - 2 x2) at (-1, 2): naming the pre-activation
    and retaining its gradient puts both on the drawing; the kept constants 3 and 2 appear."""
    x1, x2 = _leaves(-1.0, 2.0)
    pre = 1 + 3 * x1 - 2 * x2
    pre.retain_grad()
    s = ng.sigmoid(pre)
    s.backward()
    nodes, _ = _labels(graph(s, names={"x1": x1, "x2": x2, "z": pre}))
    key = _by_first_row(nodes)
    sv = s.item()
    assert nodes[key["z = SubBackward"]][2:] == ["value -6", f"grad {sv * (1 - sv):.4g}"]
    assert nodes[key["SigmoidBackward"]][2] == f"value {sv:.4g}"
    assert nodes[key["x1"]][3] == f"grad {3 * sv * (1 - sv):.4g}"
    consts = sorted(rows[2] for rows in nodes.values() if rows[0] == "constant")
    assert consts == ["value 2", "value 3"]


def test_shapes_and_summaries_of_tensors():
    """More than 4 elements: min/mean/max; up to 4: the numbers; show_values=False: neither."""
    w = ng.tensor([[1.0, -2.0], [3.0, 4.0], [0.0, 0.5]], requires_grad=True)
    x = ng.tensor([[1.0, 1.0, 1.0]])
    out = (x @ w).sum()
    out.backward()
    nodes, _ = _labels(graph(out, names={"w": w, "x": x}))
    key = _by_first_row(nodes)
    assert nodes[key["w"]][1:] == [
        "shape (3, 2)",
        "value min -2 / mean 1.08 / max 4",
        "grad min 1 / mean 1 / max 1",
    ]
    assert nodes[key["x"]][1:] == ["shape (1, 3)", "value [1, 1, 1]"]
    bare, _ = _labels(graph(out, names={"w": w}, show_values=False))
    assert all(not r.startswith(("value", "grad")) for rows in bare.values() for r in rows)


def test_node_used_twice_and_leaf_result():
    x = ng.tensor(2.0, requires_grad=True)
    y = x * 3
    z = y * y
    nodes, _ = _labels(graph(z))
    marked = [rows for rows in nodes.values() if "+ grads add here (2 uses)" in rows]
    assert len(marked) == 1 and marked[0][0] == "MulBackward"
    alone, edges = _labels(graph(x, names={"x": x}))
    assert list(alone.values()) == [["x", "scalar", "value 2"]] and edges == []


def test_deep_chain_without_recursion():
    """A chain deeper than the recursion limit turns into DOT with one vertex per op."""
    n = 20_000
    assert n > sys.getrecursionlimit()
    x = ng.tensor(1.0, requires_grad=True)
    y = x
    for _ in range(n):
        y = y + 1.0
    dot = graph(y)
    assert dot.count("AddBackward") == n
    assert dot.count("->") == n  # n - 1 op-to-op edges and the leaf's
    assert "value" not in dot.split("\n")[5]  # show_values=None: too big to label with values


def test_writes_dot_and_checks_format(tmp_path):
    x = ng.tensor(1.0, requires_grad=True)
    text = graph(x * 2, path=tmp_path / "g")
    assert (tmp_path / "g.dot").read_text() == text
    graph(x * 2, path=tmp_path / "h.dot")
    assert (tmp_path / "h.dot").exists()
    with pytest.raises(ValueError, match="format"):
        graph(x * 2, path=tmp_path / "g", format="jpeg")
    with pytest.raises(ValueError, match="path"):
        graph(x * 2, format="svg")


def test_missing_dot_program_says_so_for_png(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    x = ng.tensor(1.0, requires_grad=True)
    with pytest.raises(RuntimeError, match="Graphviz"):
        graph(x * 2, path=tmp_path / "g.png")
    assert (tmp_path / "g.dot").exists()  # the DOT text is still there
    graph(x * 2, path=tmp_path / "g.svg")  # SVG needs no Graphviz: our layout draws it
    assert "<svg" in (tmp_path / "g.svg").read_text()


def test_drawn_before_backward_shows_every_upstream_gradient():
    """The slide's graph at (3, 5, 1), drawn before backward and without retain_grad: values
    8, 4, 32 and the gradients d z / d v at every vertex (y1: 4, y2: 8, x: 4, 12, -8); no
    .grad is written, and backward afterwards still works."""
    x1, x2, x3 = _leaves(3.0, 5.0, 1.0)
    y1, y2 = x1 + x2, x2 - x3
    z = y1 * y2
    nodes, _ = _labels(graph(z, names={"x1": x1, "x2": x2, "x3": x3, "y1": y1, "y2": y2}))
    key = _by_first_row(nodes)
    assert nodes[key["y1 = AddBackward"]][2:] == ["value 8", "grad 4"]
    assert nodes[key["y2 = SubBackward"]][2:] == ["value 4", "grad 8"]
    assert nodes[key["MulBackward"]][2:] == ["value 32", "grad 1"]
    assert [nodes[key[n]][3] for n in ("x1", "x2", "x3")] == ["grad 4", "grad 12", "grad -8"]
    assert x1.grad is None and y1.grad is None
    z.backward()
    assert (x1.grad.item(), x2.grad.item(), x3.grad.item()) == (4.0, 12.0, -8.0)


def test_svg_without_graphviz(monkeypatch):
    """Our own layered layout: inputs left, the result right, every vertex and edge drawn."""
    import xml.etree.ElementTree as ET

    from neuralgrad.plot.graph_svg import layout

    monkeypatch.setattr(shutil, "which", lambda name: None)
    x1, x2, x3 = _leaves(3.0, 5.0, 1.0)
    drawing = graph((x1 + x2) * (x2 - x3), names={"x1": x1, "x2": x2, "x3": x3})
    svg = drawing._repr_svg_()
    root = ET.fromstring(svg)  # well-formed XML
    ns = "{http://www.w3.org/2000/svg}"
    assert len(root.findall(f"{ns}rect")) == 3 and len(root.findall(f"{ns}ellipse")) == 3
    assert len(root.findall(f"{ns}path")) == 6 and "grad -8" in svg and "grad 12" in svg
    assert svg.count('stroke="#cc0000"') == 1  # x2: its gradients add
    boxes, width, height = layout(drawing.vertices, drawing.edges)
    x_of = {rows[0]: box[0] for (rows, _, _), box in zip(drawing.vertices, boxes)}
    assert x_of["x1"] < x_of["AddBackward"] < x_of["MulBackward"]
    assert all(0 <= x and x + w <= width and 0 <= y and y + h <= height for x, y, w, h in boxes)


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot program not installed")
@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_drawn_by_graphviz(tmp_path, fmt):
    x1, x2, x3 = _leaves(3.0, 5.0, 1.0)
    z = (x1 + x2) * (x2 - x3)
    z.backward()
    graph(z, path=tmp_path / f"course.{fmt}", names={"x2": x2})
    data = (tmp_path / f"course.{fmt}").read_bytes()
    if fmt == "svg":
        assert b"<svg" in data and b"grads add here" in data and b"MulBackward" in data
    else:
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
