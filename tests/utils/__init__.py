"""Tests for neuralgrad.utils."""
