"""The playground's data: a teaching set generated from a ``DataSpec`` (or an uploaded table),
its input features as in TensorFlow Playground (x1, x2, x1², x2², x1·x2, sin x1, sin x2), the
train/test split, and the grids the page's pictures are drawn on.

The split is the command line's (``train_val_test_split`` with seed 0, stratified for
classes), so the same rows written as CSV and trained with ``neuralgrad train`` are split the
same way. An exported script imports this module to rebuild the page's data exactly."""

from __future__ import annotations

import csv
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from .. import datasets
from ..errors import InputError
from ..preprocessing import LabelEncoder, train_val_test_split
from ..preprocessing.features import FeatureEncoder
from ..recipe import Preprocessing, Recipe
from .limits import MAX_POINTS, MIN_POINTS
from .upload import UploadedTable

__all__ = ["DATASETS", "FEATURES", "DataSpec", "PlaygroundData", "make_data", "SPLIT_SEED"]

SPLIT_SEED = 0  # the command line's: the same rows are held out for testing

#: The data sets by name, with what they are.
DATASETS: dict[str, str] = {
    "circles": "two rings, one inside the other (make_circles)",
    "xor": "four corners, opposite ones alike (make_xor)",
    "moons": "two interleaving half circles (make_moons)",
    "spirals": "two interleaved spiral arms (make_spirals)",
    "blobs": "two Gaussian clusters at (-1, -1) and (1, 1), spread 0.5 + noise (make_blobs)",
    "curve": "a 1-D function to fit, x in [-3, 3] (make_1d_function): regression",
    "csv": "your own file: x1,x2,label or x,y",
}

#: Input features: name -> (how it is computed from the raw inputs, how many inputs it needs).
FEATURES: dict[str, tuple[Callable[[np.ndarray], np.ndarray], int]] = {
    "x1": (lambda r: r[:, 0], 1),
    "x2": (lambda r: r[:, 1], 2),
    "x1_sq": (lambda r: r[:, 0] * r[:, 0], 1),
    "x2_sq": (lambda r: r[:, 1] * r[:, 1], 2),
    "x1_x2": (lambda r: r[:, 0] * r[:, 1], 2),
    "sin_x1": (lambda r: np.sin(r[:, 0]), 1),
    "sin_x2": (lambda r: np.sin(r[:, 1]), 2),
}


@dataclass(frozen=True)
class DataSpec:
    """What the page's data panel says: the data set, its size, noise, seed and split, the
    input features and whether inputs are standardised (the recipe's ``scale``)."""

    dataset: str = "circles"
    points: int = 400
    noise: float = 0.1
    train_ratio: float = 0.5
    data_seed: int = 0
    features: tuple[str, ...] = ("x1", "x2")
    normalise: bool = True
    function: str = "sin"

    def __post_init__(self) -> None:
        _check_choice(self.dataset, DATASETS, "dataset")
        _check_whole(self.points, MIN_POINTS, MAX_POINTS, "points")
        _check_number(self.noise, 0.0, 1.0, "noise")
        _check_number(self.train_ratio, 0.1, 0.9, "train_ratio")
        _check_whole(self.data_seed, 0, 2**31 - 1, "data_seed")
        if not isinstance(self.normalise, bool):
            raise InputError(
                f"normalise: expected true or false, got {self.normalise!r}", "normalise"
            )
        _check_choice(self.function, datasets.toy.FUNCTIONS, "function")
        feats = self.features
        if isinstance(feats, str) or not isinstance(feats, (list, tuple)) or not feats:
            raise InputError(
                f"features: expected a non-empty list of names, got {feats!r}", "features"
            )
        for f in feats:
            _check_choice(f, FEATURES, "features")
        if len(set(feats)) != len(feats):
            raise InputError(f"features: {list(feats)} names a feature twice", "features")
        object.__setattr__(self, "features", tuple(f for f in FEATURES if f in feats))

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> DataSpec:
        """A spec from the page's fields; unknown names raise ``InputError``."""
        if not isinstance(values, Mapping):
            raise InputError(f"data: expected an object of fields, got {type(values).__name__}")
        names = [f.name for f in fields(cls)]
        unknown = sorted(set(values) - set(names))
        if unknown:
            raise InputError(
                f"data: unknown field(s) {unknown}; the fields are {names}", unknown[0]
            )
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out["features"] = list(self.features)
        return out


def _check_choice(value: Any, table: Mapping[str, Any], name: str) -> None:
    if not isinstance(value, str) or value not in table:
        raise InputError(f"{name}: unknown choice {value!r}; choose one of {list(table)}", name)


def _check_whole(value: Any, low: int, high: int, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InputError(
            f"{name}: expected a whole number from {low} to {high}, got {value!r}", name
        )


def _check_number(value: Any, low: float, high: float, name: str) -> None:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    if not ok or not low <= value <= high:  # NaN fails the comparison too
        raise InputError(f"{name}: expected a number from {low} to {high}, got {value!r}", name)


@dataclass
class PlaygroundData:
    """The data a page trains on: ``raw`` inputs (n, 1 or 2), the feature matrix ``X``,
    targets ``y`` (class ids, or values (n, 1)), the task, the class labels, and the row
    indices of the training and test parts."""

    spec: DataSpec
    raw: np.ndarray
    X: np.ndarray
    y: np.ndarray
    task: str
    labels: LabelEncoder | None
    target: str
    train_rows: np.ndarray
    test_rows: np.ndarray

    @property
    def dims(self) -> int:
        """How many raw inputs: 2 (points in the plane) or 1 (a curve)."""
        return int(self.raw.shape[1])

    @property
    def classes(self) -> int:
        return 0 if self.labels is None else len(self.labels)

    @property
    def train(self) -> tuple[np.ndarray, np.ndarray]:
        return self.X[self.train_rows], self.y[self.train_rows]

    @property
    def test(self) -> tuple[np.ndarray, np.ndarray]:
        return self.X[self.test_rows], self.y[self.test_rows]

    def features_of(self, raw: np.ndarray) -> np.ndarray:
        """The chosen features of raw inputs (n, dims), float32."""
        return _features(np.asarray(raw, np.float32), self.spec.features)

    def preprocessing(self, recipe: Recipe) -> Preprocessing:
        """The recipe's preprocessing (input scaling, targets for its loss) fitted on the
        training part, as the command line fits it."""
        labels = self.labels
        prep = Preprocessing.for_recipe(
            recipe, FeatureEncoder(list(self.spec.features)), self.target, self.task, labels
        )
        return prep.fit(*self.train)

    def bounds(self) -> list[tuple[float, float]]:
        """Each raw input's drawing range: the data's, padded by a tenth on both sides."""
        lo, hi = self.raw.min(axis=0).astype(float), self.raw.max(axis=0).astype(float)
        pad = np.maximum((hi - lo) * 0.1, 0.1)
        return [(float(a), float(b)) for a, b in zip(lo - pad, hi + pad)]

    def grid(self, resolution: int) -> np.ndarray:
        """Raw inputs on a grid over ``bounds()``: (resolution, 1) along x1, or
        (resolution², 2) in rows from the top (largest x2) down, for drawing as an image."""
        axes = self.bounds()
        xs = np.linspace(*axes[0], resolution)
        if self.dims == 1:
            return xs[:, None].astype(np.float32)
        ys = np.linspace(axes[1][1], axes[1][0], resolution)
        gx, gy = np.meshgrid(xs, ys)
        return np.stack([gx.ravel(), gy.ravel()], axis=1).astype(np.float32)

    def write_csv(self, path: str) -> None:
        """Every row as CSV: the features (values that read back exactly as float32) and the
        target (class names as given), in the order the split expects."""
        names = [*self.spec.features, self.target]
        if self.labels is not None:
            target = self.labels.inverse_transform(self.y)
        else:
            target = [f"{float(v):.9g}" for v in self.y.reshape(-1)]
        with open(path, "w", newline="", encoding="utf-8") as fh:
            out = csv.writer(fh)
            out.writerow(names)
            for row, t in zip(self.X, target):
                out.writerow([*(f"{float(v):.9g}" for v in row), t])


def _features(raw: np.ndarray, names: tuple[str, ...]) -> np.ndarray:
    return np.stack([FEATURES[f][0](raw) for f in names], axis=1).astype(np.float32)


def _generated(spec: DataSpec) -> tuple[np.ndarray, np.ndarray, str]:
    n, noise, seed = spec.points, spec.noise, spec.data_seed
    if spec.dataset == "curve":
        X, y = datasets.make_1d_function(n, spec.function, noise, seed=seed)
        return X, y, "regression"
    make = {
        "xor": lambda: datasets.make_xor(n, noise, seed),
        "circles": lambda: datasets.make_circles(n, noise, seed=seed),
        "moons": lambda: datasets.make_moons(n, noise, seed),
        "spirals": lambda: datasets.make_spirals(n, 2, noise, seed),
        "blobs": lambda: datasets.make_blobs(n, [[-1.0, -1.0], [1.0, 1.0]], 0.5 + noise, seed=seed),
    }
    X, y = make[spec.dataset]()
    return X, y, "classification"


def make_data(spec: DataSpec, upload: UploadedTable | None = None) -> PlaygroundData:
    """The data ``spec`` describes (``upload``: the table when the data set is 'csv'),
    featurised and split; a feature that needs an input the data lacks raises ``InputError``."""
    if spec.dataset == "csv":
        if upload is None:
            raise InputError("dataset: 'csv' needs a file: upload one first", "dataset")
        raw, y, task, labels = upload.raw, upload.y, upload.task, upload.labels
        target = upload.target
    else:
        raw, y, task = _generated(spec)
        labels = LabelEncoder().fit(y) if task == "classification" else None
        y = labels.transform(y) if labels is not None else y
        target = "label" if labels is not None else "y"
    dims = raw.shape[1]
    missing = [f for f in spec.features if FEATURES[f][1] > dims]
    if missing:
        raise InputError(
            f"features: {missing} need x2, and this data has only one input (x1)", "features"
        )
    parts = train_val_test_split(
        np.arange(len(y)),
        y,
        val=0.0,
        test=1.0 - spec.train_ratio,
        stratify=task == "classification",
        seed=SPLIT_SEED,
    )
    return PlaygroundData(
        spec,
        raw.astype(np.float32),
        _features(raw.astype(np.float32), spec.features),
        y,
        task,
        labels,
        target,
        parts["train"][0],
        parts["test"][0],
    )
