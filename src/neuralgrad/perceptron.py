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
from typing import Any, NamedTuple

import numpy as np

from .metrics import as_numpy

__all__ = ["Perceptron", "PerceptronStep", "ConvergenceWarning"]


class ConvergenceWarning(UserWarning):
    """A learning rule stopped at its epoch limit without converging (as scikit-learn's)."""


class PerceptronStep(NamedTuple):
    """One visit of one example in ``Perceptron.trace_``: the prediction ŷ made with the
    weights before the visit, and the weights after it (changed only when ``updated``)."""

    epoch: int
    index: int
    x: tuple[float, ...]
    target: float
    prediction: float
    updated: bool
    coef: tuple[float, ...]
    intercept: float


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
    examples in a new order each epoch (drawn from ``seed``). The course initialises the
    weights "to 0 or a small random value": ``init_std=0`` (the default) starts at 0, so the
    run depends on the data order only; ``init_std=0.01`` draws weights and bias from
    N(0, 0.01²) with ``seed``. ``trace=True`` records every visit of every example in
    ``trace_`` (a list of ``PerceptronStep``: the course's table of weights after each update).
    After ``fit``: ``coef_`` (D,), ``intercept_``, ``classes_`` (the two labels; the second is
    the positive class), ``mistakes_`` (mistakes per epoch), ``n_epochs_`` and ``converged_``
    (an epoch went by with no mistake). Not converging warns with ``ConvergenceWarning``.
    """

    def __init__(
        self,
        lr: float = 1.0,
        max_epochs: int = 100,
        shuffle: bool = False,
        seed: int | None = 0,
        init_std: float = 0.0,
        trace: bool = False,
    ) -> None:
        if not lr > 0:
            raise ValueError(f"lr must be positive, got {lr!r}")
        if isinstance(max_epochs, bool) or not isinstance(max_epochs, int) or max_epochs < 1:
            raise ValueError(f"max_epochs must be an integer >= 1, got {max_epochs!r}")
        if not init_std >= 0:
            raise ValueError(f"init_std must be >= 0, got {init_std!r}")
        self.lr, self.max_epochs, self.shuffle, self.seed = lr, max_epochs, shuffle, seed
        self.init_std, self.trace = init_std, trace

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
        g = np.random.default_rng(self.seed)
        w = g.normal(0.0, self.init_std, X.shape[1]) if self.init_std else np.zeros(X.shape[1])
        b = float(g.normal(0.0, self.init_std)) if self.init_std else 0.0
        self.mistakes_: list[int] = []
        self.trace_: list[PerceptronStep] | None = [] if self.trace else None
        self.converged_ = False
        for epoch in range(self.max_epochs):
            order = g.permutation(len(X)) if self.shuffle else range(len(X))
            mistakes = 0
            for i in order:
                prediction = float(X[i] @ w + b > 0)
                error = prediction - t[i]  # ŷ − y: 0, +1 or −1
                if error:
                    w -= self.lr * error * X[i]
                    b -= self.lr * error
                    mistakes += 1
                if self.trace_ is not None:
                    self.trace_.append(_step(epoch, int(i), X[i], t[i], prediction, w, b))
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

    def trace_table(self) -> str:
        """``trace_`` as a text table, one visit a line: epoch, example, x, y, ŷ and the
        weights and bias after the visit (``*`` marks an update)."""
        if getattr(self, "trace_", None) is None:
            raise RuntimeError("no trace: fit with Perceptron(trace=True) first")
        lines = [f"{'epoch':>5} {'i':>3}  {'x':<14} {'y':>2} {'ŷ':>2}   {'weights after':<22} bias"]
        for s in self.trace_:
            x = "(" + ", ".join(f"{v:.4g}" for v in s.x) + ")"
            w = "(" + ", ".join(f"{v:.4g}" for v in s.coef) + ")"
            mark = "*" if s.updated else " "
            lines.append(
                f"{s.epoch + 1:>5} {s.index:>3}  {x:<14} {s.target:>2g} {s.prediction:>2g} "
                f"{mark} {w:<22} {s.intercept:.4g}"
            )
        return "\n".join(lines)

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
        extra = f", init_std={self.init_std}" if self.init_std else ""
        extra += ", trace=True" if self.trace else ""
        return (
            f"Perceptron(lr={self.lr}, max_epochs={self.max_epochs}, "
            f"shuffle={self.shuffle}, seed={self.seed}{extra})"
        )


def _step(
    epoch: int, i: int, x: np.ndarray, y: float, prediction: float, w: np.ndarray, b: float
) -> PerceptronStep:
    """One row of the trace (copies of the weights: they change in place)."""
    return PerceptronStep(
        epoch,
        i,
        tuple(x.tolist()),
        float(y),
        prediction,
        bool(prediction != y),
        tuple(w.tolist()),
        float(b),
    )
