"""End to end in headless Chromium: a learner chooses the data and the model, presses play and
watches the epochs rise and the test loss fall; spirals with two layers of 8 tanh units and
Adam pass 95 % test accuracy live; the exported script reproduces the page's losses; every
control takes the keyboard; the page keeps drawing while a 6x8 network trains on 1,000
points; bad input shows an error and the server goes on serving."""

from __future__ import annotations

import json

import pytest

from .test_export import printed_scores, run_script

TID = "[data-testid={}]"


def tid(name: str) -> str:
    return TID.format(name)


def value(page, name: str) -> float:
    """A readout's full-precision value (its text is the same number, rounded)."""
    return float(page.get_attribute(tid(name), "data-value"))


def settle(page) -> None:
    """Wait for the page to draw what it has received."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def open_page(page, url: str, query: str = "") -> None:
    page.goto(url + query)
    fresh(page)


def fresh(page, layers: list[int] | None = None) -> None:
    """Wait until the last edit has been answered (no configuration on its way) and the run
    is drawn from its start, with ``layers`` hidden units if given."""
    page.wait_for_function(
        """(layers) => {
            const loss = document.querySelector('[data-testid=test-loss]').dataset.value;
            const cols = [...document.querySelectorAll('.network .column')].slice(1, -1);
            const shape = cols.map(c => c.querySelectorAll('canvas').length);
            return document.body.dataset.busy === 'false' && loss !== undefined
                && document.querySelector('[data-testid=batches]').value === '0'
                && (layers === null || JSON.stringify(shape) === JSON.stringify(layers));
        }""",
        arg=layers,
    )
    settle(page)


def set_text(page, name: str, text: str) -> None:
    page.fill(tid(name), text)
    page.press(tid(name), "Enter")


def paused(page) -> None:
    page.wait_for_function("document.querySelector('[data-testid=play]').ariaPressed === 'false'")
    settle(page)


def test_spirals_learn_live_and_the_export_reproduces_the_losses(page, server, tmp_path):
    open_page(page, server, "?points=600&noise=0.05")
    page.select_option(tid("dataset"), "spirals")
    set_text(page, "hidden-layers", "8, 8")
    page.select_option(tid("activation"), "tanh")
    page.select_option(tid("optimizer"), "adam")
    set_text(page, "learning-rate", "0.03")
    fresh(page, [8, 8])
    assert page.input_value(tid("dataset")) == "spirals"
    start = value(page, "test-loss")
    assert page.inner_text(tid("epoch")) == "0"

    page.click(tid("play"))
    page.wait_for_function("Number(document.querySelector('[data-testid=epoch]').value) >= 3")
    assert value(page, "test-loss") < start  # the test loss falls as the epochs rise
    page.wait_for_function(
        "Number(document.querySelector('[data-testid=test-score]').dataset.value) >= 0.95",
        timeout=60_000,
    )
    page.click(tid("pause"))
    paused(page)
    epoch, batches = int(page.inner_text(tid("epoch"))), int(page.inner_text(tid("batches")))
    assert epoch >= 3 and batches >= 30 * epoch  # 300 training points in batches of 10
    shown = {part: value(page, f"{part}-loss") for part in ("train", "test")}
    assert float(page.inner_text(tid("test-loss"))) == pytest.approx(shown["test"], abs=5e-5)

    page.click(tid("export"))
    page.wait_for_selector(f"{tid('export-script')}:has-text('BATCHES')")
    script = page.inner_text(tid("export-script"))
    assert f"BATCHES = {batches}" in script and "'hidden': [8, 8]" in script
    assert page.inner_text(tid("export-command")).startswith("neuralgrad train playground_spirals")
    got = printed_scores(run_script(script, tmp_path))
    for part, loss in shown.items():
        assert abs(got[part]["loss"] - loss) <= 1e-6
    page.keyboard.press("Escape")

    page.select_option(tid("activation"), "relu")  # a new model: training starts over
    fresh(page, [8, 8])
    page.click(tid("step"))
    page.wait_for_function("document.querySelector('[data-testid=batches]').value === '1'")
    page.click(tid("run-epoch"))
    page.wait_for_function("document.querySelector('[data-testid=epoch]').value === '1'")
    assert page.inner_text(tid("batches")) == "30"
    page.click(tid("reset"))
    fresh(page)


def test_every_control_takes_the_keyboard(page, server):
    open_page(page, server)
    controls = page.evaluate(
        """() => [...document.querySelectorAll('button, input, select, textarea')]
            .filter(e => !e.disabled && e.offsetParent !== null)
            .map(e => e.dataset.testid || e.id)"""
    )
    for name in (
        "dataset",
        "activation",
        "optimizer",
        "learning-rate",
        "hidden-layers",
        "play",
        "pause",
        "step",
        "reset",
        "run-epoch",
        "export",
        "speed",
        "compare",
        "preset",
        "csv-file",
        "add-layer",
        "add-unit-1",
    ):
        assert name in controls
    reached: list[str] = []
    for _ in range(3 * len(controls)):
        page.keyboard.press("Tab")
        here = page.evaluate(
            "() => document.activeElement.dataset.testid || document.activeElement.id"
        )
        if reached and here == reached[0]:
            break
        reached.append(here)
    assert set(controls) <= set(reached), sorted(set(controls) - set(reached))

    page.focus(tid("play"))
    page.keyboard.press("Space")
    page.wait_for_function("document.querySelector('[data-testid=play]').ariaPressed === 'true'")
    page.focus(tid("pause"))
    page.keyboard.press("Enter")
    paused(page)
    page.focus(tid("dataset"))
    page.keyboard.press("ArrowDown")  # a select changes from the keyboard too
    fresh(page)
    assert page.input_value(tid("dataset")) == "xor"


def test_the_page_keeps_drawing_while_a_6x8_network_trains_on_1000_points(page, server):
    query = "?dataset=spirals&points=1000&hidden=8,8,8,8,8,8&activation=relu&epochs=5000"
    open_page(page, server, query)
    fresh(page, [8] * 6)
    page.click(tid("play"))
    page.wait_for_function("document.querySelector('[data-testid=play]').ariaPressed === 'true'")
    measured = page.evaluate(
        """() => new Promise(resolve => {
            const batches = () => Number(document.querySelector('[data-testid=batches]').value);
            const first = batches(), start = performance.now();
            let last = start, worst = 0, frames = 0;
            function tick(now) {
                worst = Math.max(worst, now - last);
                last = now;
                frames += 1;
                if (now - start < 3000) requestAnimationFrame(tick);
                else resolve({worst, frames, trained: batches() - first});
            }
            requestAnimationFrame(tick);
        })"""
    )
    page.click(tid("pause"))
    print("frames while training:", measured)
    assert measured["trained"] > 0, measured  # it was training (and drawing its frames)
    assert measured["worst"] <= 200, measured  # never more than 200 ms between two frames


def test_bad_input_shows_an_error_and_the_server_goes_on(page, server):
    open_page(page, server)
    set_text(page, "hidden-layers", "10000")
    page.wait_for_selector(f"{tid('error')}:has-text('10,000 units')")
    assert page.get_attribute(tid("hidden-layers"), "aria-invalid") == "true"
    set_text(page, "hidden-layers", "4")
    fresh(page, [4])
    assert page.is_hidden(tid("error"))

    set_text(page, "learning-rate", "NaN")
    page.wait_for_selector(f"{tid('error')}:has-text('lr: expected a number')")
    set_text(page, "learning-rate", "0.03")
    fresh(page)

    empty = {"name": "empty.csv", "mimeType": "text/csv", "buffer": b""}
    page.set_input_files(tid("csv-file"), files=[empty])
    page.wait_for_selector(f"{tid('error')}:has-text('empty.csv is empty')")

    reply = page.evaluate(
        """() => new Promise(resolve => {
            const ws = new WebSocket(`ws://${location.host}/ws`);
            ws.onopen = () => ws.send('{"type": "configure", "data": ');
            ws.onmessage = (event) => { resolve(event.data); ws.close(); };
        })"""
    )
    assert "not JSON" in json.loads(reply)["message"]

    page.click(tid("play"))  # the page's own session still trains
    page.wait_for_function("Number(document.querySelector('[data-testid=epoch]').value) >= 1")
    page.click(tid("pause"))
    assert page.request.get(server).ok


def test_comparison_and_a_shared_link(page, server):
    open_page(page, server, "?dataset=moons")
    page.check(tid("compare"))
    assert page.get_attribute(tid("tab-b"), "aria-selected") == "true"
    page.select_option(tid("optimizer"), "sgd")
    fresh(page)
    assert page.is_visible(tid("boundary-b"))
    page.click(tid("run-epoch"))
    page.wait_for_function("document.querySelector('[data-testid=train-loss-b]').dataset.value")
    page.wait_for_function("document.querySelector('[data-testid=epoch]').value === '1'")
    assert value(page, "train-loss") != value(page, "train-loss-b")
    shared = page.url
    assert "compare=1" in shared and "b.optimizer=sgd" in shared

    page.goto(shared)  # a teacher's link opens the same configuration
    fresh(page)
    assert page.is_checked(tid("compare")) and page.input_value(tid("dataset")) == "moons"
    page.click(tid("tab-b"))
    assert page.input_value(tid("optimizer")) == "sgd"
    page.click(tid("tab-a"))
    assert page.input_value(tid("optimizer")) == "adam"
