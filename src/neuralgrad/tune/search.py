"""Grid and random hyperparameter search over ``Recipe`` trials, with k-fold cross-validation
(scikit-learn's ``StratifiedKFold``/``KFold``), run in parallel through joblib.

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
from ..preprocessing import LabelEncoder
from ..recipe import Recipe
from .objective import score_model, train_trial, trial_recipe
from .results import ResultsTable
from .space import grid_points, model_selection, sample_points

__all__ = ["GridSearch", "RandomSearch", "folds"]


def folds(y: np.ndarray, k: int, stratify: bool, seed: int) -> list[tuple[np.ndarray, ...]]:
    """``k`` shuffled ``(train_idx, val_idx)`` folds: scikit-learn's ``StratifiedKFold``
    (class proportions kept in every fold) or ``KFold``."""
    ms = model_selection()
    n = len(y)
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 2 <= k <= n:
        raise ValueError(f"cv must be a whole number in [2, {n}] (the samples), got {k!r}")
    splitter = (ms.StratifiedKFold if stratify else ms.KFold)(
        int(k), shuffle=True, random_state=seed
    )
    return list(splitter.split(np.zeros((n, 1)), y if stratify else None))


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

    ``recipe``: the ``Recipe`` every trial starts from (default ``Recipe()``: a name means
    what it means everywhere). ``preprocess``: a scikit-learn transformer or ``Pipeline``
    fitted on each fold's training part instead of the recipe's input scaling (which
    standardises by default). ``task``: 'classification' (labels of any kind; stratified
    folds) or 'regression'. ``scoring``: a ``neuralgrad.metrics`` name (default 'accuracy' /
    'r2'); ``mode`` 'max' or 'min' ('auto' guesses from the name). ``cv``: the number of
    folds. ``n_jobs``: joblib workers. ``seed``: folds, draws and every trial's weights (None:
    fresh). ``fit_fn(params, X, y, seed=...)`` and ``score_fn(model, X, y)`` replace the
    default trial (higher score is better).
    """

    def __init__(
        self,
        space: Any,
        *,
        recipe: Recipe | None = None,
        preprocess: Any = None,
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
        self.recipe = Recipe() if recipe is None else recipe
        self.preprocess = preprocess
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
        fit_fn = self.fit_fn or functools.partial(
            train_trial,
            self.recipe,
            task=self.task,
            n_classes=n_classes,
            preprocess=self.preprocess,
        )
        return fit_fn, self.score_fn or functools.partial(score_model, scoring=self.scoring)

    def fit(self, X: Any, y: Any) -> _Search:
        """Score every configuration by ``cv``-fold cross-validation, rank them, and (with
        ``refit``) train the best one on all of ``(X, y)`` as ``best_model_``."""
        X, y = np.asarray(X, dtype=np.float32), np.asarray(y)
        X = X.reshape(len(X), -1)
        n_classes = None
        if self.task == "classification":
            labels = LabelEncoder().fit(y)
            self.classes_, y, n_classes = labels.classes_, labels.transform(y, "y"), len(labels)
        self.seed_ = self.seed if self.seed is not None else _seed(int(time.time_ns()))
        fit_fn, score_fn = self._functions(n_classes)
        configs = self.candidates()
        if self.fit_fn is None:  # a bad name or value fails here, before any training
            for params in configs:
                trial_recipe(self.recipe, params)
        splits = folds(y, self.cv, self.task == "classification", self.seed_)
        calls = [
            (_trial, (fit_fn, score_fn, params, X, y, tr, va, _seed(self.seed_, i, j)))
            for i, params in enumerate(configs)
            for j, (tr, va) in enumerate(splits)
        ]
        outcomes = _parallel(calls, self.n_jobs, self.verbose)
        self.results_ = self._table(configs, outcomes, len(splits))
        best = self.results_[0]
        self.best_index_ = best["index"]
        self.best_params_ = dict(best["params"])
        self.best_score_ = best["mean_score"]
        if self.fit_fn is None:
            self.best_recipe_ = trial_recipe(self.recipe, self.best_params_)
        if self.refit:
            seed = _seed(self.seed_, self.best_index_, len(splits))
            self.best_model_ = fit_fn(self.best_params_, X, y, seed=seed)
        return self

    def _table(self, configs: list[dict], outcomes: list, k: int) -> ResultsTable:
        """Rows of mean/std score and fit time per configuration, best first (NaN scores,
        from diverged runs, rank last; ties keep the listed order)."""
        rows = []
        for i, params in enumerate(configs):
            scores, times = zip(*outcomes[i * k : (i + 1) * k])
            rows.append(
                {
                    "index": i,
                    "params": dict(params),
                    "mean_score": float(np.mean(scores)),
                    "std_score": float(np.std(scores)),
                    "scores": list(scores),
                    "fit_time": float(np.mean(times)),
                }
            )
        sign = -1.0 if self.mode == "max" else 1.0
        rows.sort(key=lambda r: np.inf if np.isnan(r["mean_score"]) else sign * r["mean_score"])
        for rank, row in enumerate(rows, start=1):
            row["rank"] = rank
        return ResultsTable(rows)

    def predict(self, X: Any) -> np.ndarray:
        """Predictions of ``best_model_`` (the default trial): class labels for
        classification, values for regression."""
        out = self.best_model_.predict(np.asarray(X, dtype=np.float32).reshape(len(X), -1))
        return self.classes_[out] if self.task == "classification" else out


class GridSearch(_Search):
    """Try every combination of ``space`` (``{name: [values]}`` or a list of such dicts),
    e.g. ``{"hidden": [(32,), (32, 32)], "activation": ["relu", "tanh"], "lr": [1e-3, 1e-2],
    "l2": [0, 1e-4]}``; the names are ``Recipe`` fields (see ``tune.objective``), the other
    arguments ``_Search``'s. Results: ``results_`` (ranked), ``best_params_``,
    ``best_score_``, ``best_recipe_``, ``best_model_``."""

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
