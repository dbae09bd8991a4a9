"""The course's figure: two spirals, networks of three hidden layers of three units each that
differ only in their activation function (ReLU, tanh, sigmoid), trained with lr 0.03, without
and with weight decay (L2, AdamW's decoupled form). Non-linear activations bend the boundary;
weight decay keeps the weights small and the boundary smoother. Writes the 2×3 grid of
decision boundaries and the hidden activations of the tanh networks.

    python examples/spirals.py [--out DIR] [--quick]
"""

import numpy as np
from _common import parse_args, wrote
from matplotlib.figure import Figure

import neuralgrad as ng
from neuralgrad import nn
from neuralgrad.datasets import make_spirals
from neuralgrad.plot import plot_activations, plot_decision_boundary
from neuralgrad.train import fit

ACTIVATIONS = {"ReLU": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}


def three_by_three(act: type) -> nn.Module:
    """2 → 3 → 3 → 3 → 2 with ``act`` after each hidden layer."""
    return nn.Sequential(
        nn.Linear(2, 3), act(), nn.Linear(3, 3), act(), nn.Linear(3, 3), act(), nn.Linear(3, 2)
    )


def train(act: type, weight_decay: float, X: np.ndarray, y: np.ndarray, epochs: int) -> tuple:
    ng.manual_seed(0)
    model = three_by_three(act)
    opt = ng.optim.AdamW(model.parameters(), lr=0.03, weight_decay=weight_decay)
    h = fit(
        model,
        (X, y),
        loss=nn.CrossEntropyLoss(),
        optimizer=opt,
        epochs=epochs,
        batch_size=16,
        metrics=["accuracy"],
        verbose=0,
    )
    return model, h["accuracy"][-1]


def main() -> None:
    args = parse_args("spirals", __doc__.splitlines()[0])
    X, y = make_spirals(400, noise=0.05, seed=0, turns=1.0)
    X = X.astype(np.float32)
    epochs = 80 if args.quick else 200
    fig = Figure(figsize=(12, 7.5), dpi=100, layout="constrained")
    axes = fig.subplots(2, 3)
    tanh_models = {}
    for row, wd in enumerate((0.0, 0.02)):
        for ax, (name, act) in zip(axes[row], ACTIVATIONS.items()):
            model, acc = train(act, wd, X, y, epochs)
            plot_decision_boundary(
                model,
                X,
                y,
                resolution=120,
                ax=ax,
                title=f"{name}, weight decay {wd}: accuracy {acc:.0%}",
            )
            print(f"{name:8s} weight decay {wd}: training accuracy {acc:.1%}")
            if name == "tanh":
                tanh_models[wd] = model
    fig.savefig(f"{args.out}/spirals.png")
    for wd, model in tanh_models.items():
        plot_activations(
            model,
            X,
            title=f"tanh network, weight decay {wd}",
            path=f"{args.out}/activations_wd{wd}.png",
        )
    wrote(args.out, "spirals.png", "activations_wd0.0.png", "activations_wd0.02.png")


if __name__ == "__main__":
    main()
