"""Tests for neuralgrad.ops."""
