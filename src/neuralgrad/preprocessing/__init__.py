"""Preprocessing for tabular and image data: scalers fitted on the training split only (and
saved with the model through their ``state_dict``), one-hot and label encoding, the feature
encoder of table columns, and stratified train/validation/test splits."""

from .encoding import LabelEncoder, one_hot
from .features import FeatureEncoder
from .scalers import MinMaxScaler, StandardScaler
from .split import split_indices, train_val_test_split

__all__ = [
    "StandardScaler",
    "MinMaxScaler",
    "one_hot",
    "LabelEncoder",
    "FeatureEncoder",
    "split_indices",
    "train_val_test_split",
]
