"""_modes: every mode flag belongs to the thread that sets it (grad mode, the leaf-gradient
hook, the random source, the generator standing for the global one), and two threads train
side by side with the numbers each gets alone."""

from __future__ import annotations

import threading

import numpy as np
import pytest

import neuralgrad as ng
from neuralgrad import nn
from neuralgrad.autograd.engine import leaf_gradient_hook
from neuralgrad.random import draw_source, use_generator
from scale import trials


def _in_thread(fn):
    """``fn()`` run in a new thread; its result (or its exception, raised here)."""
    box = {}

    def target():
        try:
            box["value"] = fn()
        except BaseException as e:  # noqa: BLE001 - handed to the caller
            box["error"] = e

    t = threading.Thread(target=target)
    t.start()
    t.join(60)
    if "error" in box:
        raise box["error"]
    return box["value"]


def test_a_new_thread_starts_with_grad_mode_on_whatever_this_one_set():
    with ng.no_grad():
        assert _in_thread(ng.is_grad_enabled) is True
        assert not ng.is_grad_enabled()
    ng.set_grad_enabled(False)
    try:
        x = ng.ones(2, requires_grad=True)
        assert _in_thread(lambda: (x * 2).requires_grad)
    finally:
        ng.set_grad_enabled(True)


def test_no_grad_held_in_one_thread_is_not_seen_by_another():
    entered, checked = threading.Event(), threading.Event()

    def hold():
        with ng.no_grad():
            entered.set()
            checked.wait(10)
            return ng.is_grad_enabled()

    t = threading.Thread(target=hold)
    t.start()
    entered.wait(10)
    x = ng.ones(2, requires_grad=True)
    assert ng.is_grad_enabled() and (x * 3).grad_fn is not None
    checked.set()
    t.join(10)


def test_grad_mode_never_leaks_out_of_threads_looping_no_grad():
    """The loop that left grad mode off after both threads ended (NEURALGRAD_LONG=1: 1,000
    trials)."""
    m, x = nn.Linear(4, 2), ng.randn(8, 4)

    def loop():
        for _ in range(200):
            with ng.no_grad():
                m(x)

    for _ in range(trials(10, 1000)):
        threads = [threading.Thread(target=loop) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert ng.is_grad_enabled()


def test_leaf_gradient_hook_and_random_source_are_per_thread():
    seen = []
    w = ng.ones(3, requires_grad=True)
    with leaf_gradient_hook(lambda leaf, g, owned: seen.append(leaf)):
        with draw_source(lambda generator: np.random.default_rng(5)):
            other = _in_thread(lambda: ((w * 2).sum().backward(), ng.rand(3).numpy())[1])
            here = ng.rand(3).numpy()
    assert seen == [] and w.grad is not None  # the other thread's backward wrote .grad
    assert np.array_equal(here, np.random.default_rng(5).random(3, dtype=np.float32))
    assert not np.array_equal(other, here)


def test_use_generator_stands_for_the_global_generator_in_its_thread_only():
    ng.manual_seed(3)
    expected_global = ng.rand(4).numpy()
    ng.manual_seed(3)
    g = ng.Generator().manual_seed(11)
    with use_generator(g):
        mine = ng.rand(4).numpy()
        ng.manual_seed(11)  # acts on g: the same numbers again
        again = ng.rand(4).numpy()
        theirs = _in_thread(lambda: ng.rand(4).numpy())
    assert np.array_equal(mine, again)
    assert np.array_equal(mine, ng.Generator().manual_seed(11).np.random(4, dtype=np.float32))
    assert np.array_equal(theirs, expected_global)  # the other thread drew the global stream
    with pytest.raises(TypeError, match="Generator"):
        with use_generator(np.random.default_rng(0)):
            pass


def test_fork_rng_leaves_the_stream_where_it_was():
    ng.manual_seed(1)
    first = ng.rand(2).numpy()
    ng.manual_seed(1)
    with ng.random.fork_rng():
        ng.rand(10)
    assert np.array_equal(ng.rand(2).numpy(), first)


def _train_plain(seed: int, steps: int = 30) -> dict[str, np.ndarray]:
    """A plain training loop with dropout, every draw from its own generator."""
    g = ng.Generator().manual_seed(seed)
    with use_generator(g):
        model = nn.Sequential(nn.Linear(5, 16), nn.Tanh(), nn.Dropout(0.3), nn.Linear(16, 3))
        opt = ng.optim.Adam(model.parameters(), lr=0.01)
        x, y = ng.randn(64, 5), ng.randint(0, 3, (64,))
        for _ in range(steps):
            with ng.no_grad():
                model(x)  # an evaluation between steps: grad mode off, then on again
            loss = nn.functional.cross_entropy(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
    return {k: v.numpy().copy() for k, v in model.state_dict().items()}


def test_two_plain_training_loops_in_two_threads_match_their_lone_results():
    alone = [_train_plain(seed) for seed in (0, 1)]
    for _ in range(trials(2, 20)):
        results: dict[int, dict] = {}
        threads = [
            threading.Thread(target=lambda s=s: results.__setitem__(s, _train_plain(s)))
            for s in (0, 1)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        for seed in (0, 1):
            for key, value in alone[seed].items():
                assert np.array_equal(results[seed][key], value), (seed, key)
