"""Hyperparameter search: ``GridSearch`` and ``RandomSearch`` over ``train.fit`` of a
``models.MLP`` (number and width of hidden layers, activation, learning rate, weight decay,
dropout... jointly, as the course asks), with k-fold validation scores, a ranked
``ResultsTable``, the best parameters and the best model refitted on all the data.

Trials run through joblib (``n_jobs``; ``pip install 'neuralgrad[tune]'``), so the same search
runs on a Dask or Ray cluster inside ``joblib.parallel_backend("dask")`` (see ``search``).
"""

from .objective import MLP_DEFAULTS, mlp_params, score_model, train_mlp
from .recipe import OPTIMIZERS, SCHEDULES, make_optimizer, make_scheduler, seeded
from .results import ResultsTable
from .search import GridSearch, RandomSearch, kfold
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
    "kfold",
    "train_mlp",
    "score_model",
    "mlp_params",
    "MLP_DEFAULTS",
    "OPTIMIZERS",
    "SCHEDULES",
    "make_optimizer",
    "make_scheduler",
    "seeded",
]
