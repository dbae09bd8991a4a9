"""What ``MLPClassifier`` and ``MLPRegressor`` share: the hyperparameters, building the
``models.MLP`` and its optimizer, training through ``train.fit`` (whole runs and
``partial_fit`` epochs), the fitted attributes, and pickling.

Subclasses say how targets are encoded (``_targets``), which loss trains (``_loss``) and how
outputs become predictions.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from ..models import MLP
from ..preprocessing import StandardScaler
from ..random import Generator
from ..train import EarlyStopping, fit, predict
from ..tune.recipe import make_optimizer, make_scheduler, seeded
from ._compat import ConvergenceWarning, check_is_fitted, check_random_state, validate_data
from ._state import to_arrays, to_tensors

__all__ = ["BaseMLP"]


class BaseMLP:
    """Hyperparameters (stored as given, checked in ``fit``, scikit-learn's rule):

    hidden_layer_sizes, activation ('relu', 'tanh', ...; see ``models.ACTIVATIONS``), dropout,
    batch_norm: the ``models.MLP``. optimizer ('adam', 'sgd', 'adamw', 'rmsprop', 'adagrad',
    'adadelta'), learning_rate_init, lr_schedule ('constant', 'cosine', 'invscaling', 'step',
    'plateau'), momentum (SGD), weight_decay (L2; decoupled for 'adamw'): the optimisation.
    batch_size ('auto': min(200, n_samples)), max_iter (epochs). Training stops once the loss
    has not improved by ``tol`` for ``n_iter_no_change`` epochs: the training loss, or with
    ``early_stopping`` the loss on a held-out ``validation_fraction`` (stratified for classes),
    whose best weights are then kept. scale_inputs: standardise features (fitted in ``fit`` or
    on the first ``partial_fit``). random_state: weights, batch order, dropout and split.
    verbose: 0 silent, 1 progress bar, 2 a line per epoch.
    """

    def __init__(
        self,
        hidden_layer_sizes: Any = (100,),
        activation: str = "relu",
        *,
        dropout: float = 0.0,
        batch_norm: bool = False,
        optimizer: str = "adam",
        learning_rate_init: float = 1e-3,
        lr_schedule: str = "constant",
        momentum: float = 0.9,
        weight_decay: float = 0.0,
        batch_size: int | str = "auto",
        max_iter: int = 200,
        tol: float = 1e-4,
        early_stopping: bool = False,
        validation_fraction: float = 0.1,
        n_iter_no_change: int = 10,
        scale_inputs: bool = False,
        random_state: Any = None,
        verbose: int = 0,
    ) -> None:
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.dropout = dropout
        self.batch_norm = batch_norm
        self.optimizer = optimizer
        self.learning_rate_init = learning_rate_init
        self.lr_schedule = lr_schedule
        self.momentum = momentum
        self.weight_decay = weight_decay
        self.batch_size = batch_size
        self.max_iter = max_iter
        self.tol = tol
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.scale_inputs = scale_inputs
        self.random_state = random_state
        self.verbose = verbose

    # -- subclass hooks ------------------------------------------------------------------
    def _targets(self, y: Any, reset: bool, classes: Any = None) -> np.ndarray:
        """Check and encode ``y`` for the loss; with ``reset``, learn what the outputs are."""
        raise NotImplementedError  # abstract: each subclass defines it

    def _loss(self) -> Any:
        raise NotImplementedError  # abstract: each subclass defines it

    # -- training -------------------------------------------------------------------------
    def fit(self, X: Any, y: Any) -> BaseMLP:
        """Train a fresh network on ``(X, y)`` for up to ``max_iter`` epochs."""
        self._check_params()
        X, y = self._inputs(X, y, reset=True)
        self._initialize(X)
        watch = "val_loss" if self.early_stopping else "loss"
        stop = EarlyStopping(
            watch,
            min_delta=self.tol,
            patience=self.n_iter_no_change,
            restore_best_weights=bool(self.early_stopping),
        )
        history = self._train(self._scale(X), y, self.max_iter, [stop], fresh=True)
        self._record(history, reset=True)
        if self.n_iter_ == self.max_iter and self.max_iter > 0:
            warnings.warn(
                f"{type(self).__name__}: the loss was still improving after "
                f"max_iter={self.max_iter} epochs; training has not converged",
                ConvergenceWarning,
                stacklevel=2,
            )
        return self

    def _partial_fit(self, X: Any, y: Any, classes: Any = None) -> BaseMLP:
        """One epoch over ``(X, y)``, continuing the network (built on the first call)."""
        first = not hasattr(self, "model_")
        if first:
            self._check_params()
        X = validate_data(self, X, reset=first, dtype=np.float32)
        y = self._targets(y, reset=first, classes=classes)
        if len(y) != len(X):
            raise ValueError(f"X has {len(X)} samples but y has {len(y)}")
        if first:
            self._initialize(X)
        self._record(self._train(self._scale(X), y, 1, [], fresh=False), reset=first)
        return self

    def _inputs(self, X: Any, y: Any, reset: bool) -> tuple[np.ndarray, np.ndarray]:
        X, y = validate_data(self, X, y, reset=reset, dtype=np.float32, multi_output=True)
        return X, self._targets(y, reset=reset)

    def _check_params(self) -> None:
        """Checks that the constructor leaves to ``fit`` (scikit-learn's convention)."""
        if (
            isinstance(self.max_iter, bool)
            or int(self.max_iter) != self.max_iter
            or self.max_iter < 0
        ):
            raise ValueError(f"max_iter must be a whole number >= 0, got {self.max_iter!r}")
        if self.batch_size != "auto" and (
            int(self.batch_size) != self.batch_size or self.batch_size < 1
        ):
            raise ValueError(f"batch_size must be 'auto' or >= 1, got {self.batch_size!r}")
        if not 0.0 < self.validation_fraction < 1.0:
            raise ValueError(
                f"validation_fraction must lie in (0, 1), got {self.validation_fraction!r}"
            )
        if self.n_iter_no_change < 1:
            raise ValueError(f"n_iter_no_change must be >= 1, got {self.n_iter_no_change!r}")

    def _initialize(self, X: np.ndarray) -> None:
        """The fitted state of a fresh run: seeds, scaler, network and optimizer."""
        self._rng = check_random_state(self.random_state)
        self._seed = int(self._rng.randint(2**31 - 1))
        self.scaler_ = StandardScaler().fit(X) if self.scale_inputs else None
        hidden = self.hidden_layer_sizes
        hidden = (hidden,) if isinstance(hidden, (int, np.integer)) else tuple(hidden)
        with seeded(self._seed):
            self.model_ = MLP(
                X.shape[1], hidden, self.n_outputs_, self.activation, self.dropout, self.batch_norm
            )
        self._opt_spec = (self.optimizer, self.learning_rate_init, self.weight_decay, self.momentum)
        self._optimizer = make_optimizer(
            self.optimizer, self.model_.parameters(), *self._opt_spec[1:]
        )
        self.n_iter_, self.loss_curve_ = 0, []

    def _train(
        self, X: np.ndarray, y: np.ndarray, epochs: int, callbacks: list, fresh: bool
    ) -> Any:
        """``train.fit`` on scaled arrays, seeded by the next draw of the estimator's stream;
        a ``fresh`` run (``fit``) also gets the schedule and the early-stopping split."""
        seed = int(self._rng.randint(2**31 - 1))
        batch = min(200, len(X)) if self.batch_size == "auto" else int(self.batch_size)
        scheduler = make_scheduler(self.lr_schedule, self._optimizer, epochs) if fresh else None
        split = float(self.validation_fraction) if fresh and self.early_stopping else 0.0
        with seeded(seed):
            return fit(
                self.model_,
                (X, y),
                loss=self._loss(),
                optimizer=self._optimizer,
                epochs=int(epochs),
                batch_size=min(batch, len(X)),
                validation_split=split,
                callbacks=callbacks,
                scheduler=scheduler,
                generator=Generator().manual_seed(seed),
                verbose=self.verbose,
            )

    def _record(self, history: Any, reset: bool) -> None:
        """The fitted attributes scikit-learn users look for, from the run's ``History``."""
        self.history_ = history
        self.loss_curve_ = (
            (list(history["loss"]) if reset else self.loss_curve_ + list(history["loss"]))
            if "loss" in history.history
            else list(self.loss_curve_)
        )
        self.n_iter_ = len(self.loss_curve_)
        self.best_loss_ = min(self.loss_curve_) if self.loss_curve_ else np.inf
        if "val_loss" in history.history:
            self.validation_loss_curve_ = list(history["val_loss"])
            self.best_validation_loss_ = min(self.validation_loss_curve_)

    # -- prediction -----------------------------------------------------------------------
    def _scale(self, X: np.ndarray) -> np.ndarray:
        scaler = getattr(self, "scaler_", None)
        return X if scaler is None else scaler.transform(X).astype(np.float32, copy=False)

    def _outputs(self, X: Any) -> np.ndarray:
        """The network's raw outputs (logits or values) on checked, scaled inputs."""
        check_is_fitted(self, "model_")
        X = validate_data(self, X, reset=False, dtype=np.float32)
        out = predict(self.model_, self._scale(X), batch_size=max(len(X), 1))
        return out.reshape(len(X), self.n_outputs_).astype(np.float64)

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
            name, lr, decay, momentum = self._opt_spec
            self._optimizer = make_optimizer(name, self.model_.parameters(), lr, decay, momentum)
            self._optimizer.load_state_dict(to_tensors(state["_optimizer"]))
