"""Fixtures for the end-to-end tests: the playground served on a free loopback port for the
module's tests, and headless Chromium (Debian's package) driven by Playwright; without a
browser that starts, those tests skip and say why."""

from __future__ import annotations

import os
import shutil
import threading
import time

import pytest

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")


@pytest.fixture(scope="module")
def server():
    """The playground's URL, served from a thread; shut down after the module."""
    pytest.importorskip("uvicorn")
    from neuralgrad.playground.server import make_server

    srv, sock, url = make_server("127.0.0.1", 0)
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    end = time.monotonic() + 20
    while not srv.started and time.monotonic() < end:
        time.sleep(0.05)
    assert srv.started, "the playground server did not start"
    yield url
    srv.should_exit = True
    thread.join(20)
    sock.close()


def _chromium() -> str | None:
    given = os.environ.get("NEURALGRAD_CHROMIUM")
    if given:
        return given
    return next((p for p in map(shutil.which, CHROMIUM_NAMES) if p), None)


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium, or a skip that says what is missing."""
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="the browser tests need Playwright (pip install playwright)"
    )
    executable = _chromium()
    if executable is None:
        pytest.skip(
            "the browser tests need Chromium: apt-get install chromium (or set "
            "NEURALGRAD_CHROMIUM to a Chromium or Chrome executable)"
        )
    driver = sync_api.sync_playwright().start()
    try:
        chromium = driver.chromium.launch(executable_path=executable, headless=True)
    except Exception as e:  # any reason a browser cannot start here is a reason to skip
        driver.stop()
        pytest.skip(f"Chromium at {executable} could not be started: {str(e).splitlines()[0]}")
    yield chromium
    chromium.close()
    driver.stop()


@pytest.fixture
def page(browser, server):
    """A fresh page (its own session); a script error on the page fails the test."""
    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.set_default_timeout(30_000)
    yield tab
    context.close()
    assert not errors, errors
