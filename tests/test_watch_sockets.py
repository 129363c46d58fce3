"""The `cjm watch` server against clients that misbehave on loopback: connections dropped mid-answer, sockets
that connect and say nothing, requests sent half-way. Real sockets, a real server, a real `cjm watch`."""

from __future__ import annotations

import functools
import os
import re
import resource
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cjm_cli.watch.server import REQUEST_TIMEOUT, Listing, LoopbackServer, Site
from conftest import SMALL_MAP


def wait_until(condition: Callable[[], object], what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up after {seconds} s waiting for {what}")
        time.sleep(0.05)


def ask(port: int, path: str = "/__cjm__/version", timeout: float = 10) -> bytes:
    """A whole HTTP exchange; the answer's raw bytes."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
        connection.sendall(f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return answer


def closed_by_the_server(connection: socket.socket) -> bool:
    try:
        return connection.recv(1) == b""
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LoopbackServer]:
    (tmp_path / "shop.html").write_bytes(b"<html><head></head><body>" + b"x" * 4_000_000 + b"</body></html>")
    site = Site({"/shop.html": tmp_path / "shop.html"}, [Listing("shop.yaml", ("/shop.html",))], lambda: "v1")
    running = LoopbackServer(site, 0, request_timeout=0.5, max_connections=4).start()
    yield running
    running.stop()


def test_connections_dropped_mid_answer_are_quiet(server: LoopbackServer, capfd: pytest.CaptureFixture[str]) -> None:
    """Protects against a full traceback on the terminal for every connection a browser drops (580 in one
    test of the old server)."""
    for _ in range(20):
        connection = socket.create_connection(("127.0.0.1", server.port))
        connection.sendall(f"GET /shop.html HTTP/1.0\r\nHost: 127.0.0.1:{server.port}\r\n\r\n".encode())
        connection.recv(1024)  # the answer has started
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        connection.close()  # a reset, mid-answer
    assert ask(server.port).endswith(b"v1")
    time.sleep(1)  # the server's threads have met the resets
    assert capfd.readouterr().err == ""


def test_idle_and_half_sent_requests_time_out_and_are_bounded(server: LoopbackServer) -> None:
    """Protects against idle sockets each holding a thread and a descriptor forever: 41 of them stopped the
    old server."""
    before = threading.active_count()
    idle = [socket.create_connection(("127.0.0.1", server.port), timeout=10) for _ in range(20)]
    half = []
    for _ in range(10):
        connection = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        connection.sendall(b"GET /shop.html HTTP/1.1\r\nHost: 127.0.0.1")  # and never the rest
        half.append(connection)
    time.sleep(0.2)
    assert threading.active_count() <= before + 4  # at most max_connections answering at once
    for connection in idle + half:
        connection.settimeout(0.05)
        wait_until(functools.partial(closed_by_the_server, connection), "the server to cut off a silent client", 5)
        connection.close()
    assert ask(server.port).endswith(b"v1")
    assert threading.active_count() <= before + 1


def test_watch_outlives_many_idle_sockets(tmp_path: Path) -> None:
    """The old server, with a limit of 64 descriptors, stopped answering and reported the map itself as
    unreadable once 41 idle sockets were open: the watch goes on, draws a save and answers again."""
    (tmp_path / "shop.yaml").write_text(SMALL_MAP, encoding="utf-8")

    def few_descriptors() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))

    process = subprocess.Popen(
        [sys.executable, "-m", "cjm_cli", "watch", "shop.yaml", "-f", "svg", "--port", "0"],
        cwd=tmp_path,
        env={**os.environ, "NO_COLOR": "1", "CI": "1", "GITHUB_ACTIONS": ""},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=few_descriptors,
    )
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(process.stderr or []), daemon=True).start()
    sockets: list[socket.socket] = []
    try:
        wait_until(lambda: any("serving the outputs at" in line for line in lines), "the server to start")
        port = int(re.search(r"127\.0\.0\.1:(\d+)/", "".join(lines))[1])  # type: ignore[index]
        for _ in range(60):
            try:
                sockets.append(socket.create_connection(("127.0.0.1", port), timeout=3))
            except OSError:
                break
        (tmp_path / "shop.yaml").write_text(SMALL_MAP.replace("Buy", "Order"), encoding="utf-8")
        svg = tmp_path / "shop.journey.svg"
        wait_until(lambda: b"Order" in svg.read_bytes(), "the save to be drawn", REQUEST_TIMEOUT + 20)
        wait_until(lambda: ask(port).count(b"200 OK") == 1, "the server to answer again", REQUEST_TIMEOUT + 20)
        assert process.poll() is None
    finally:
        for connection in sockets:
            connection.close()
        process.terminate()
        process.wait(timeout=30)
    text = "".join(lines)
    assert "Traceback" not in text and "unreadable" not in text and "cannot read" not in text
