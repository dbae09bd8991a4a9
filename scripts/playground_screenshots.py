"""Takes the playground's screenshots for the documentation (docs/images/playground*.png):
serves the page on a free loopback port, drives headless Chromium (Playwright) through a few
configurations and saves what it shows.

    python scripts/playground_screenshots.py [--out docs/images] [--chromium /usr/bin/chromium]
"""

from __future__ import annotations

import argparse
import os
import shutil
import threading
import time

from playwright.sync_api import sync_playwright

from neuralgrad.playground.server import make_server

SHOTS = [
    # (file, query, epochs trained with the Epoch button, open the export dialog)
    ("playground.png", "?dataset=spirals&points=600&noise=0.05&hidden=8,8", 40, False),
    (
        "playground_compare.png",
        "?dataset=spirals&noise=0.05&hidden=8,8&optimizer=sgd:momentum=0,nesterov=false"
        "&compare=1&b.optimizer=adam",
        30,
        False,
    ),
    ("playground_curve.png", "?dataset=curve&features=x1&hidden=16,16", 60, False),
    ("playground_export.png", "?dataset=xor&hidden=4", 20, True),
]


def _idle(page) -> None:
    page.wait_for_function(
        "document.body.dataset.busy === 'false' && "
        "document.querySelector('[data-testid=test-loss]').dataset.value !== undefined"
    )


def shoot(page, url: str, out: str, name: str, query: str, epochs: int, export: bool) -> None:
    page.goto(url + query)
    _idle(page)
    for epoch in range(1, epochs + 1):
        page.click("[data-testid=run-epoch]")
        page.wait_for_function(
            f"Number(document.querySelector('[data-testid=epoch]').value) >= {epoch}"
        )
    page.wait_for_timeout(300)
    if export:
        page.click("[data-testid=export]")
        page.wait_for_selector("[data-testid=export-script]:has-text('BATCHES')")
        page.screenshot(path=os.path.join(out, name))
        return
    page.screenshot(path=os.path.join(out, name), full_page=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join("docs", "images"))
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args()
    server, sock, url = make_server("127.0.0.1", 0)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=args.chromium, headless=True)
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            for name, query, epochs, export in SHOTS:
                shoot(page, url, args.out, name, query, epochs, export)
                print(f"wrote {os.path.join(args.out, name)}")
            browser.close()
    finally:
        server.should_exit = True
        thread.join(10)


if __name__ == "__main__":
    main()
