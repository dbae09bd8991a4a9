"""What ``MLPClassifier`` and ``MLPRegressor`` share: scikit-learn's MLP parameters (plus
dropout, norm and schedule), translated into a ``Recipe`` and trained through
``recipe.fit_recipe`` (whole runs, ``warm_start`` and ``partial_fit`` epochs), scikit-learn's
fitted attributes, and pickling.

Subclasses say how targets are encoded (``_targets``) and what the task is (``_task``).
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from ..models import MLP, glorot_
from ..recipe import Head, build_model, fit_recipe, outputs_of
from ..recipe.build import build_optimizer
from ._compat import ConvergenceWarning, check_is_fitted, check_random_state, validate_data
from ._params import DEFAULTS, to_recipe
from ._state import to_arrays, to_tensors

__all__ = ["BaseMLP"]

_D = DEFAULTS


class BaseMLP:
    """scikit-learn's ``MLPClassifier``/``MLPRegressor`` parameters with their meanings and
    defaults: hidden_layer_sizes, activation ('identity', 'logistic', 'tanh', 'relu', and ours:
    'leaky_relu', 'elu', 'gelu', 'silu'), solver ('adam', 'sgd', or ours: 'adamw', 'rmsprop',
    'adagrad', 'adadelta'; 'lbfgs' is refused), alpha (L2), batch_size, learning_rate
    ('constant', 'invscaling', 'adaptive'; SGD only), learning_rate_init, power_t, max_iter,
    shuffle, random_state, tol, verbose, warm_start, momentum, nesterovs_momentum,
    early_stopping, validation_fraction, beta_1, beta_2, epsilon, n_iter_no_change, max_fun
    (lbfgs only, unused). Ours: dropout, norm ('none', 'batch', 'layer'), schedule (a recipe
    schedule for any solver, e.g. 'cosine'; None follows learning_rate).

    The same ``random_state`` starts from scikit-learn's initial weights. Differences:
    training stops after ``n_iter_no_change`` epochs without improvement (scikit-learn waits
    one more), and the batch order and early-stopping split come from neuralgrad's generator.
    """

    def __init__(
        self,
        hidden_layer_sizes: Any = _D["hidden_layer_sizes"],
        activation: str = _D["activation"],
        *,
        solver: str = _D["solver"],
        alpha: float = _D["alpha"],
        batch_size: int | str = _D["batch_size"],
        learning_rate: str = _D["learning_rate"],
        learning_rate_init: float = _D["learning_rate_init"],
        power_t: float = _D["power_t"],
        max_iter: int = _D["max_iter"],
        shuffle: bool = _D["shuffle"],
        random_state: Any = _D["random_state"],
        tol: float = _D["tol"],
        verbose: bool = _D["verbose"],
        warm_start: bool = _D["warm_start"],
        momentum: float = _D["momentum"],
        nesterovs_momentum: bool = _D["nesterovs_momentum"],
        early_stopping: bool = _D["early_stopping"],
        validation_fraction: float = _D["validation_fraction"],
        beta_1: float = _D["beta_1"],
        beta_2: float = _D["beta_2"],
        epsilon: float = _D["epsilon"],
        n_iter_no_change: int = _D["n_iter_no_change"],
        max_fun: int = _D["max_fun"],
        dropout: float = _D["dropout"],
        norm: Any = _D["norm"],
        schedule: Any = _D["schedule"],
    ) -> None:
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.solver = solver
        self.alpha = alpha
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.learning_rate_init = learning_rate_init
        self.power_t = power_t
        self.max_iter = max_iter
        self.shuffle = shuffle
        self.random_state = random_state
        self.tol = tol
        self.verbose = verbose
        self.warm_start = warm_start
        self.momentum = momentum
        self.nesterovs_momentum = nesterovs_momentum
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.n_iter_no_change = n_iter_no_change
        self.max_fun = max_fun
        self.dropout = dropout
        self.norm = norm
        self.schedule = schedule

    # -- subclass hooks ------------------------------------------------------------------
    def _targets(self, y: Any, reset: bool, classes: Any = None) -> np.ndarray:
        """Check ``y`` and encode it as class ids or float (n, k); ``reset`` learns the
        classes or the number of targets."""
        raise NotImplementedError  # abstract: each subclass defines it

    def _head(self) -> Head:
        raise NotImplementedError  # abstract: each subclass defines it

    def recipe(self, incremental: bool = False) -> Any:
        """The ``Recipe`` these parameters describe (seed 0; fitting draws the seeds from
        ``random_state``)."""
        return to_recipe(self.get_params(), 0, incremental)

    # -- training -------------------------------------------------------------------------
    def fit(self, X: Any, y: Any) -> BaseMLP:
        """Train on ``(X, y)`` for up to ``max_iter`` epochs: a fresh network, or with
        ``warm_start`` the previous one (with a new optimizer, as scikit-learn)."""
        return self._fit(X, y, incremental=False)

    def _fit(self, X: Any, y: Any, incremental: bool, classes: Any = None) -> BaseMLP:
        fresh = not hasattr(self, "model_") or not (incremental or self.warm_start)
        recipe = to_recipe(self.get_params(), 0, incremental)  # checks the parameters first
        X = validate_data(self, X, reset=fresh, dtype=np.float32)
        y = self._targets(y, reset=fresh, classes=classes)
        if len(y) != len(X):
            raise ValueError(f"X has {len(X)} samples but y has {len(y)}")
        if fresh:
            self._initialize(recipe, X.shape[1])
        if not incremental or not hasattr(self, "_optimizer"):
            self._optimizer = build_optimizer(recipe, self.model_)
        recipe = recipe.replace(seed=int(self._rng.randint(2**31 - 1)))
        history = fit_recipe(
            recipe,
            self.model_,
            self.head_,
            (X, self.head_.targets(y)),
            epochs=1 if incremental else recipe.epochs,
            optimizer=self._optimizer,
            verbose=2 if self.verbose else 0,
        )
        self._record(history, recipe, len(X))
        if not incremental and self.n_iter_ == recipe.epochs and history.stopped_epoch is None:
            warnings.warn(
                f"{type(self).__name__}: Maximum iterations ({recipe.epochs}) reached and the "
                "optimization hasn't converged yet.",
                ConvergenceWarning,
                stacklevel=3,
            )
        return self

    def _initialize(self, recipe: Any, n_features: int) -> None:
        """A fresh network and the fitted state of a new run."""
        self._rng = check_random_state(self.random_state)
        self.head_ = self._head()
        self.model_ = build_model(recipe, n_features, self.head_)
        for layer in self.model_.linears():  # scikit-learn's initial weights for a random_state
            glorot_(layer, recipe.activation, self._rng)
        self.loss_curve_, self.t_ = [], 0
        self.n_outputs_ = self.head_.out_features
        self.out_activation_ = self.head_.out_activation
        self.n_layers_ = len(recipe.hidden) + 2
        self.best_loss_: float | None = np.inf
        self.validation_scores_: list | None = None
        self.best_validation_score_: float | None = None

    def _record(self, history: Any, recipe: Any, samples: int) -> None:
        """scikit-learn's fitted attributes from the run's ``History``."""
        self.history_ = history
        self.n_iter_ = len(history)
        self.loss_curve_ = self.loss_curve_ + list(history.history.get("loss", []))
        train = samples - int(round(samples * recipe.validation_fraction))
        self.t_ += train * self.n_iter_
        score = f"val_{self.head_.score_name}"
        if recipe.monitor == "val_score" and score in history:
            self.validation_scores_ = list(history[score])
            self.best_validation_score_ = max(self.validation_scores_)
            self.best_loss_ = None
        else:
            self.best_loss_ = min(self.loss_curve_) if self.loss_curve_ else np.inf

    # -- what the network learned -----------------------------------------------------------
    def _linears(self) -> list[Any]:
        check_is_fitted(self, "model_")
        return [m for m in self.model_.net if type(m).__name__ == "Linear"]

    @property
    def coefs_(self) -> list[np.ndarray]:
        """Weight matrices, layer ``i`` of shape (inputs, outputs): scikit-learn's layout."""
        return [m.weight.detach().numpy().T.astype(np.float64) for m in self._linears()]

    @property
    def intercepts_(self) -> list[np.ndarray]:
        """Bias vectors, one per layer."""
        return [m.bias.detach().numpy().astype(np.float64) for m in self._linears()]

    def _outputs(self, X: Any) -> np.ndarray:
        """The network's raw outputs (logits or values) on checked inputs."""
        check_is_fitted(self, "model_")
        X = validate_data(self, X, reset=False, dtype=np.float32)
        return outputs_of(self.model_, X)

    # -- the run directory ------------------------------------------------------------------
    def save_run(self, directory: Any) -> list[str]:
        """Write the fitted estimator as a run directory (recipe, weights, preprocessing,
        history, curves), which ``neuralgrad summary/evaluate/predict`` read like any other;
        returns the names of the files written."""
        check_is_fitted(self, "model_")
        from ..preprocessing import FeatureEncoder
        from ..recipe import Preprocessing
        from ..rundir import Run

        names = getattr(self, "feature_names_in_", None)
        features = (
            FeatureEncoder([str(n) for n in names])
            if names is not None
            else FeatureEncoder.numeric(self.n_features_in_)
        )
        labels = getattr(self, "_labels", None)
        prep = Preprocessing(features, "y", self.head_, labels, "none", False)
        data = {"data": f"{type(self).__name__}.fit", "target": "y", "task": self.head_.task}
        run = Run(self.recipe(), prep, self.model_, data, {"epochs_done": self.n_iter_})
        return run.record(self.history_, None, directory)

    # -- pickling (tensors travel as NumPy arrays) -----------------------------------------
    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        if "model_" in state:
            state["model_"] = (self.model_.config(), to_arrays(self.model_.state_dict()))
            state["_optimizer"] = to_arrays(self._optimizer.state_dict())
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        if "model_" in state:
            config, weights = state["model_"]
            self.model_ = MLP.from_config(config)
            self.model_.load_state_dict(to_tensors(weights))
            self._optimizer = build_optimizer(self.recipe(), self.model_)
            self._optimizer.load_state_dict(to_tensors(state["_optimizer"]))
