"""Seeds to NumPy generators: one rule for every seeded data function."""

from __future__ import annotations

import numpy as np

from ..random import Generator, current_generator

__all__ = ["rng_from_seed"]


def rng_from_seed(seed: int | None) -> np.random.Generator:
    """A fresh stream for an int ``seed`` (the same numbers on every call), or the global
    generator for None (so ``neuralgrad.manual_seed`` decides)."""
    if seed is None:
        return current_generator().np
    return Generator().manual_seed(int(seed)).np
