"""Random numbers: one global generator that every random function draws from by default.

``manual_seed(s)`` makes a run reproducible. The streams are NumPy's PCG64, not PyTorch's
Mersenne Twister: seeds give the same numbers across neuralgrad runs, not the same as PyTorch.
Tensors on a GPU draw from that GPU's own generator (``device_generator``, on the device, as in
PyTorch), which ``manual_seed`` seeds too.
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
    "device_generator",
    "current_generator",
    "use_generator",
    "fork_rng",
]


class Generator:
    """A seeded source of random numbers (``torch.Generator``) for tensors on ``device``:
    ``np`` draws with NumPy ``Generator``'s methods, on that device."""

    def __init__(self, device: Any = "cpu") -> None:
        from ._devices import device as device_cls

        self.device = device_cls(device)
        self.manual_seed(int(np.random.SeedSequence().entropy % (2**63)))

    def manual_seed(self, seed: int) -> Generator:
        """Reset the stream to the one ``seed`` names."""
        from ._devices import device_ops

        seed = int(seed)
        if seed < 0:
            seed += 2**64
        self._seed = seed
        self.np = device_ops(self.device).draws(seed)
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
        if self.device.type != "cpu":
            raise RuntimeError(
                f"the state of a {self.device.type} generator can't be read back; "
                "seed it again with manual_seed to repeat its draws"
            )
        return {"seed": self._seed, "bit_generator": self.np.bit_generator.state}

    def set_state(self, state: dict) -> None:
        if self.device.type != "cpu":
            raise RuntimeError(
                f"a {self.device.type} generator's state can't be set; seed it with manual_seed"
            )
        self._seed = int(state["seed"])
        self.np.bit_generator.state = state["bit_generator"]


default_generator = Generator()
_device_generators: dict[str, Generator] = {}  # "cuda:0" -> its default generator


def device_generator(dev: Any) -> Generator:
    """The default generator of device ``dev`` (the global one for the CPU); a GPU's is made on
    first use, seeded with the global generator's seed (``torch.cuda.default_generators``)."""
    from ._devices import device as device_cls

    dev = device_cls(dev)
    if dev.type == "cpu":
        return current_generator()
    key = f"{dev.type}:{dev.index or 0}"
    gen = _device_generators.get(key)
    if gen is None:
        gen = _device_generators[key] = Generator(key).manual_seed(default_generator._seed)
    return gen


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
    """Seed the global generator (the calling thread's, inside ``use_generator``) and every
    GPU's; every later random draw follows from it."""
    for gen in _device_generators.values():
        gen.manual_seed(seed)
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


def rng(generator: Generator | None, device: Any = None) -> Any:
    """What a random op draws from: ``generator``'s source of draws, or that of ``device``'s
    default generator (the global one for the CPU), or what the active ``draw_source`` gives.
    A generator of another device than ``device`` is PyTorch's error."""
    source = modes.random_source
    if source is not None:
        return source(generator)
    if generator is None:
        return (current_generator() if device is None else device_generator(device)).np
    if device is not None:
        from ._devices import device as device_cls

        wanted = device_cls(device).type
        if generator.device.type != wanted:
            raise RuntimeError(
                f"Expected a '{wanted}' device type for generator but found "
                f"'{generator.device.type}'"
            )
    return generator.np


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
