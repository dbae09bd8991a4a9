"""Hyperparameter search: ``GridSearch`` and ``RandomSearch`` over ``Recipe`` trials (number
and width of hidden layers, activation, learning rate, L2, dropout... jointly, as the course
asks), with k-fold validation scores, a ranked ``ResultsTable``, the best parameters, the best
recipe and the best model refitted on all the data. Inputs are standardised per fold (the
recipe's ``scale``) or go through a scikit-learn ``Pipeline`` (``preprocess=``).

Trials run through joblib (``n_jobs``); folds, grids and draws are scikit-learn's
(``pip install 'neuralgrad[tune]'``), so the same search runs on a Dask or Ray cluster inside
``joblib.parallel_backend("dask")`` (see ``search``).
"""

from .objective import TrialModel, score_model, train_trial, trial_recipe
from .results import ResultsTable
from .search import GridSearch, RandomSearch, folds
from .space import Choice, Distribution, IntRange, LogUniform, Uniform, grid_points, sample_points

__all__ = [
    "GridSearch",
    "RandomSearch",
    "ResultsTable",
    "Distribution",
    "Uniform",
    "LogUniform",
    "IntRange",
    "Choice",
    "grid_points",
    "sample_points",
    "folds",
    "train_trial",
    "trial_recipe",
    "score_model",
    "TrialModel",
]
