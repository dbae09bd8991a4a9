"""Each optimizer trains XOR and a small regression to a stated loss (no PyTorch needed)."""

from __future__ import annotations

import numpy as np
import pytest

import neuralgrad as ng

# (optimizer, options, steps): every optimizer with settings a course exercise would use
SETTINGS = [
    ("SGD", dict(lr=0.1, momentum=0.9), 600),
    ("SGD", dict(lr=0.1, momentum=0.9, nesterov=True), 600),
    ("Adagrad", dict(lr=0.1), 600),
    ("Adadelta", dict(lr=1.0), 2500),
    ("RMSprop", dict(lr=0.01), 1000),
    ("Adam", dict(lr=0.02), 600),
    ("AdamW", dict(lr=0.02, weight_decay=1e-4), 600),
]


def _mlp_params(n_in: int, hidden: int, n_out: int, seed: int) -> list[ng.nn.Parameter]:
    rng = np.random.default_rng(seed)
    shapes = [(hidden, n_in), (hidden,), (n_out, hidden), (n_out,)]
    bounds = [1 / np.sqrt(n_in)] * 2 + [1 / np.sqrt(hidden)] * 2  # PyTorch's Linear init range
    return [
        ng.nn.Parameter(ng.tensor(rng.uniform(-b, b, s).astype(np.float32)))
        for s, b in zip(shapes, bounds)
    ]


def _forward(x: ng.Tensor, params: list[ng.Tensor]) -> ng.Tensor:
    w1, b1, w2, b2 = params
    return (x @ w1.T + b1).tanh() @ w2.T + b2


def _train(name: str, options: dict, steps: int, x, loss_fn, params) -> float:
    opt = getattr(ng.optim, name)(params, **options)
    for _ in range(steps):
        opt.zero_grad()
        loss = loss_fn(_forward(x, params))
        loss.backward()
        opt.step()
    with ng.no_grad():
        return loss_fn(_forward(x, params)).item()


@pytest.mark.parametrize(
    "name,options,steps", SETTINGS, ids=[s[0] + str(i) for i, s in enumerate(SETTINGS)]
)
def test_learns_xor(name, options, steps):
    """Cross-entropy on the four XOR points falls below 0.05 and all four are classified."""
    x = ng.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = ng.tensor([[0], [1], [1], [0]])
    params = _mlp_params(2, 8, 2, seed=0)

    def loss_fn(logits):
        return -logits.log_softmax(1).gather(1, y).mean()

    assert _train(name, options, steps, x, loss_fn, params) < 0.05
    pred = _forward(x, params).argmax(1).numpy()
    np.testing.assert_array_equal(pred, [0, 1, 1, 0])


@pytest.mark.parametrize(
    "name,options,steps", SETTINGS, ids=[s[0] + str(i) for i, s in enumerate(SETTINGS)]
)
def test_fits_a_small_regression(name, options, steps):
    """y = sin(3x) on 32 points of [-1, 1]: the mean squared error falls below 0.01
    (the targets' variance is about 0.5)."""
    xs = np.linspace(-1, 1, 32, dtype=np.float32).reshape(-1, 1)
    x, t = ng.tensor(xs), ng.tensor(np.sin(3 * xs))
    params = _mlp_params(1, 16, 1, seed=1)

    def loss_fn(out):
        return ((out - t) ** 2).mean()

    initial = loss_fn(_forward(x, params)).item()
    final = _train(name, options, steps, x, loss_fn, params)
    assert final < 0.01 < initial
