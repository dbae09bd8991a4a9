"""The course's computational-graph example: z = (x1 + x2)(x2 - x3), its value and gradients by
autograd, checked against the hand-derived ones

    dz/dx1 = x2 - x3,   dz/dx2 = x1 + 2 x2 - x3,   dz/dx3 = -x1 - x2,

and the graph drawn (DOT text always; a PNG when Graphviz's ``dot`` is installed).

    python examples/computational_graph.py [--out DIR]
"""

import shutil

from _common import parse_args, wrote

import neuralgrad as ng


def main() -> None:
    args = parse_args("computational_graph", __doc__.splitlines()[0])
    x1, x2, x3 = (ng.tensor(v, requires_grad=True) for v in (1.0, 2.0, 3.0))
    y1, y2 = x1 + x2, x2 - x3
    z = y1 * y2
    z.backward()
    a, b, c = x1.item(), x2.item(), x3.item()
    by_hand = (b - c, a + 2 * b - c, -a - b)
    print(
        f"x = ({a}, {b}, {c}):  y1 = x1 + x2 = {y1.item()},  y2 = x2 - x3 = {y2.item()},  "
        f"z = y1 * y2 = {z.item()}"
    )
    for i, (x, hand) in enumerate(zip((x1, x2, x3), by_hand), start=1):
        print(f"dz/dx{i} = {x.grad.item():+.1f}   (by hand: {hand:+.1f})")
        assert abs(x.grad.item() - hand) < 1e-12
    parents = [type(n).__name__ for n, _ in z.grad_fn.next_functions]
    print(f"grad_fn: {z.grad_fn.name()} <- {', '.join(parents)}")
    try:
        from neuralgrad.plot.graph import graph
    except ImportError:  # an older neuralgrad without the graph drawing: values only
        return
    fmt = "png" if shutil.which("dot") else None
    graph(
        z,
        f"{args.out}/graph",
        format=fmt,
        names={"x1": x1, "x2": x2, "x3": x3, "y1": y1, "y2": y2, "z": z},
    )
    wrote(args.out, "graph.dot" + (", graph.png" if fmt else ""))


if __name__ == "__main__":
    main()
