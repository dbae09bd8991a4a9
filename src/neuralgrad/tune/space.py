"""Search spaces: lists of values for a grid, and seeded distributions for random search
(``Uniform``, ``LogUniform``, ``IntRange``, ``Choice``). The grid and the draws are
scikit-learn's ``ParameterGrid`` and ``ParameterSampler``; the distributions here give it
what scipy's would (``rvs``) with plain Python numbers, so results print and serialise.

A space is a dict ``{name: values}`` (or, for a grid, a list of such dicts, searched one
after the other); the names are ``Recipe`` fields (plus ``n_layers``/``width``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

__all__ = [
    "Distribution",
    "Uniform",
    "LogUniform",
    "IntRange",
    "Choice",
    "grid_points",
    "sample_points",
    "model_selection",
]


def model_selection() -> Any:
    """``sklearn.model_selection`` (folds, grids, samplers), with a clear message when the
    optional scikit-learn is missing."""
    try:
        from sklearn import model_selection as ms
    except ImportError as err:
        raise ImportError("search needs scikit-learn: pip install 'neuralgrad[tune]'") from err
    return ms


class Distribution:
    """A random-search dimension: ``sample(rng)`` draws one value from a NumPy Generator;
    ``rvs(random_state)`` is the same draw as scikit-learn's samplers call it."""

    def sample(self, rng: np.random.Generator) -> Any:
        raise NotImplementedError  # abstract: each subclass defines it

    def rvs(self, random_state: Any = None) -> Any:
        if not isinstance(random_state, np.random.RandomState):
            random_state = np.random.RandomState(random_state)
        return self.sample(np.random.default_rng(int(random_state.randint(2**31 - 1))))


def _check_range(low: float, high: float, log: bool) -> None:
    if not low < high:
        raise ValueError(f"a range needs low < high, got low={low!r}, high={high!r}")
    if log and low <= 0:
        raise ValueError(f"a log range needs low > 0, got {low!r}")


class Uniform(Distribution):
    """A float drawn uniformly from ``[low, high)`` (dropout, momentum)."""

    def __init__(self, low: float, high: float) -> None:
        _check_range(low, high, False)
        self.low, self.high = float(low), float(high)

    def sample(self, rng: np.random.Generator) -> float:
        return float(rng.uniform(self.low, self.high))

    def __repr__(self) -> str:
        return f"Uniform({self.low}, {self.high})"


class LogUniform(Distribution):
    """A float whose logarithm is uniform on ``[log low, log high)``: each decade equally
    likely, the right prior for learning rates and penalties."""

    def __init__(self, low: float, high: float) -> None:
        _check_range(low, high, True)
        self.low, self.high = float(low), float(high)

    def sample(self, rng: np.random.Generator) -> float:
        return float(math.exp(rng.uniform(math.log(self.low), math.log(self.high))))

    def __repr__(self) -> str:
        return f"LogUniform({self.low}, {self.high})"


class IntRange(Distribution):
    """An integer in ``[low, high]`` (both included), uniform or, with ``log``, log-uniform
    (layer widths)."""

    def __init__(self, low: int, high: int, log: bool = False) -> None:
        _check_range(low, high + 1, log)
        self.low, self.high, self.log = int(low), int(high), bool(log)

    def sample(self, rng: np.random.Generator) -> int:
        if self.log:
            value = math.exp(rng.uniform(math.log(self.low), math.log(self.high + 1)))
            return min(int(value), self.high)
        return int(rng.integers(self.low, self.high + 1))

    def __repr__(self) -> str:
        return f"IntRange({self.low}, {self.high}{', log=True' if self.log else ''})"


class Choice(Distribution):
    """One of ``options`` (any values: names, tuples of layer sizes), equally likely or with
    probabilities ``p``."""

    def __init__(self, options: Sequence[Any], p: Sequence[float] | None = None) -> None:
        self.options = list(options)
        if not self.options:
            raise ValueError("Choice needs at least one option")
        if p is not None and (len(p) != len(self.options) or not math.isclose(sum(p), 1.0)):
            raise ValueError("p needs one probability per option, summing to 1")
        self.p = None if p is None else [float(x) for x in p]

    def sample(self, rng: np.random.Generator) -> Any:
        return self.options[int(rng.choice(len(self.options), p=self.p))]

    def __repr__(self) -> str:
        return f"Choice({self.options!r})"


def grid_points(space: Mapping[str, Any] | Sequence[Mapping[str, Any]]) -> list[dict]:
    """Every combination of the listed values (scikit-learn's ``ParameterGrid``: names in
    sorted order, the last varying fastest; a list of dicts is searched one after the
    other)."""
    for sub in [space] if isinstance(space, Mapping) else list(space):
        for name, values in dict(sub).items():
            if isinstance(values, (Distribution, str, bytes)) or not isinstance(values, Sequence):
                raise TypeError(
                    f"grid values of {name!r} must be a list, got {values!r} "
                    "(use RandomSearch for distributions)"
                )
    return [dict(p) for p in model_selection().ParameterGrid(space)]


def sample_points(space: Mapping[str, Any], n: int, seed: int | None) -> list[dict]:
    """``n`` draws from ``space`` (scikit-learn's ``ParameterSampler``: distributions sampled,
    lists chosen from uniformly, a single value fixed), the same for the same ``seed``."""
    if not isinstance(space, Mapping):
        raise TypeError("a random-search space is one dict {name: distribution or list}")
    dims = {
        k: v
        if isinstance(v, Distribution)
        else Choice(v)
        if isinstance(v, Sequence) and not isinstance(v, (str, bytes))
        else Choice([v])
        for k, v in space.items()
    }
    return [dict(p) for p in model_selection().ParameterSampler(dims, int(n), random_state=seed)]
