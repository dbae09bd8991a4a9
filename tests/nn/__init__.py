"""Tests for neuralgrad.nn."""
