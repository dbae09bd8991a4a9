"""scikit-learn estimators over neuralgrad networks: ``MLPClassifier`` and ``MLPRegressor``.

They follow scikit-learn's conventions (hyperparameters in the constructor, fitted attributes
with a trailing underscore, ``get_params``/``set_params``, ``partial_fit``, pickling), so they
work in ``Pipeline``, ``cross_val_score`` and ``GridSearchCV`` and pass scikit-learn's estimator
checks. Needs the optional extra: ``pip install 'neuralgrad[sklearn]'``; importing this module
without scikit-learn raises an ``ImportError`` that says so.
"""

from .classifier import MLPClassifier
from .regressor import MLPRegressor

__all__ = ["MLPClassifier", "MLPRegressor"]
