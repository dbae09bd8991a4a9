"""Training does not hold on to memory: backward frees what the graph saved, and a thousand
training steps leave the traced heap where it was."""

from __future__ import annotations

import gc
import tracemalloc
import weakref

import numpy as np
import pytest

import neuralgrad as ng
import neuralgrad.nn.functional as F
from neuralgrad import nn, optim


def test_backward_frees_saved_arrays() -> None:
    x = ng.randn(64, 64, requires_grad=True)
    hidden = (x * 3.0).exp()  # ExpBackward saves its output, MulBackward saves nothing big
    loss = (hidden * hidden).sum()  # MulBackward saves both operands, as a and b
    node = loss.grad_fn.next[0]
    saved = weakref.ref(node.a)
    loss.backward()
    assert not hasattr(node, "a")  # freed without retain_graph
    del hidden, loss, node
    gc.collect()
    assert saved() is None  # nothing else kept the intermediate array alive


@pytest.mark.parametrize("captured", [False, True], ids=["eager", "capture"])
def test_thousand_training_steps_do_not_grow_memory(captured: bool) -> None:
    ng.manual_seed(0)
    model = nn.Sequential(nn.Linear(32, 64), nn.ReLU(), nn.BatchNorm1d(64), nn.Linear(64, 10))
    opt = optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    rng = np.random.default_rng(0)
    x = ng.tensor(rng.standard_normal((16, 32)).astype(np.float32))
    y = ng.tensor(rng.integers(0, 10, 16))

    def train(x: ng.Tensor, y: ng.Tensor) -> ng.Tensor:
        opt.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        return loss

    run = ng.capture(train) if captured else train

    def step() -> None:
        run(x, y)

    for _ in range(50):  # optimizer state and caches are created lazily: let them settle
        step()
    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        for _ in range(1000):
            step()
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - base
    finally:
        tracemalloc.stop()
    # one step's activations are ~10 KB: a leak of even one array per step would show here
    assert grown < 64 * 1024, f"heap grew by {grown} bytes over 1000 steps"
    if captured:
        assert run.stats == {"captures": 1, "replays": 1049, "fallbacks": 0}
