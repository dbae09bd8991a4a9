"""Data augmentation for image batches: new training samples with realistic random variation,
applied on the fly (``DataLoader(..., transform=...)``, training only).

Intensity: ``GaussianNoise``. Spatial: ``RandomCrop`` (with padding), ``RandomShift``,
``RandomScale``, ``RandomRotation``, ``RandomHorizontalFlip``; ``Compose`` chains them. Each
takes a batch of shape (N, H, W), (N, C, H, W) or flat (N, H·W) with ``image_shape=(H, W)``,
draws per-image parameters from ``generator`` or the global generator, and returns the same
kind (tensor or NumPy array) and shape. Pure NumPy: bilinear resampling, no SciPy.
"""

from .base import Compose, Transform
from .geometric import RandomCrop, RandomHorizontalFlip, RandomRotation, RandomScale, RandomShift
from .intensity import GaussianNoise

__all__ = [
    "Transform",
    "Compose",
    "GaussianNoise",
    "RandomCrop",
    "RandomShift",
    "RandomScale",
    "RandomRotation",
    "RandomHorizontalFlip",
]
