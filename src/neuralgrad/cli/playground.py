"""``neuralgrad playground``: a local web page that trains real neuralgrad models live
(decision boundaries, each unit's picture, weights, losses, the learning rate, training health)
and exports the run as a script. Serves on 127.0.0.1 unless --host names another address;
Ctrl-C stops it."""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["add_parser", "run"]


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, got {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"a port is 0 to 65535 (0: any free one), got {value}")
    return value


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Add the ``playground`` subcommand and its options to the subparsers ``sub``."""
    p = sub.add_parser(
        "playground",
        help="a local web page that trains models live (extra: playground)",
        description=__doc__.split("\n\n")[0],
    )
    p.add_argument("--port", type=_port, default=8765, help="port (default 8765; 0: any free)")
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this machine only)",
    )
    p.add_argument("--no-browser", action="store_true", help="do not open a browser")
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    """Carry out ``neuralgrad playground`` with the parsed ``args``; the exit status."""
    from ..playground.server import serve

    serve(args.host, args.port, open_browser=not args.no_browser)
    return 0
