"""Feature scalers fitted on the training split only, then applied unchanged to validation and
test data (fitting on all data would leak the held-out statistics into training).

Both are per-feature affine maps ``x·mul + add`` over axis 0 (every other axis is a feature:
an image batch is scaled per pixel). ``state_dict()`` holds tensors, so a scaler is saved with
the model through ``neuralgrad.save`` and restored with ``load_state_dict``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

import numpy as np

from .._tensor import Tensor, wrap

__all__ = ["StandardScaler", "MinMaxScaler"]


def _array(x: Any) -> np.ndarray:
    a = np.asarray(x.detach() if isinstance(x, Tensor) else x)
    if a.ndim == 0 or a.dtype.kind not in "biuf":
        raise ValueError(
            f"expected a numeric array of shape (samples, features...), got "
            f"{a.dtype} of shape {a.shape}"
        )
    return a


def _like(result: np.ndarray, x: Any) -> Any:
    """``result`` as the kind of ``x`` (a tensor stays a tensor)."""
    return wrap(np.ascontiguousarray(result)) if isinstance(x, Tensor) else result


class _AffineScaler(ABC):
    """Shared machinery: fit computes per-feature statistics (``_fit``), which give the map
    ``x·mul + add``; transform, inverse and state handling live here once."""

    _keys: tuple[str, ...] = ()

    def __init__(self) -> None:
        self.n_samples_seen_: int = 0

    @abstractmethod
    def _fit(self, a: np.ndarray) -> None:
        """Compute the per-feature statistics from the training array ``a``."""

    @abstractmethod
    def _affine(self) -> tuple[np.ndarray, np.ndarray]:
        """The fitted map as ``(mul, add)``: transform(x) = x * mul + add."""

    def fit(self, X: Any) -> _AffineScaler:
        """Learn the statistics of ``X`` (the training split); NaN or inf values raise."""
        a = _array(X).astype(np.float64)
        if a.shape[0] == 0:
            raise ValueError(f"{type(self).__name__}.fit: X has no samples")
        finite = np.isfinite(a).all(axis=0)
        if not finite.all():
            bad = np.flatnonzero(~finite.reshape(-1))[:10].tolist()
            raise ValueError(
                f"{type(self).__name__}.fit: X has NaN or infinite values in "
                f"feature(s) {bad} (flat index); clean or impute them first"
            )
        self._fit(a)
        self.n_samples_seen_ = int(a.shape[0])
        return self

    def _checked(self, X: Any) -> np.ndarray:
        if not self.n_samples_seen_:
            raise RuntimeError(f"{type(self).__name__} is not fitted yet; call fit(X_train) first")
        a = _array(X)
        shape = getattr(self, self._keys[0]).shape
        if a.shape[1:] != shape:
            raise ValueError(
                f"X has features of shape {a.shape[1:]} per sample, but "
                f"{type(self).__name__} was fitted on {shape}"
            )
        return a

    def transform(self, X: Any) -> Any:
        """Scale ``X`` with the fitted statistics; floats keep their dtype, ints give float32."""
        a = self._checked(X)
        dt = a.dtype if a.dtype.kind == "f" else np.float32
        mul, add = self._affine()
        return _like(a.astype(dt, copy=False) * mul.astype(dt) + add.astype(dt), X)

    def fit_transform(self, X: Any) -> Any:
        return self.fit(X).transform(X)

    def inverse_transform(self, X: Any) -> Any:
        """Undo ``transform``: back to the original units."""
        a = self._checked(X)
        dt = a.dtype if a.dtype.kind == "f" else np.float32
        mul, add = self._affine()
        return _like((a.astype(dt, copy=False) - add.astype(dt)) / mul.astype(dt), X)

    def state_dict(self) -> dict[str, Any]:
        """The fitted statistics as tensors plus the sample count (for ``neuralgrad.save``)."""
        out: dict[str, Any] = {k: wrap(np.array(getattr(self, k))) for k in self._keys}
        out["n_samples_seen_"] = self.n_samples_seen_
        return out

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        missing = [k for k in (*self._keys, "n_samples_seen_") if k not in state_dict]
        if missing:
            raise KeyError(f"{type(self).__name__}.load_state_dict: missing keys {missing}")
        for k in self._keys:
            setattr(self, k, np.asarray(state_dict[k], dtype=np.float64))
        self.n_samples_seen_ = int(state_dict["n_samples_seen_"])

    def __repr__(self) -> str:
        fitted = f"fitted on {self.n_samples_seen_} samples" if self.n_samples_seen_ else "unfitted"
        return f"{type(self).__name__}({fitted})"


class StandardScaler(_AffineScaler):
    """Standardise each feature: ``z = (x − mean) / std`` (population std; a constant feature
    gets std 1, so it maps to 0). Matches scikit-learn's ``StandardScaler``."""

    _keys = ("mean_", "scale_")

    def __init__(self, with_mean: bool = True, with_std: bool = True) -> None:
        super().__init__()
        self.with_mean, self.with_std = with_mean, with_std

    def _fit(self, a: np.ndarray) -> None:
        shape = a.shape[1:]
        self.mean_ = a.mean(axis=0) if self.with_mean else np.zeros(shape)
        std = a.std(axis=0) if self.with_std else np.ones(shape)
        self.scale_ = np.where(std > 0, std, 1.0)

    def _affine(self) -> tuple[np.ndarray, np.ndarray]:
        return 1.0 / self.scale_, -self.mean_ / self.scale_


class MinMaxScaler(_AffineScaler):
    """Map each feature's training range onto ``feature_range``:
    ``x' = lo + (x − min)·(hi − lo)/(max − min)`` (a constant feature maps to ``lo``).
    Matches scikit-learn's ``MinMaxScaler``."""

    _keys = ("data_min_", "data_max_", "scale_", "min_")

    def __init__(self, feature_range: tuple[float, float] = (0.0, 1.0)) -> None:
        super().__init__()
        lo, hi = feature_range
        if not lo < hi:
            raise ValueError(
                f"feature_range must be (low, high) with low < high, got {feature_range}"
            )
        self.feature_range = (float(lo), float(hi))

    def _fit(self, a: np.ndarray) -> None:
        lo, hi = self.feature_range
        self.data_min_, self.data_max_ = a.min(axis=0), a.max(axis=0)
        span = self.data_max_ - self.data_min_
        self.scale_ = (hi - lo) / np.where(span > 0, span, 1.0)
        self.min_ = lo - self.data_min_ * self.scale_

    def _affine(self) -> tuple[np.ndarray, np.ndarray]:
        return self.scale_, self.min_
