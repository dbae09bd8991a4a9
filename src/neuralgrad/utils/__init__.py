"""Utilities that sit beside the core: ``neuralgrad.utils.data`` (datasets and loaders)."""

from . import data

__all__ = ["data"]
