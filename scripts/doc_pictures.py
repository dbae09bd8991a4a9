"""Draws the pictures the documentation site shows (docs/images/), each from the tool it
documents: python scripts/doc_pictures.py [--out docs/images]."""

from __future__ import annotations

import argparse
import os

import neuralgrad as ng
from neuralgrad import nn, optim
from neuralgrad.datasets import digits_split, make_xor, mnist_sample_split
from neuralgrad.plot import (
    plot_activation_functions,
    plot_loss_landscape,
    plot_unit_maps,
    plot_weights,
)
from neuralgrad.plot.landscape import ravine
from neuralgrad.preprocessing import StandardScaler
from neuralgrad.train import find_lr, fit


def graph(out: str) -> None:
    x1, x2, x3 = (ng.tensor(v, requires_grad=True) for v in (3.0, 5.0, 1.0))
    y1, y2 = x1 + x2, x2 - x3
    z = y1 * y2
    names = {"x1": x1, "x2": x2, "x3": x3, "y1": y1, "y2": y2, "z": z}
    with open(os.path.join(out, "graph.svg"), "w", encoding="utf-8") as f:
        f.write(ng.plot.graph(z, names=names).svg())


def lr_range_test(out: str) -> None:
    split = digits_split()
    scaler = StandardScaler().fit(split["train"][0])
    ng.manual_seed(0)
    model = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))
    result = find_lr(
        model,
        (scaler.transform(split["train"][0]), split["train"][1]),
        loss=nn.CrossEntropyLoss(),
        optimizer=optim.Adam(model.parameters()),
    )
    result.plot(os.path.join(out, "find_lr.png"))


def landscape(out: str) -> None:
    plot_loss_landscape(
        ravine,
        {
            "SGD": lambda p: optim.SGD(p, lr=0.4),
            "SGD momentum 0.9": lambda p: optim.SGD(p, lr=0.05, momentum=0.9),
            "RMSprop": lambda p: optim.RMSprop(p, lr=0.3),
            "Adam": lambda p: optim.Adam(p, lr=0.5),
        },
        start=(-9.0, 2.0),
        steps=60,
        path=os.path.join(out, "landscape.png"),
    )


def units(out: str) -> None:
    X, y = make_xor(200, noise=0.1, seed=0)
    ng.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 4), nn.Tanh(), nn.Linear(4, 2))
    fit(
        model,
        (X, y),
        loss=nn.CrossEntropyLoss(),
        optimizer=optim.Adam(model.parameters(), lr=0.05),
        epochs=60,
        verbose=0,
    )
    plot_unit_maps(model, X=X, y=y, path=os.path.join(out, "unit_maps.png"))


def weight_tiles(out: str) -> None:
    data = mnist_sample_split()
    ng.manual_seed(0)
    first = nn.Linear(784, 256)
    nn.init.normal_(first.weight, std=0.01)
    model = nn.Sequential(nn.Dropout(0.2), first, nn.ReLU(), nn.Dropout(0.5), nn.Linear(256, 10))
    fit(
        model,
        data["train"],
        loss=nn.CrossEntropyLoss(),
        optimizer=optim.SGD(model.parameters(), lr=0.1, momentum=0.9),
        epochs=30,
        batch_size=64,
        verbose=0,
    )
    plot_weights(
        model,
        max_tiles=36,
        title="first-layer weights, dropout 0.5",
        path=os.path.join(out, "mnist_weights.png"),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join("docs", "images"))
    out = parser.parse_args().out
    os.makedirs(out, exist_ok=True)
    graph(out)
    plot_activation_functions(path=os.path.join(out, "activations.png"))
    lr_range_test(out)
    landscape(out)
    units(out)
    weight_tiles(out)
    print(
        f"wrote {out}: graph.svg, activations.png, find_lr.png, landscape.png, unit_maps.png, "
        "mnist_weights.png"
    )


if __name__ == "__main__":
    main()
