"""Rosenblatt's perceptron: the update rule, Novikoff's mistake bound on data with a known
margin, the XOR failure (and an MLP that solves it), and the module form."""

import warnings

import numpy as np
import pytest

import neuralgrad as ng
from neuralgrad import nn
from neuralgrad.datasets import make_xor
from neuralgrad.perceptron import ConvergenceWarning, Perceptron

XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
XOR_Y = np.array([0, 1, 1, 0])


def margin_data(n, d, gamma, seed):
    """Points whose augmented vectors (x, 1) lie at distance >= gamma from the hyperplane of
    the unit vector u (labels: the side), with R = max ||(x, 1)||."""
    g = np.random.default_rng(seed)
    u = g.normal(size=d + 1)
    u[-1] *= 0.2  # a hyperplane through the box, so both classes occur
    u /= np.linalg.norm(u)
    X = g.uniform(-1, 1, size=(20 * n, d))
    s = np.c_[X, np.ones(len(X))] @ u
    keep = np.abs(s) >= gamma
    X, s = X[keep][:n], s[keep][:n]
    R = np.linalg.norm(np.c_[X, np.ones(len(X))], axis=1).max()
    assert 0 < (s > 0).mean() < 1
    return X, (s > 0).astype(np.int64), R, np.abs(s).min()


def test_one_update_by_hand():
    # one example, label 1, weights 0: w·x + b = 0 is not > 0, so ŷ = 0 and θ += α x
    p = Perceptron(lr=0.5, max_epochs=1)
    with pytest.warns(ConvergenceWarning):
        p.fit(np.array([[2.0, -1.0]]), np.array([1]))
    np.testing.assert_allclose(p.coef_, [1.0, -0.5])
    assert p.intercept_ == 0.5 and p.mistakes_ == [1] and not p.converged_


def test_rule_matches_the_course_formula():
    X, y, _, _ = margin_data(30, 3, 0.1, seed=3)
    p = Perceptron(lr=0.3, max_epochs=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        p.fit(X, y)
    theta = np.zeros(4)  # the course's θ with x0 = 1 for the bias
    for x, t in zip(np.c_[np.ones(len(X)), X], y):
        y_hat = float(theta @ x > 0)
        theta = theta - 0.3 * (y_hat - t) * x
    np.testing.assert_allclose(p.coef_, theta[1:])
    np.testing.assert_allclose(p.intercept_, theta[0])


@pytest.mark.parametrize(
    "seed,d,gamma,shuffle", [(0, 2, 0.05, False), (1, 5, 0.1, True), (2, 3, 0.02, True)]
)
def test_converges_within_novikoff_bound(seed, d, gamma, shuffle):
    X, y, R, margin = margin_data(200, d, gamma, seed)
    assert margin >= gamma
    p = Perceptron(lr=0.7, max_epochs=10_000, shuffle=shuffle, seed=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        p.fit(X, y)
    assert p.converged_ and p.mistakes_[-1] == 0 and p.n_epochs_ == len(p.mistakes_)
    assert sum(p.mistakes_) <= (R / margin) ** 2
    assert p.score(X, y) == 1.0


def test_fails_on_xor_and_warns():
    p = Perceptron(max_epochs=50)
    with pytest.warns(ConvergenceWarning, match="linearly separable"):
        p.fit(XOR_X, XOR_Y)
    assert not p.converged_ and len(p.mistakes_) == 50
    assert min(p.mistakes_) > 0 and p.score(XOR_X, XOR_Y) < 1.0


def test_an_mlp_solves_xor():
    from neuralgrad.train import fit

    X, y = make_xor(200, noise=0.05, seed=0)
    ng.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 2))
    fit(
        model,
        (X.astype(np.float32), y),
        loss=nn.CrossEntropyLoss(),
        optimizer=ng.optim.Adam(model.parameters(), lr=0.05),
        epochs=30,
        batch_size=32,
        verbose=0,
    )
    with ng.no_grad():
        pred = model(ng.tensor(XOR_X, dtype=ng.float32)).argmax(1).numpy()
    np.testing.assert_array_equal(pred, XOR_Y)


def test_module_form_predicts_the_same():
    X, y, _, _ = margin_data(150, 4, 0.05, seed=7)
    p = Perceptron(shuffle=True, seed=1).fit(ng.tensor(X), ng.tensor(y))  # tensors work too
    module = p.to_module()
    assert isinstance(module[0], nn.Linear) and isinstance(module[1], nn.Heaviside)
    Xt = np.random.default_rng(0).uniform(-1.5, 1.5, size=(500, 4))
    with ng.no_grad():
        out = module(ng.tensor(Xt)).numpy().reshape(-1)
    np.testing.assert_array_equal(out.astype(np.int64), p.predict(Xt))


def test_other_labels_and_errors():
    X, y, _, _ = margin_data(60, 2, 0.1, seed=4)
    labels = np.where(y == 1, "yes", "no")
    p = Perceptron(max_epochs=1000).fit(X, labels)
    assert list(p.classes_) == ["no", "yes"] and p.score(X, labels) == 1.0
    with pytest.raises(ValueError, match="two classes"):
        Perceptron().fit(X[:3], [0, 1, 2])
    with pytest.raises(RuntimeError, match="not fitted"):
        Perceptron().predict(X)
    with pytest.raises(ValueError, match="features"):
        p.predict(X[:, :1])
    with pytest.raises(ValueError, match="lr"):
        Perceptron(lr=0)


def test_lazy_top_level_name():
    assert ng.Perceptron is Perceptron


AND_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
AND_Y = np.array([0, 0, 0, 1])

# The course's rule θ ← θ − α (ŷ − y) x by hand on AND (α = 1, weights 0, examples in order,
# ŷ = 1 only where w·x + b > 0): the weights and bias after each update, epoch by epoch.
AND_UPDATES = [
    (1, 3, (1, 1), 1),
    (2, 0, (1, 1), 0),
    (2, 1, (1, 0), -1),
    (2, 3, (2, 1), 0),
    (3, 1, (2, 0), -1),
    (3, 2, (1, 0), -2),
    (3, 3, (2, 1), -1),
    (4, 2, (1, 1), -2),
    (4, 3, (2, 2), -1),
    (5, 1, (2, 1), -2),
]


def test_trace_reproduces_the_and_trace_by_hand():
    p = Perceptron(trace=True).fit(AND_X, AND_Y)
    assert len(p.trace_) == 6 * 4  # five epochs with updates, then one clean epoch
    updates = [(s.epoch + 1, s.index, s.coef, s.intercept) for s in p.trace_ if s.updated]
    assert updates == AND_UPDATES
    assert p.mistakes_ == [1, 3, 3, 2, 1, 0] and p.converged_
    np.testing.assert_array_equal(p.coef_, [2, 1])
    assert p.intercept_ == -2
    first = p.trace_[3]  # the first mistake: (1, 1) predicted 0 with the zero weights
    assert (first.x, first.target, first.prediction) == ((1.0, 1.0), 1.0, 0.0)
    table = p.trace_table().splitlines()
    assert len(table) == 25 and "*" in table[4] and "(1, 1)" in table[4]


def test_small_random_initialisation_is_seeded_and_still_converges():
    a = Perceptron(init_std=0.01, seed=2, trace=True).fit(AND_X, AND_Y)
    b = Perceptron(init_std=0.01, seed=2).fit(AND_X, AND_Y)
    np.testing.assert_array_equal(a.coef_, b.coef_)
    assert a.converged_ and a.score(AND_X, AND_Y) == 1.0
    # seed 2 draws a negative bias, so (0, 0) is classified right: the first row shows the draw
    draw = np.random.default_rng(2).normal(0.0, 0.01, 3)
    first = a.trace_[0]
    assert not first.updated and first.prediction == 0.0
    np.testing.assert_allclose([*first.coef, first.intercept], draw, rtol=1e-12)
    assert b.trace_ is None
    with pytest.raises(RuntimeError, match="trace=True"):
        b.trace_table()
    with pytest.raises(ValueError, match="init_std"):
        Perceptron(init_std=-1.0)
