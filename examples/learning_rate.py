"""The effect of the learning rate on the loss curve: plain SGD on the same MLP and data with
an lr too small (the loss barely moves), about right (it falls fast and settles) and too large
(it jumps around or blows up). Writes the three curves on one log-scale plot.

    python examples/learning_rate.py [--out DIR] [--quick]
"""

import numpy as np
from _common import parse_args, wrote

import neuralgrad as ng
from neuralgrad import nn
from neuralgrad.datasets import make_moons
from neuralgrad.plot import plot_history
from neuralgrad.train import fit

RATES = {"too small (0.001)": 1e-3, "about right (0.3)": 0.3, "too large (8.0)": 8.0}


def main() -> None:
    args = parse_args("learning_rate", __doc__.splitlines()[0])
    X, y = make_moons(500, noise=0.15, seed=0)
    X = X.astype(np.float32)
    histories = {}
    for label, lr in RATES.items():
        ng.manual_seed(0)  # the same starting weights for every rate
        model = nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, 2))
        histories[label] = fit(
            model,
            (X, y),
            loss=nn.CrossEntropyLoss(),
            optimizer=ng.optim.SGD(model.parameters(), lr=lr),
            epochs=20 if args.quick else 60,
            batch_size=32,
            verbose=0,
        )
        loss = histories[label]["loss"]
        print(f"lr {label:18s}: loss {loss[0]:.3f} -> {loss[-1]:.3f}")
    plot_history(histories, f"{args.out}/learning_rates.png", logy=True)
    wrote(args.out, "learning_rates.png")


if __name__ == "__main__":
    main()
