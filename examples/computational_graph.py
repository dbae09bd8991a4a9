"""The course's computational-graph example: z = (x1 + x2)(x2 - x3), its value and gradients by
autograd, checked against the hand-derived ones

    dz/dx1 = x2 - x3,   dz/dx2 = x1 + 2 x2 - x3,   dz/dx3 = -x1 - x2,

at the slide's point x = (3, 5, 1), where dz/dx3 = -8. The graph is drawn before ``backward``,
so it shows every intermediate value and upstream gradient (y1 = 8 with dz/dy1 = 4, y2 = 4 with
dz/dy2 = 8): DOT text, an SVG (Graphviz's layout when ``dot`` is installed, ours otherwise)
and a PNG with Graphviz.

    python examples/computational_graph.py [--out DIR]
"""

import shutil

from _common import parse_args, wrote

import neuralgrad as ng


def main() -> None:
    args = parse_args("computational_graph", __doc__.splitlines()[0])
    x1, x2, x3 = (ng.tensor(v, requires_grad=True) for v in (3.0, 5.0, 1.0))
    y1, y2 = x1 + x2, x2 - x3
    z = y1 * y2
    names = {"x1": x1, "x2": x2, "x3": x3, "y1": y1, "y2": y2, "z": z}
    ng.plot.graph(z, f"{args.out}/graph.svg", names=names)  # before backward: all gradients
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
    if shutil.which("dot"):
        ng.plot.graph(z, f"{args.out}/graph.png", names=names)
    wrote(args.out, "graph.dot, graph.svg" + (", graph.png" if shutil.which("dot") else ""))


if __name__ == "__main__":
    main()
