"""Labels and categories as numbers: ``one_hot`` rows for class ids and ``LabelEncoder`` between
class labels of any kind (ints, strings) and the ids ``0..C-1`` a network is trained on. The
command line, ``load_csv``, search and the scikit-learn estimators all encode with these."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import InputError

__all__ = ["one_hot", "as_class_labels", "LabelEncoder"]


def as_class_labels(y: Any, what: str = "labels") -> np.ndarray:
    """``y`` as a 1-D int64 array of class ids; floats must be whole numbers. Raises naming
    the first value that is not a class id."""
    a = np.asarray(y)
    if a.ndim == 2 and a.shape[1] == 1:
        a = a[:, 0]
    if a.ndim != 1:
        raise ValueError(f"{what} must be a 1-D array of class ids, got shape {a.shape}")
    if a.dtype.kind == "f":
        bad = ~np.isfinite(a) | (a != np.round(a))
        if bad.any():
            i = int(np.argmax(bad))
            raise ValueError(f"{what} must be whole class ids, but entry {i} is {a[i].item()!r}")
    elif a.dtype.kind not in "biu":
        raise TypeError(f"{what} must be integer class ids, got dtype {a.dtype}")
    return a.astype(np.int64)


def one_hot(y: Any, num_classes: int | None = None, dtype: Any = np.float32) -> np.ndarray:
    """Rows of ``num_classes`` zeros with a one at each label: shape ``(N, num_classes)``, as a
    NumPy array of ``dtype`` (targets for MSE or BCE losses); ``nn.functional.one_hot`` does the
    encoding. ``num_classes=None`` uses ``max(y) + 1``. Labels outside ``[0, num_classes)``
    raise ``ValueError``."""
    from ..nn.functional import one_hot as encode
    from ..ops.creation import tensor

    labels = as_class_labels(y)
    if num_classes is None:
        num_classes = -1 if labels.size else 0
    try:
        out = encode(tensor(labels), int(num_classes))
    except RuntimeError as e:
        raise ValueError(str(e)) from None
    return out.numpy().astype(dtype)


def _short(values: list[Any], most: int = 10) -> str:
    text = ", ".join(repr(v) for v in values[:most])
    return f"[{text}{', ...' if len(values) > most else ''}]"


class LabelEncoder:
    """Class labels <-> ids: ``classes_`` holds the sorted distinct labels (numbers in numeric
    order, text in alphabetical order) and id ``i`` stands for ``classes_[i]``
    (scikit-learn's ``LabelEncoder``, with errors that name the unknown labels)."""

    def __init__(self, classes: Any = None) -> None:
        if classes is not None:
            self.classes_ = np.unique(np.asarray(classes))

    def fit(self, labels: Any) -> LabelEncoder:
        """Learn the classes of ``labels`` (a 1-D sequence)."""
        self.classes_ = np.unique(np.asarray(labels).reshape(-1))
        return self

    def transform(self, labels: Any, where: str = "labels") -> np.ndarray:
        """The int64 ids of ``labels``; labels not among ``classes_`` raise ``InputError``
        naming them (``where`` says whose labels they are)."""
        values = np.asarray(labels).reshape(-1)
        known = self.classes_
        try:
            unknown = np.setdiff1d(values, known)
        except TypeError:  # labels of another kind than the classes (text vs numbers)
            unknown = np.unique(values.astype(str))
        if unknown.size:
            raise InputError(
                f"{where}: label(s) {_short(unknown.tolist())} are not among the classes "
                f"{_short(known.tolist())}"
            )
        return np.searchsorted(known, values).astype(np.int64)

    def fit_transform(self, labels: Any) -> np.ndarray:
        return self.fit(labels).transform(labels)

    def inverse_transform(self, ids: Any) -> np.ndarray:
        """The labels of class ids."""
        return self.classes_[np.asarray(ids, dtype=np.int64)]

    @property
    def classes(self) -> list[Any]:
        """The classes as plain Python values (JSON-able)."""
        return self.classes_.tolist()

    def state_dict(self) -> dict[str, Any]:
        return {"classes": self.classes}

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> LabelEncoder:
        return cls(state["classes"])

    def __len__(self) -> int:
        return len(self.classes_)

    def __repr__(self) -> str:
        return f"LabelEncoder(classes={_short(self.classes)})"
