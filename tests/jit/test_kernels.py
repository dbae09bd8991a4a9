"""What a capture writes besides the recorded kernels (jit/kernels.py): the BLAS thread policy
before each matrix product, so that replays switch threads as eager steps do."""

from __future__ import annotations

import re

import pytest

import neuralgrad as ng
from neuralgrad import _threads, nn

pytest.importorskip("threadpoolctl")


@pytest.fixture
def two_threads():
    before = ng.get_num_threads()
    ng.set_num_threads(2)
    yield
    ng.set_num_threads(before)


def _switches(run) -> list[int]:
    """The thread counts the policy sets on NumPy's BLAS while ``run()`` runs."""
    calls: list[int] = []
    for c in _threads.POLICY.libs:
        real = c.set_num_threads
        c.set_num_threads = lambda n, real=real: (calls.append(n), real(n))[1]
    try:
        run()
    finally:
        for c in _threads.POLICY.libs:
            del c.set_num_threads
    return calls


def test_replays_switch_blas_threads_as_eager_steps_do(two_threads):
    ng.manual_seed(0)
    model = nn.Sequential(nn.Linear(256, 512), nn.ReLU(), nn.Linear(512, 2))
    opt = ng.optim.SGD(model.parameters(), lr=0.01)

    def train(x, y):
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        return loss

    step = ng.capture(train)
    x, y = ng.randn(64, 256), ng.randint(0, 2, (64,))
    train(x, y)  # leaves one thread (its last product is small), as every step will
    eager = _switches(lambda: train(x, y))
    step(x, y)  # records
    replay = _switches(lambda: step(x, y))
    assert step.stats["replays"] == 1
    # large first layer, small second layer and its gradients, large first-layer weight
    # gradient, small first-layer bias gradient
    assert eager == replay == [2, 1, 2, 1]
    # each recorded product is preceded by the policy's call with its sizes
    assert re.search(r"if c\d+\.active: c\d+\(512, 256, 64\)\n\s+v\d+ = ", step.source(x, y))


def test_with_one_thread_wanted_replays_switch_nothing(two_threads):
    ng.set_num_threads(1)
    model = nn.Linear(300, 300)
    step = ng.capture(lambda x: model(x).sum())
    x = ng.randn(64, 300)
    with ng.no_grad():
        step(x)
        assert _switches(lambda: step(x)) == []
    assert step.stats["replays"] == 1
