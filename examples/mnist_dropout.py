"""The course's dropout slides on the shipped MNIST sample (5,000 digits, 28×28): the same
784-256-10 ReLU MLP trained without and with dropout (0.2 on the inputs, 0.5 on the hidden
units, as Srivastava et al.). Dropout raises the test accuracy and narrows the gap between
training and validation loss; the first-layer weights, drawn as 28×28 images, show the pen
strokes the hidden units detect (the course's "patterns of weights"); the hidden activations'
sparsity and the test confusion matrix complete the picture.

    python examples/mnist_dropout.py [--out DIR] [--quick]
"""

from _common import parse_args, wrote

import neuralgrad as ng
from neuralgrad import nn
from neuralgrad.datasets import mnist_sample_split
from neuralgrad.plot import plot_activations, plot_confusion_matrix, plot_history, plot_weights
from neuralgrad.plot.weights import first_linear_weight, neighbour_correlation
from neuralgrad.train import evaluate, fit


def mlp(p: float) -> nn.Module:
    """784-256-10 with ReLU; dropout p on the hidden units and p/2.5 on the inputs when p > 0.
    The first layer starts from the course's small random weights, 0.01·N(0, 1), so the
    pictures show what training drew rather than the initial noise."""
    first = nn.Linear(784, 256)
    nn.init.normal_(first.weight, std=0.01)
    layers = [first, nn.ReLU(), *([nn.Dropout(p)] if p else []), nn.Linear(256, 10)]
    return nn.Sequential(*([nn.Dropout(p / 2.5)] if p else []), *layers)


def main() -> None:
    args = parse_args("mnist_dropout", __doc__.splitlines()[0])
    data = mnist_sample_split()
    epochs = 30 if args.quick else 60
    histories, models = {}, {}
    for p in (0.0, 0.5):
        ng.manual_seed(0)
        model = mlp(p)
        name = f"dropout {p}" if p else "no dropout"
        histories[name] = fit(
            model,
            data["train"],
            loss=nn.CrossEntropyLoss(),
            optimizer=ng.optim.SGD(model.parameters(), lr=0.1, momentum=0.9),
            epochs=epochs,
            batch_size=64,
            validation_data=data["val"],
            metrics=["accuracy"],
            verbose=0,
        )
        test = evaluate(model, data["test"], loss=nn.CrossEntropyLoss(), metrics=["accuracy"])
        h = histories[name]
        smooth = neighbour_correlation(first_linear_weight(model), (28, 28))
        print(
            f"{name}: test accuracy {test['accuracy']:.1%}, training loss {h['loss'][-1]:.4f}, "
            f"validation loss {h['val_loss'][-1]:.4f}, weight tiles' neighbour "
            f"correlation {smooth:.2f}"
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
