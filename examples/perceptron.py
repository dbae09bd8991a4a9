"""Rosenblatt's perceptron: it converges on a linearly separable set (within Novikoff's bound of
(R/γ)² mistakes, here with γ the margin of the separator it found) and never gets XOR right,
which it reports with a ConvergenceWarning: the course's "AI winter" slide in code.

    python examples/perceptron.py [--out DIR] [--quick]
"""

import warnings

import numpy as np
from _common import parse_args, wrote

from neuralgrad import Perceptron
from neuralgrad.datasets import make_blobs, make_xor
from neuralgrad.perceptron import ConvergenceWarning
from neuralgrad.plot import plot_decision_boundary


def separable(out: str, quick: bool) -> None:
    X, y = make_blobs(
        60 if quick else 200, centers=[[1.0, 3.0], [3.0, 4.5]], std=0.4, seed=1
    )  # off the origin: the bias must be learnt too
    p = Perceptron(lr=1.0, max_epochs=1000, shuffle=True, seed=0).fit(X, y)
    # Novikoff: with the learned separator's own margin, mistakes <= (R / γ)²
    Xa = np.c_[X, np.ones(len(X))]
    w = np.r_[p.coef_, p.intercept_]
    gamma = np.min(np.where(y == 1, 1, -1) * (Xa @ w)) / np.linalg.norm(w)
    bound = (np.linalg.norm(Xa, axis=1).max() / gamma) ** 2
    print(
        f"separable: converged={p.converged_} after {p.n_epochs_} epochs, mistakes per "
        f"epoch {p.mistakes_}, total {sum(p.mistakes_)} <= Novikoff bound {bound:.0f}"
    )
    plot_decision_boundary(
        p,
        X,
        y,
        title=f"perceptron, separable: {p.n_epochs_} epochs",
        path=f"{out}/perceptron_separable.png",
    )


def xor(out: str, quick: bool) -> None:
    X, y = make_xor(40 if quick else 200, noise=0.1, seed=0)
    p = Perceptron(max_epochs=20 if quick else 100)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        p.fit(X, y)
    print(
        f"XOR: converged={p.converged_}, accuracy {p.score(X, y):.0%}, mistakes in the last "
        f"epochs {p.mistakes_[-5:]}"
    )
    for w in caught:
        print(f"ConvergenceWarning: {w.message}")
    plot_decision_boundary(
        p, X, y, title="perceptron on XOR: no line separates it", path=f"{out}/perceptron_xor.png"
    )


def main() -> None:
    args = parse_args("perceptron", __doc__.splitlines()[0])
    separable(args.out, args.quick)
    xor(args.out, args.quick)
    wrote(args.out, "perceptron_separable.png", "perceptron_xor.png")


if __name__ == "__main__":
    main()
