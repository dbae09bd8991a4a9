"""Guards for the dataset tests: the network is never used (a test that means to download
replaces ``_fetch`` with a fake server of its own)."""

from __future__ import annotations

import pytest

from neuralgrad.datasets import download


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    def refuse(url, dest):
        raise AssertionError(f"a test tried to download {url}")

    monkeypatch.setattr(download, "_fetch", refuse)
