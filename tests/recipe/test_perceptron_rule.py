"""The perceptron as a recipe: no hidden layer, the 'perceptron' loss, SGD without momentum at
batch size 1, no shuffling, zero initial weights: Rosenblatt's rule, the same weights as
``neuralgrad.Perceptron``."""

import numpy as np
import pytest

from neuralgrad.datasets import make_blobs
from neuralgrad.models import MLP
from neuralgrad.perceptron import Perceptron
from neuralgrad.recipe import Head, Recipe, build_model, fit_recipe

RULE = Recipe(
    hidden=(),
    loss="perceptron",
    optimizer="sgd:momentum=0,nesterov=false",
    lr=1.0,
    l2=0.0,
    batch_size=1,
    shuffle=False,
    init="normal:std=0",
    epochs=4,
    validation_fraction=0.0,
    monitor="none",
)


def test_the_rule_matches_the_perceptron():
    X, y = make_blobs(40, centers=[[-1.0, -1.0], [1.0, 1.5]], std=0.6, seed=2)
    head = Head.resolve("classification", 2, RULE.loss)
    assert head.out_features == 1
    model = build_model(RULE, 2, head)
    fit_recipe(RULE, model, head, (X, head.targets(y)))
    reference = Perceptron(lr=1.0, max_epochs=4).fit(X.astype(np.float64), y)
    linear = model.linears()[0]
    np.testing.assert_allclose(linear.weight.detach().numpy()[0], reference.coef_, rtol=1e-5)
    assert linear.bias.item() == pytest.approx(reference.intercept_, rel=1e-5)


def test_outputs_are_decisions():
    head = Head.resolve("classification", 2, "perceptron")
    probs = head.probabilities(np.array([[-0.5], [0.0], [2.0]]))
    np.testing.assert_array_equal(probs, [[1, 0], [1, 0], [0, 1]])
    assert head.out_activation == "step"
    with pytest.raises(ValueError, match="two classes"):
        Head.resolve("classification", 3, "perceptron")


def test_heaviside_hidden_units_do_not_learn_without_straight_through():
    X, y = make_blobs(40, centers=[[-1.0, -1.0], [1.0, 1.5]], std=0.6, seed=2)
    head = Head.resolve("classification", 2)
    for straight, learns in ((False, False), (True, True)):
        r = Recipe(
            hidden=(4,),
            activation={"name": "heaviside", "straight_through": straight},
            epochs=3,
            lr=0.1,
            l2=0.0,  # the penalty alone would move the weights
        )
        model = build_model(r, 2, head)
        assert isinstance(model, MLP)
        before = model.linears()[0].weight.detach().numpy().copy()
        fit_recipe(r, model, head, (X, head.targets(y)))
        moved = not np.array_equal(before, model.linears()[0].weight.detach().numpy())
        assert moved == learns
