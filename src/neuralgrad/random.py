"""Random numbers: one global generator that every random function draws from by default.

``manual_seed(s)`` makes a run reproducible. The streams are NumPy's PCG64, not PyTorch's
Mersenne Twister: seeds give the same numbers across neuralgrad runs, not the same as PyTorch.
``use_generator(g)`` (ours) makes ``g`` stand for the global generator in the calling thread for
a block, so that runs in several threads each draw from a stream of their own.

Extension point: every random op draws from ``rng(generator)``; ``draw_source(source)`` makes
that ``source(generator)`` instead for a block (a capture records each draw there, so that
replays draw anew).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from ._modes import modes

__all__ = [
    "Generator",
    "manual_seed",
    "seed",
    "initial_seed",
    "default_generator",
    "get_rng_state",
    "set_rng_state",
    "rng",
    "draw_source",
    "current_generator",
    "use_generator",
    "fork_rng",
]


class Generator:
    """A seeded source of random numbers (``torch.Generator``)."""

    def __init__(self, device: Any = "cpu") -> None:
        self._seed = int(np.random.SeedSequence().entropy % (2**63))
        self.np = np.random.Generator(np.random.PCG64(self._seed))

    def manual_seed(self, seed: int) -> Generator:
        """Reset the stream to the one ``seed`` names."""
        seed = int(seed)
        if seed < 0:
            seed += 2**64
        self._seed = seed
        self.np = np.random.Generator(np.random.PCG64(seed))
        return self

    def seed(self) -> int:
        """Reseed from fresh entropy and return the new seed."""
        s = int(np.random.SeedSequence().entropy % (2**63))
        self.manual_seed(s)
        return s

    def initial_seed(self) -> int:
        return self._seed

    def get_state(self) -> dict:
        """The generator's state as plain data (JSON-compatible), for checkpoints."""
        return {"seed": self._seed, "bit_generator": self.np.bit_generator.state}

    def set_state(self, state: dict) -> None:
        self._seed = int(state["seed"])
        self.np.bit_generator.state = state["bit_generator"]


default_generator = Generator()


def current_generator() -> Generator:
    """The generator that stands for the global one in the calling thread: the one a
    ``use_generator`` block gives, else ``default_generator``."""
    return modes.generator or default_generator


@contextlib.contextmanager
def use_generator(generator: Generator) -> Iterator[Generator]:
    """Within the block, in the calling thread only, ``generator`` is the global generator:
    random functions called without one draw from it, and ``manual_seed``,
    ``get_rng_state``/``set_rng_state`` act on it (ours; other threads keep theirs)."""
    if not isinstance(generator, Generator):
        raise TypeError(f"use_generator needs a neuralgrad Generator, got {type(generator)}")
    prev = modes.generator
    modes.generator = generator
    try:
        yield generator
    finally:
        modes.generator = prev


@contextlib.contextmanager
def fork_rng() -> Iterator[None]:
    """Within the block, random draws come from a copy of the global generator, so the stream
    is where it was when the block ends (``torch.random.fork_rng``; here per thread: the copy
    stands for the global generator in the calling thread only)."""
    fork = Generator()
    fork.set_state(current_generator().get_state())
    with use_generator(fork):
        yield


def manual_seed(seed: int) -> Generator:
    """Seed the global generator; every later random draw follows from it."""
    return current_generator().manual_seed(seed)


def seed() -> int:
    """Seed the global generator from fresh entropy and return the seed (``torch.seed``)."""
    return current_generator().seed()


def initial_seed() -> int:
    """The seed the global generator was last seeded with (``torch.initial_seed``)."""
    return current_generator().initial_seed()


def get_rng_state() -> dict:
    """The global generator's state, to put back with ``set_rng_state``."""
    return current_generator().get_state()


def set_rng_state(state: dict) -> None:
    """Restore the global generator to a state from ``get_rng_state``."""
    current_generator().set_state(state)


def rng(generator: Generator | None) -> Any:
    """What a random op draws from: ``generator``'s NumPy generator, or the global one's (or
    what the active ``draw_source`` gives)."""
    source = modes.random_source
    if source is not None:
        return source(generator)
    return (generator or modes.generator or default_generator).np


@contextlib.contextmanager
def draw_source(source: Callable[[Generator | None], Any]) -> Iterator[None]:
    """Within the block, random ops draw from ``source(generator)`` (an object with NumPy's
    ``Generator`` methods) instead of the generator's own NumPy generator."""
    prev = modes.random_source
    modes.random_source = source
    try:
        yield
    finally:
        modes.random_source = prev
