"""The optimizers side by side on one problem: SGD, SGD with momentum, RMSprop, Adam and AdamW
train the same MLP from the same starting weights on the same batches (the same seed), so
only the update rule differs. Writes their loss curves on one plot.

    python examples/optimizers.py [--out DIR] [--quick]
"""

import numpy as np
from _common import parse_args, wrote

import neuralgrad as ng
from neuralgrad import nn, optim
from neuralgrad.datasets import make_spirals
from neuralgrad.plot import plot_history
from neuralgrad.train import fit

OPTIMIZERS = {
    "SGD": lambda p: optim.SGD(p, lr=0.05),
    "SGD momentum 0.9": lambda p: optim.SGD(p, lr=0.05, momentum=0.9),
    "RMSprop": lambda p: optim.RMSprop(p, lr=0.005),
    "Adam": lambda p: optim.Adam(p, lr=0.005),
    "AdamW": lambda p: optim.AdamW(p, lr=0.005, weight_decay=0.01),
}


def main() -> None:
    args = parse_args("optimizers", __doc__.splitlines()[0])
    X, y = make_spirals(600, classes=3, noise=0.05, seed=0)
    X = X.astype(np.float32)
    histories = {}
    for name, make in OPTIMIZERS.items():
        ng.manual_seed(0)  # same weights and the same batch order for every optimizer
        model = nn.Sequential(
            nn.Linear(2, 32), nn.ReLU(), nn.Linear(32, 32), nn.ReLU(), nn.Linear(32, 3)
        )
        histories[name] = fit(
            model,
            (X, y),
            loss=nn.CrossEntropyLoss(),
            optimizer=make(model.parameters()),
            metrics=["accuracy"],
            epochs=30 if args.quick else 60,
            batch_size=32,
            verbose=0,
        )
        h = histories[name]
        print(f"{name:17s}: loss {h['loss'][-1]:.3f}, accuracy {h['accuracy'][-1]:.1%}")
    plot_history(histories, f"{args.out}/optimizers.png")
    wrote(args.out, "optimizers.png")


if __name__ == "__main__":
    main()
