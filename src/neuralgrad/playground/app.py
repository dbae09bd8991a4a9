"""The playground's ASGI app (Starlette): the page and its static files, the vocabulary its
form is built from, and one WebSocket per page. Each WebSocket is a ``Session`` (a worker
thread); frames it sends are coalesced so a slow page only ever gets the latest one."""

from __future__ import annotations

import asyncio
import json
import math
import os
from collections import deque
from typing import Any
from urllib.parse import urlsplit

from ..errors import InputError
from .form import vocabulary
from .limits import MAX_SESSIONS
from .protocol import parse_message
from .session import Session

__all__ = ["create_app", "STATIC"]

#: The page: index.html, style.css and plain JavaScript modules (no build step).
STATIC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "static")
_TOO_MANY = 1013  # WebSocket close code: try again later


class Outbox:
    """Messages from a session's worker thread to its WebSocket: in order, except that a
    waiting frame is replaced by a newer one (the page draws the latest)."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop, self.ready = loop, asyncio.Event()
        self.messages: deque[dict[str, Any]] = deque()
        self.frame: dict[str, Any] | None = None

    def put_threadsafe(self, message: dict[str, Any]) -> None:
        try:
            self.loop.call_soon_threadsafe(self.put, message)
        except RuntimeError:  # the server is shutting down: nobody is listening
            pass

    def put(self, message: dict[str, Any]) -> None:
        if message["type"] == "frame":
            self.frame = message
        else:
            self.messages.append(message)
        self.ready.set()

    async def drain(self, websocket: Any) -> None:
        """Send whatever arrives, for as long as the connection lasts."""
        while True:
            await self.ready.wait()
            self.ready.clear()
            while self.messages:
                await websocket.send_text(to_json(self.messages.popleft()))
            if self.frame is not None:
                frame, self.frame = self.frame, None
                await websocket.send_text(to_json(frame))


def to_json(message: dict[str, Any]) -> str:
    """JSON the browser can parse: NaN and infinities (a diverged run's weights) as null."""
    try:
        return json.dumps(message, allow_nan=False)
    except ValueError:
        return json.dumps(_finite(message), allow_nan=False)


def _finite(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def _same_origin(websocket: Any) -> bool:
    """A browser sends its page's origin: only this server's own pages may drive a session
    (a WebSocket is not held back by the browser's same-origin rule)."""
    origin = websocket.headers.get("origin")
    return origin is None or urlsplit(origin).netloc == websocket.headers.get("host")


def create_app(allowed_hosts: list[str] | None = None) -> Any:
    """The Starlette app; ``allowed_hosts``: the Host names it answers to (loopback's by
    default, so a web page elsewhere cannot reach it through DNS rebinding)."""
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware
    from starlette.responses import FileResponse, JSONResponse
    from starlette.routing import Mount, Route, WebSocketRoute
    from starlette.staticfiles import StaticFiles

    hosts = allowed_hosts or ["127.0.0.1", "localhost", "[::1]", "::1"]
    state = {"sessions": 0}

    async def page(request: Any) -> Any:
        return FileResponse(os.path.join(STATIC, "index.html"))

    async def words(request: Any) -> Any:
        return JSONResponse(vocabulary())

    async def socket(websocket: Any) -> None:
        if not _same_origin(websocket):
            await websocket.close(code=1008)
            return
        await websocket.accept()
        if state["sessions"] >= MAX_SESSIONS:
            text = f"{MAX_SESSIONS} playground pages are open already: close one and reload"
            await websocket.send_text(to_json({"type": "error", "message": text}))
            await websocket.close(code=_TOO_MANY)
            return
        state["sessions"] += 1
        outbox = Outbox(asyncio.get_running_loop())
        session = Session(outbox.put_threadsafe)
        sender = asyncio.create_task(outbox.drain(websocket))
        try:
            await _receive(websocket, session, outbox)
        finally:
            state["sessions"] -= 1
            session.close()
            sender.cancel()

    return Starlette(
        routes=[
            Route("/", page),
            Route("/api/vocabulary", words),
            WebSocketRoute("/ws", socket),
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
        ],
        middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=hosts)],
    )


async def _receive(websocket: Any, session: Session, outbox: Outbox) -> None:
    """Check each message and hand it to the session; a bad one gets an error back."""
    while True:
        incoming = await websocket.receive()
        if incoming["type"] == "websocket.disconnect":
            return
        try:
            session.submit(parse_message(incoming.get("text")))
        except InputError as e:
            error = {"type": "error", "message": str(e), "to": None, "field": e.field, "run": None}
            outbox.put(error)
