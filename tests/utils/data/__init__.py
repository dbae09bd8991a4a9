"""Tests for neuralgrad.utils.data."""
