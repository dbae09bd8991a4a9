"""The course's dropout slides on the shipped 8×8 digits: the same 64-256-10 ReLU MLP trained
without and with dropout (p = 0.5). Compares the learning curves (dropout narrows the gap
between training and validation loss), the first-layer weights as 8×8 images (the features
the hidden units detect), the hidden activations' sparsity, and the test confusion matrix.

    python examples/digits_dropout.py [--out DIR] [--quick]
"""

import numpy as np
from _common import parse_args, wrote

import neuralgrad as ng
from neuralgrad import nn
from neuralgrad.datasets import digits_split
from neuralgrad.plot import plot_activations, plot_confusion_matrix, plot_history, plot_weights
from neuralgrad.preprocessing import StandardScaler
from neuralgrad.train import evaluate, fit


def mlp(p: float) -> nn.Module:
    layers = [nn.Linear(64, 256), nn.ReLU()] + ([nn.Dropout(p)] if p else [])
    return nn.Sequential(*layers, nn.Linear(256, 10))


def main() -> None:
    args = parse_args("digits_dropout", __doc__.splitlines()[0])
    split = digits_split()
    scaler = StandardScaler().fit(split["train"][0])
    data = {k: (scaler.transform(X).astype(np.float32), y) for k, (X, y) in split.items()}
    epochs = 4 if args.quick else 60
    histories, models = {}, {}
    for p in (0.0, 0.5):
        ng.manual_seed(0)
        model = mlp(p)
        name = f"dropout {p}" if p else "no dropout"
        histories[name] = fit(
            model,
            data["train"],
            loss=nn.CrossEntropyLoss(),
            epochs=epochs,
            optimizer=ng.optim.Adam(model.parameters(), lr=1e-3),
            validation_data=data["val"],
            metrics=["accuracy"],
            verbose=0,
        )
        test = evaluate(model, data["test"], loss=nn.CrossEntropyLoss(), metrics=["accuracy"])
        print(
            f"{name}: test accuracy {test['accuracy']:.1%}, final training loss "
            f"{histories[name]['loss'][-1]:.4f}, validation loss "
            f"{histories[name]['val_loss'][-1]:.4f}"
        )
        models[name] = model
        tag = "dropout" if p else "plain"
        plot_weights(
            model,
            max_tiles=64,
            title=f"first-layer weights, {name}",
            path=f"{args.out}/weights_{tag}.png",
        )
        plot_activations(
            model,
            data["test"][0],
            title=f"hidden activations, {name}",
            path=f"{args.out}/activations_{tag}.png",
        )
    plot_history(histories, f"{args.out}/curves.png", logy=True)
    with ng.no_grad():
        out = models["dropout 0.5"].eval()(ng.tensor(data["test"][0]))
    plot_confusion_matrix(out, data["test"][1], path=f"{args.out}/confusion.png")
    wrote(
        args.out,
        "curves.png",
        "weights_plain.png",
        "weights_dropout.png",
        "activations_plain.png",
        "activations_dropout.png",
        "confusion.png",
    )


if __name__ == "__main__":
    main()
