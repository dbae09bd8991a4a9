"""playground.app: the page, its static files and vocabulary, and the WebSocket: malformed
messages and absurd settings get an error back and the server goes on serving; only this
server's own pages, on loopback names, may use it; sessions are bounded."""

import json

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx2")

from starlette.testclient import TestClient  # noqa: E402
from starlette.websockets import WebSocketDisconnect  # noqa: E402

from neuralgrad.playground.app import create_app  # noqa: E402
from neuralgrad.playground.limits import MAX_SESSIONS  # noqa: E402

from .helpers import configure  # noqa: E402

BASE = "http://127.0.0.1:8765"
HOST = {"host": "127.0.0.1:8765"}  # the test client's WebSockets say 'testserver' otherwise


@pytest.fixture
def client():
    with TestClient(create_app(), base_url=BASE) as c:
        yield c


def _next(ws, kind):
    for _ in range(50):
        message = json.loads(ws.receive_text())
        if message["type"] == kind:
            return message
    raise AssertionError(f"no {kind} message")


def test_page_static_files_and_vocabulary(client):
    page = client.get("/")
    assert page.status_code == 200
    for testid in (
        "play",
        "pause",
        "step",
        "reset",
        "epoch",
        "train-loss",
        "test-loss",
        "boundary",
        "export",
    ):
        assert f'data-testid="{testid}"' in page.text
    assert client.get("/static/js/main.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/static/style.css").status_code == 200
    assert client.get("/static/../app.py").status_code == 404
    assert "heaviside" in client.get("/api/vocabulary").json()["recipe"]["choices"]["activation"]


def test_other_host_names_are_refused(client):
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400


def test_malformed_messages_and_absurd_settings_get_errors_and_serving_goes_on(client):
    with client.websocket_connect("/ws", headers=HOST) as ws:
        for bad, match in [
            ("{oops", "not JSON"),
            ('{"type": "fly"}', "unknown type"),
            ('{"type": "configure", "data": 3, "models": []}', "data must be an object"),
        ]:
            ws.send_text(bad)
            assert match in _next(ws, "error")["message"]
        ws.send_bytes(b"\x00\xff")
        assert "binary" in _next(ws, "error")["message"]
        ws.send_text(json.dumps(configure(models=[{"hidden": [10_000], "lr": 0.1}])))
        error = _next(ws, "error")
        assert error["field"] == "hidden" and "at most" in error["message"]
        ws.send_text(json.dumps(configure(models=[{"lr": "NaN"}])))
        assert _next(ws, "error")["field"] == "lr"
        ws.send_text(json.dumps({"type": "upload", "name": "empty.csv", "text": ""}))
        assert "empty" in _next(ws, "error")["message"]
        ws.send_text(json.dumps(configure()))
        assert _next(ws, "ready")["runs"][0]["layers"] == [2, 4, 1]
        ws.send_text('{"type": "step"}')
        assert _next(ws, "frame")["runs"][0]["batches"] in (0, 1)
    assert client.get("/").status_code == 200


def test_a_page_elsewhere_cannot_drive_a_session(client):
    with pytest.raises(WebSocketDisconnect) as closed:
        with client.websocket_connect(
            "/ws", headers={**HOST, "origin": "http://evil.example"}
        ) as ws:
            ws.receive_text()
    assert closed.value.code == 1008
    with client.websocket_connect("/ws", headers={**HOST, "origin": BASE}) as ws:
        ws.send_text(json.dumps(configure()))
        assert _next(ws, "ready")


def test_sessions_are_bounded(client):
    from contextlib import ExitStack

    with ExitStack() as stack:
        for _ in range(MAX_SESSIONS):
            stack.enter_context(client.websocket_connect("/ws", headers=HOST))
        with client.websocket_connect("/ws", headers=HOST) as extra:
            assert "close one" in json.loads(extra.receive_text())["message"]
            with pytest.raises(WebSocketDisconnect) as closed:
                extra.receive_text()
            assert closed.value.code == 1013
    with client.websocket_connect("/ws", headers=HOST) as ws:  # closing pages frees their places
        ws.send_text(json.dumps(configure()))
        assert _next(ws, "ready")
