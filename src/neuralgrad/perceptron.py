"""``Perceptron``: Rosenblatt's learning rule (1958), the course's first neural network.

The model predicts ``h(x) = 1 if w·x + b > 0 else 0`` (the Heaviside step, 0 at exactly 0).
Training visits the examples one at a time and, on a mistake, moves the weights towards the
example: ``θ ← θ − α (ŷ − y) x`` for the weights and ``b ← b − α (ŷ − y)`` for the bias.
On linearly separable data it stops after finitely many mistakes (Novikoff: at most
``(R/γ)²`` with ``R`` the largest norm of ``(x, 1)`` and ``γ`` the margin); on XOR it never
gets every example right, which is what the course's "AI winter" slide is about.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from .metrics import as_numpy

__all__ = ["Perceptron", "ConvergenceWarning"]


class ConvergenceWarning(UserWarning):
    """A learning rule stopped at its epoch limit without converging (as scikit-learn's)."""


def _features(X: Any) -> np.ndarray:
    """``X`` as a float64 (N, D) array (tensors, arrays and nested lists all work)."""
    X = np.asarray(as_numpy(X), dtype=np.float64)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D (samples, features), got shape {X.shape}")
    return X


class Perceptron:
    """A single-layer perceptron for two classes, trained by Rosenblatt's rule; scikit-learn's
    ``fit`` / ``predict`` / ``score`` on NumPy arrays or tensors.

    ``lr`` is α; ``max_epochs`` bounds the passes over the data; ``shuffle`` visits the
    examples in a new order each epoch (drawn from ``seed``). The weights start at 0 (the
    course allows "0 or a small random value"; 0 makes the run depend on the data order only).
    After ``fit``: ``coef_`` (D,), ``intercept_``, ``classes_`` (the two labels; the second is
    the positive class), ``mistakes_`` (mistakes per epoch), ``n_epochs_`` and ``converged_``
    (an epoch went by with no mistake). Not converging warns with ``ConvergenceWarning``.
    """

    def __init__(
        self, lr: float = 1.0, max_epochs: int = 100, shuffle: bool = False, seed: int | None = 0
    ) -> None:
        if not lr > 0:
            raise ValueError(f"lr must be positive, got {lr!r}")
        if isinstance(max_epochs, bool) or not isinstance(max_epochs, int) or max_epochs < 1:
            raise ValueError(f"max_epochs must be an integer >= 1, got {max_epochs!r}")
        self.lr, self.max_epochs, self.shuffle, self.seed = lr, max_epochs, shuffle, seed

    def _targets(self, y: Any, n: int) -> np.ndarray:
        """The labels as 0/1 (``classes_[1]`` is 1), remembering the two label values."""
        y = np.asarray(as_numpy(y)).reshape(-1)
        if len(y) != n:
            raise ValueError(f"X has {n} samples but y has {len(y)}")
        classes = np.unique(y)
        if len(classes) > 2:
            raise ValueError(
                f"the perceptron separates two classes; y has {len(classes)}: {classes.tolist()}"
            )
        if len(classes) == 1:  # one class seen: 0/1 labels keep their meaning
            classes = np.array([0, 1]) if classes[0] in (0, 1) else np.repeat(classes, 2)
        self.classes_ = classes
        return (y == classes[1]).astype(np.float64)

    def fit(self, X: Any, y: Any) -> Perceptron:
        """Run Rosenblatt's rule epoch by epoch until an epoch makes no mistake or
        ``max_epochs`` have passed; returns ``self``."""
        X = _features(X)
        t = self._targets(y, len(X))
        w, b = np.zeros(X.shape[1]), 0.0
        g = np.random.default_rng(self.seed)
        self.mistakes_: list[int] = []
        self.converged_ = False
        for _ in range(self.max_epochs):
            order = g.permutation(len(X)) if self.shuffle else range(len(X))
            mistakes = 0
            for i in order:
                error = float(X[i] @ w + b > 0) - t[i]  # ŷ − y: 0, +1 or −1
                if error:
                    w -= self.lr * error * X[i]
                    b -= self.lr * error
                    mistakes += 1
            self.mistakes_.append(mistakes)
            if mistakes == 0:
                self.converged_ = True
                break
        self.coef_, self.intercept_, self.n_epochs_ = w, b, len(self.mistakes_)
        if not self.converged_:
            warnings.warn(
                f"the perceptron still made {self.mistakes_[-1]} mistakes in its last "
                f"epoch after max_epochs={self.max_epochs}: the data may not be "
                f"linearly separable (XOR is not)",
                ConvergenceWarning,
                stacklevel=2,
            )
        return self

    def _check_fitted(self) -> None:
        if not hasattr(self, "coef_"):
            raise RuntimeError("this Perceptron is not fitted yet: call fit(X, y) first")

    def decision_function(self, X: Any) -> np.ndarray:
        """The weighted sums ``w·x + b`` (positive means the class ``classes_[1]``)."""
        self._check_fitted()
        X = _features(X)
        if X.shape[1] != len(self.coef_):
            raise ValueError(
                f"X has {X.shape[1]} features, the perceptron was fitted on {len(self.coef_)}"
            )
        return X @ self.coef_ + self.intercept_

    def predict(self, X: Any) -> np.ndarray:
        """The predicted labels: ``classes_[1]`` where ``w·x + b > 0``, else ``classes_[0]``."""
        positive = self.decision_function(X) > 0  # first: it checks that fit has run
        return self.classes_[positive.astype(np.int64)]

    def score(self, X: Any, y: Any) -> float:
        """The accuracy on ``(X, y)``."""
        return float(np.mean(self.predict(X) == np.asarray(as_numpy(y)).reshape(-1)))

    def to_module(self) -> Any:
        """The same classifier as a module, ``nn.Sequential(nn.Linear(D, 1), nn.Heaviside())``
        with the learned weights (float64, so its 0/1 outputs match ``predict`` exactly)."""
        self._check_fitted()
        from . import float64, nn, no_grad, tensor

        model = nn.Sequential(nn.Linear(len(self.coef_), 1, dtype=float64), nn.Heaviside())
        with no_grad():
            model[0].weight.copy_(tensor(self.coef_[None, :], dtype=float64))
            model[0].bias.copy_(tensor([self.intercept_], dtype=float64))
        return model

    def __repr__(self) -> str:
        return (
            f"Perceptron(lr={self.lr}, max_epochs={self.max_epochs}, "
            f"shuffle={self.shuffle}, seed={self.seed})"
        )
