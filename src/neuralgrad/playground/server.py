"""Serving the playground with uvicorn: loopback only unless a host is named, the URL printed
(and opened in a browser), Ctrl-C stops it cleanly."""

from __future__ import annotations

import ipaddress
import socket
import threading
import webbrowser
from typing import Any

from ..errors import InputError
from .app import create_app
from .limits import MAX_MESSAGE_BYTES

__all__ = ["make_server", "serve", "is_loopback"]


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine only (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as e:
        sock.close()
        raise InputError(f"cannot listen on {host}:{port}: {e.strerror or e}") from None
    sock.listen(64)
    return sock


def make_server(host: str = "127.0.0.1", port: int = 8765) -> tuple[Any, socket.socket, str]:
    """A uvicorn server for the app, its listening socket (``port`` 0: any free port) and
    the page's URL; ``server.run(sockets=[sock])`` serves until ``server.should_exit``."""
    try:
        import uvicorn
    except ImportError:
        raise InputError(
            "the playground needs its extra: pip install 'neuralgrad[playground]'"
        ) from None
    sock = _bind(host, port)
    hosts = None if is_loopback(host) else ["*"]
    config = uvicorn.Config(
        create_app(hosts),
        ws_max_size=MAX_MESSAGE_BYTES,
        log_level="warning",
        lifespan="off",
    )
    shown = f"[{host}]" if ":" in host else host
    return uvicorn.Server(config), sock, f"http://{shown}:{sock.getsockname()[1]}/"


def serve(host: str = "127.0.0.1", port: int = 8765, open_browser: bool = True) -> None:
    """Serve the playground until Ctrl-C."""
    server, sock, url = make_server(host, port)
    print(f"neuralgrad playground at {url} (Ctrl-C stops it)", flush=True)
    if not is_loopback(host):
        print(f"note: listening on {host}: other machines can reach this page", flush=True)
    if open_browser:
        threading.Timer(0.5, webbrowser.open, [url]).start()
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn shut down cleanly, then passed Ctrl-C on
        pass
    finally:
        sock.close()
    print("neuralgrad playground stopped", flush=True)
