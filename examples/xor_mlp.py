"""What the perceptron cannot do, one hidden layer can: a 2-4-2 tanh MLP trained by backprop
(``neuralgrad.train.fit``) separates XOR. Writes the final decision boundary, the learning
curves and an animation of the boundary as it trains.

    python examples/xor_mlp.py [--out DIR] [--quick]
"""

import numpy as np
from _common import parse_args, wrote

import neuralgrad as ng
from neuralgrad import nn
from neuralgrad.datasets import make_xor
from neuralgrad.plot import DecisionBoundary, plot_decision_boundary
from neuralgrad.train import fit


def main() -> None:
    args = parse_args("xor_mlp", __doc__.splitlines()[0])
    X, y = make_xor(100 if args.quick else 400, noise=0.1, seed=0)
    X = X.astype(np.float32)
    ng.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 4), nn.Tanh(), nn.Linear(4, 2))
    epochs = 20 if args.quick else 60
    frames = DecisionBoundary(X, y, every=epochs // 10, out_dir=f"{args.out}/frames", resolution=60)
    history = fit(
        model,
        (X, y),
        loss=nn.CrossEntropyLoss(),
        epochs=epochs,
        batch_size=16,
        optimizer=ng.optim.Adam(model.parameters(), lr=0.05),
        metrics=["accuracy"],
        validation_split=0.2,
        callbacks=[frames],
        verbose=0,
    )
    truth = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
    with ng.no_grad():
        table = model(ng.tensor(truth)).argmax(1).numpy()
    print(
        f"MLP on XOR: training accuracy {history['accuracy'][-1]:.0%}, validation "
        f"{history['val_accuracy'][-1]:.0%}; truth table 00 01 10 11 -> {table.tolist()}"
    )
    plot_decision_boundary(model, X, y, title="2-4-2 MLP on XOR", path=f"{args.out}/xor_mlp.png")
    history.plot(f"{args.out}/xor_curves.png")
    wrote(
        args.out,
        "xor_mlp.png",
        "xor_curves.png",
        f"frames/ ({len(frames.frames)} PNGs, boundary.gif)",
    )


if __name__ == "__main__":
    main()
