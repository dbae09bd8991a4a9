"""Preprocessing for tabular and image data: scalers fitted on the training split only (and
saved with the model through their ``state_dict``), one-hot encoding, and stratified
train/validation/test splits."""

from .encoding import one_hot
from .scalers import MinMaxScaler, StandardScaler
from .split import split_indices, train_val_test_split

__all__ = ["StandardScaler", "MinMaxScaler", "one_hot", "split_indices", "train_val_test_split"]
