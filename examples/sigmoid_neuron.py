"""The course's sigmoid neuron: y = g(w0 + x·W) with w0 = 1, W = (3, -2); at x = (-1, 2) the sum
is -6 and g(-6) = 1 / (1 + e^6) ≈ 0.002. Autograd's gradient dy/dz is checked against the
course's derivative σ(z)(1 − σ(z)), and the neuron's output over the plane is drawn (its 0.5
line is 1 + 3 x1 − 2 x2 = 0).

    python examples/sigmoid_neuron.py [--out DIR]
"""

import math

import numpy as np
from _common import parse_args, wrote

import neuralgrad as ng
from neuralgrad import nn
from neuralgrad.plot import plot_decision_boundary


def main() -> None:
    args = parse_args("sigmoid_neuron", __doc__.splitlines()[0])
    neuron = nn.Sequential(nn.Linear(2, 1, dtype=ng.float64), nn.Sigmoid())
    with ng.no_grad():
        neuron[0].weight.copy_(ng.tensor([[3.0, -2.0]], dtype=ng.float64))
        neuron[0].bias.fill_(1.0)
    x = ng.tensor([[-1.0, 2.0]], dtype=ng.float64)
    z = neuron[0](x)
    z.retain_grad()
    y = neuron[1](z)
    y.sum().backward()
    s = y.item()
    print(
        f"z = w0 + x·W = {z.item():.0f},  y = g(z) = {s:.4f}  (1 / (1 + e^6) = "
        f"{1 / (1 + math.exp(6)):.4f})"
    )
    print(f"dy/dz by autograd = {z.grad.item():.6f},  sigma(z)(1 - sigma(z)) = {s * (1 - s):.6f}")
    print(f"dy/dW = {neuron[0].weight.grad.numpy().ravel()}  (= dy/dz * x)")
    assert abs(z.grad.item() - s * (1 - s)) < 1e-12
    g = np.random.default_rng(0)
    X = g.uniform(-3, 3, size=(80, 2))
    labels = (1 + 3 * X[:, 0] - 2 * X[:, 1] > 0).astype(int)
    plot_decision_boundary(
        neuron, X, labels, title="sigmoid neuron: g(1 + 3 x1 - 2 x2)", path=f"{args.out}/neuron.png"
    )
    wrote(args.out, "neuron.png")


if __name__ == "__main__":
    main()
