"""Grid and random hyperparameter search over ``train.fit``, with k-fold cross-validation,
run in parallel through joblib.

Each (configuration, fold) pair is one joblib task whose seed is derived from ``seed`` and
its position alone, so ``n_jobs=1``, ``n_jobs=4`` and a cluster give the same table. Because
the tasks go through ``joblib.Parallel``, any joblib backend runs them unchanged, e.g. on a
Dask cluster (``pip install 'neuralgrad[dask]'``)::

    from dask.distributed import Client
    import joblib
    client = Client("scheduler-address:8786")      # or Client() for a local cluster
    with joblib.parallel_backend("dask"):
        search.fit(X, y)

(Ray: ``from ray.util.joblib import register_ray; register_ray()`` then
``parallel_backend("ray")``). Trials seed neuralgrad's global generator, so use process
workers (joblib's default ``loky``, Dask worker processes), not threads, for reproducibility.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from ..metrics import greater_is_better
from .objective import score_model, train_mlp
from .results import ResultsTable
from .space import grid_points, sample_points

__all__ = ["GridSearch", "RandomSearch", "kfold"]


def kfold(y: np.ndarray, k: int, stratify: bool, seed: int) -> list[tuple[np.ndarray, ...]]:
    """``k`` shuffled ``(train_idx, val_idx)`` folds; with ``stratify``, each class is dealt
    round-robin over the folds so every fold keeps the class proportions."""
    n = len(y)
    if not 2 <= k <= n:
        raise ValueError(f"cv must be a whole number in [2, {n}] (the samples), got {k!r}")
    rng, fold_of, offset = np.random.default_rng(seed), np.empty(n, dtype=np.int64), 0
    groups = [np.flatnonzero(y == c) for c in np.unique(y)] if stratify else [np.arange(n)]
    for group in groups:
        fold_of[rng.permutation(group)] = (np.arange(len(group)) + offset) % k
        offset += len(group)
    return [(np.flatnonzero(fold_of != f), np.flatnonzero(fold_of == f)) for f in range(k)]


def _seed(*key: int) -> int:
    """A well-mixed 31-bit seed from integers (the search seed, configuration, fold)."""
    return int(np.random.SeedSequence(list(key)).generate_state(1)[0] >> 1)


def _trial(
    fit_fn: Callable,
    score_fn: Callable,
    params: dict,
    X: np.ndarray,
    y: np.ndarray,
    train_idx: np.ndarray,
    val_idx: np.ndarray,
    seed: int,
) -> tuple[float, float]:
    """Train on one fold's training part, score on its validation part: (score, seconds)."""
    start = time.perf_counter()
    model = fit_fn(params, X[train_idx], y[train_idx], seed=seed)
    elapsed = time.perf_counter() - start
    return float(score_fn(model, X[val_idx], y[val_idx])), elapsed


def _parallel(calls: list[tuple[Callable, tuple]], n_jobs: int | None, verbose: int) -> list:
    """Run the calls through ``joblib.Parallel`` (a plain loop when joblib is missing and
    one job is asked for)."""
    try:
        from joblib import Parallel, delayed  # optional: pip install 'neuralgrad[tune]'
    except ImportError as err:
        if n_jobs in (None, 1):
            return [fn(*args) for fn, args in calls]
        raise ImportError("n_jobs needs joblib: pip install 'neuralgrad[tune]'") from err
    return Parallel(n_jobs=n_jobs, verbose=verbose)(delayed(fn)(*args) for fn, args in calls)


class _Search:
    """What grid and random search share; subclasses say which configurations to try.

    ``task``: 'classification' (labels of any kind; stratified folds) or 'regression'.
    ``scoring``: a ``neuralgrad.metrics`` name (default 'accuracy' / 'r2'); ``mode`` 'max' or
    'min' ('auto' guesses from the name). ``cv``: the number of folds. ``n_jobs``: joblib
    workers (None: 1, or the active ``joblib.parallel_backend``'s choice). ``seed``: folds,
    draws and every trial's weights (None: fresh). ``fit_fn(params, X, y, seed=...)`` and
    ``score_fn(model, X, y)`` replace the default MLP trial (higher score is better); with
    the default, ``y`` reaches them as class indices ``0..C-1`` and ``classes_`` maps back.
    """

    def __init__(
        self,
        space: Any,
        *,
        task: str = "classification",
        scoring: str | None = None,
        cv: int = 3,
        n_jobs: int | None = None,
        seed: int | None = 0,
        refit: bool = True,
        fit_fn: Callable | None = None,
        score_fn: Callable | None = None,
        mode: str = "auto",
        verbose: int = 0,
    ) -> None:
        if task not in ("classification", "regression"):
            raise ValueError(f"task must be 'classification' or 'regression', got {task!r}")
        self.space, self.task, self.cv, self.n_jobs, self.seed = space, task, cv, n_jobs, seed
        self.scoring = scoring or ("accuracy" if task == "classification" else "r2")
        self.refit, self.fit_fn, self.score_fn, self.verbose = refit, fit_fn, score_fn, verbose
        self.mode = (
            mode
            if mode != "auto"
            else ("max" if score_fn is not None or greater_is_better(self.scoring) else "min")
        )

    def candidates(self) -> list[dict]:
        """The configurations to try, in order."""
        raise NotImplementedError  # abstract: each subclass defines it

    def _functions(self, n_classes: int | None) -> tuple[Callable, Callable]:
        fit_fn = self.fit_fn or functools.partial(train_mlp, task=self.task, n_classes=n_classes)
        return fit_fn, self.score_fn or functools.partial(score_model, scoring=self.scoring)

    def fit(self, X: Any, y: Any) -> _Search:
        """Score every configuration by ``cv``-fold cross-validation, rank them, and (with
        ``refit``) train the best one on all of ``(X, y)`` as ``best_model_``."""
        X, y = np.asarray(X, dtype=np.float32), np.asarray(y)
        X = X.reshape(len(X), -1)
        if self.task == "classification":
            self.classes_, y = np.unique(y, return_inverse=True)
        self.seed_ = self.seed if self.seed is not None else _seed(int(time.time_ns()))
        fit_fn, score_fn = self._functions(
            len(self.classes_) if self.task == "classification" else None
        )
        configs = self.candidates()
        folds = kfold(y, int(self.cv), self.task == "classification", self.seed_)
        calls = [
            (_trial, (fit_fn, score_fn, params, X, y, tr, va, _seed(self.seed_, i, j)))
            for i, params in enumerate(configs)
            for j, (tr, va) in enumerate(folds)
        ]
        outcomes = _parallel(calls, self.n_jobs, self.verbose)
        self.results_ = self._table(configs, outcomes, len(folds))
        self.best_index_ = next(i for i, r in enumerate(self.results_) if r["rank"] == 1)
        self.best_params_ = dict(configs[self.best_index_])
        self.best_score_ = self.results_[self.best_index_]["mean_score"]
        if self.refit:
            self.best_model_ = fit_fn(
                self.best_params_, X, y, seed=_seed(self.seed_, self.best_index_, len(folds))
            )
        return self

    def _table(self, configs: list[dict], outcomes: list, k: int) -> ResultsTable:
        """Rows of mean/std score and fit time per configuration, ranked best first (NaN
        scores, from diverged runs, rank last)."""
        rows = ResultsTable()
        for i, params in enumerate(configs):
            scores, times = zip(*outcomes[i * k : (i + 1) * k])
            rows.append(
                {
                    "params": dict(params),
                    "mean_score": float(np.mean(scores)),
                    "std_score": float(np.std(scores)),
                    "scores": list(scores),
                    "fit_time": float(np.mean(times)),
                }
            )
        sign = -1.0 if self.mode == "max" else 1.0  # sort ascending on sign * score
        key = [np.inf if np.isnan(r["mean_score"]) else sign * r["mean_score"] for r in rows]
        order = sorted(range(len(rows)), key=lambda i: (key[i], i))  # ties: first listed
        for rank, i in enumerate(order, start=1):
            rows[i]["rank"] = rank
        return rows

    def predict(self, X: Any) -> np.ndarray:
        """Predictions of ``best_model_`` (the default MLP trial): class labels for
        classification, values for regression."""
        from ..train import predict

        out = predict(self.best_model_, np.asarray(X, dtype=np.float32).reshape(len(X), -1))
        if self.task == "classification":
            return self.classes_[out.argmax(axis=1)]
        return out[:, 0] if out.ndim == 2 and out.shape[1] == 1 else out


class GridSearch(_Search):
    """Try every combination of ``space`` (``{name: [values]}`` or a list of such dicts),
    e.g. ``{"hidden": [(32,), (32, 32)], "activation": ["relu", "tanh"], "lr": [1e-3, 1e-2],
    "weight_decay": [0, 1e-4]}``. See ``tune.objective`` for the names the default MLP trial
    knows, ``_Search`` for the arguments; results in ``results_``, ``best_params_``,
    ``best_score_``, ``best_model_``."""

    def __init__(
        self, space: Mapping[str, Sequence] | Sequence[Mapping[str, Sequence]], **kwargs: Any
    ) -> None:
        super().__init__(space, **kwargs)

    def candidates(self) -> list[dict]:
        return grid_points(self.space)


class RandomSearch(_Search):
    """Try ``n_iter`` configurations drawn from ``space`` (``{name: distribution, list or
    fixed value}``, e.g. ``{"lr": LogUniform(1e-4, 1e-1), "width": IntRange(8, 128, log=True),
    "n_layers": IntRange(1, 3), "dropout": Uniform(0, 0.5)}``); the draws follow ``seed``."""

    def __init__(self, space: Mapping[str, Any], n_iter: int = 10, **kwargs: Any) -> None:
        super().__init__(space, **kwargs)
        self.n_iter = n_iter

    def candidates(self) -> list[dict]:
        seed = getattr(self, "seed_", self.seed)
        return sample_points(self.space, self.n_iter, seed)
