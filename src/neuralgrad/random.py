"""Random numbers: one global generator that every random function draws from by default.

``manual_seed(s)`` makes a run reproducible. The streams are NumPy's PCG64, not PyTorch's
Mersenne Twister: seeds give the same numbers across neuralgrad runs, not the same as PyTorch.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .jit._state import state as capture_state

__all__ = [
    "Generator",
    "manual_seed",
    "seed",
    "initial_seed",
    "default_generator",
    "get_rng_state",
    "set_rng_state",
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


def manual_seed(seed: int) -> Generator:
    """Seed the global generator; every later random draw follows from it."""
    return default_generator.manual_seed(seed)


def seed() -> int:
    """Seed the global generator from fresh entropy and return the seed (``torch.seed``)."""
    return default_generator.seed()


def initial_seed() -> int:
    """The seed the global generator was last seeded with (``torch.initial_seed``)."""
    return default_generator.initial_seed()


def get_rng_state() -> dict:
    """The global generator's state, to put back with ``set_rng_state``."""
    return default_generator.get_state()


def set_rng_state(state: dict) -> None:
    """Restore the global generator to a state from ``get_rng_state``."""
    default_generator.set_state(state)


def rng(generator: Generator | None) -> np.random.Generator:
    """The NumPy generator to draw from: ``generator``'s, or the global one (during a capture,
    a stand-in that records each draw so replays draw anew)."""
    if capture_state.recorder is not None and not capture_state.recorder.paused:
        from .jit.traced import TracingGenerator

        return TracingGenerator(generator)
    return (generator or default_generator).np
