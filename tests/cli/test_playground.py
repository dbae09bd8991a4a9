"""``neuralgrad playground``: serves the page on loopback and prints its URL; Ctrl-C stops it
cleanly; a bad port or one in use is one line of error."""

import signal
import socket
import subprocess
import sys
import urllib.request

import pytest

from .helpers import assert_bad_input, cli

pytest.importorskip("uvicorn")


def test_serves_until_ctrl_c():
    proc = subprocess.Popen(
        [sys.executable, "-m", "neuralgrad", "playground", "--port", "0", "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        assert line.startswith("neuralgrad playground at http://127.0.0.1:"), line
        url = line.split()[3]
        with urllib.request.urlopen(url, timeout=10) as page:
            assert b'data-testid="boundary"' in page.read()
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=20) == 0
        assert "Traceback" not in proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()


def test_bad_ports(capsys):
    status, _, err = cli("playground", "--port", "70000", capsys=capsys)
    assert status == 2 and "65535" in err
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        status, _, err = cli("playground", "--port", port, "--no-browser", capsys=capsys)
    assert_bad_input(status, err, f"cannot listen on 127.0.0.1:{port}")


def test_loopback_unless_a_host_is_named():
    from neuralgrad.playground.server import is_loopback, make_server

    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("example.org")
    server, sock, url = make_server("127.0.0.1", 0)
    try:
        assert sock.getsockname()[0] == "127.0.0.1" and url.startswith("http://127.0.0.1:")
    finally:
        sock.close()
