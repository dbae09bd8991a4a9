"""Tests for neuralgrad.datasets."""
