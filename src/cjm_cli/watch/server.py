"""The loopback server of `cjm watch`: the outputs of the watched maps, and a signal for pages to reload.

It listens on 127.0.0.1 only and serves an allowlist: the output files of the watched maps (by their path
below the output folder) and an index of them; nothing else in the folder, whatever the request's path.
Requests whose `Host` is not this server's own address (`127.0.0.1:PORT` or `localhost:PORT`, in any case) are
refused, so a web page cannot reach it through a name that resolves to 127.0.0.1 (DNS rebinding).

An HTML report is served with a small script added that asks `/__cjm__/version` every half second and
reloads the page when the answer changes; the report's Content-Security-Policy is rewritten, in the served
copy only, to allow exactly that script (by its hash) and requests to this server (`connect-src 'self'`).
The files on disk stay as `cjm render` writes them, without any script.

A browser that drops a connection is no news: nothing is printed for it. A client that connects and sends
nothing, or half a request, is cut off after `REQUEST_TIMEOUT` seconds of silence, and at most
`MAX_CONNECTIONS` connections are answered at once (more are closed at once; a page retries): idle sockets
cannot hold every thread and descriptor of the process.

When the map's last save could not be drawn, its report is served with its problems over the top of the
page (the last good version below them), and with a style of its own allowed by its hash; a report never
drawn is a page of its problems alone. The version changes when a map breaks or is mended, so an open page
reloads into the problems and out of them.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from ..core.problems import EnvironmentFailure
from .watcher import ProblemNote

HOST = "127.0.0.1"
VERSION_PATH = "/__cjm__/version"
REQUEST_TIMEOUT = 5.0
"""Seconds a connection may stay silent (while the request is read, or the answer is taken)."""
MAX_CONNECTIONS = 24
"""Connections answered at once; a browser opens at most six to one server."""

# Written out once: its hash goes into the policy, so it must not change with the page. The version the page
# was served at comes in the `data-version` attribute, which the hash does not cover.
RELOAD_SCRIPT = (
    "(function () {\n"
    '  var seen = document.currentScript.getAttribute("data-version");\n'
    "  function poll() {\n"
    f'    fetch("{VERSION_PATH}", {{cache: "no-store"}})\n'
    "      .then(function (answer) { if (!answer.ok) { throw new Error(answer.status); } return answer.text(); })\n"
    "      .then(function (version) { if (version !== seen) { location.reload(); } else { setTimeout(poll, 500); } })\n"
    "      .catch(function () { setTimeout(poll, 2000); });\n"
    "  }\n"
    "  setTimeout(poll, 500);\n"
    "})();\n"
)
SCRIPT_SOURCE = "'sha256-" + base64.b64encode(hashlib.sha256(RELOAD_SCRIPT.encode("utf-8")).digest()).decode() + "'"

_INDEX_STYLE = "body{font-family:sans-serif;margin:2em}img{max-width:100%;border:1px solid #ccc;margin:.5em 0}"
_INDEX_POLICY = (
    "default-src 'none'; img-src 'self'; "
    f"style-src 'sha256-{base64.b64encode(hashlib.sha256(_INDEX_STYLE.encode()).digest()).decode()}'; "
    f"script-src {SCRIPT_SOURCE}; connect-src 'self'; base-uri 'none'; form-action 'none'"
)
# Sent with every HTML page besides the page's own policy (a browser enforces both): whatever the page says,
# no script but the reload script runs.
_SCRIPT_POLICY = f"script-src {SCRIPT_SOURCE}; connect-src 'self'; object-src 'none'; base-uri 'none'"
# Pictures opened on their own: Graphviz's SVG needs its inline styles and nothing else.
_PICTURE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

# The problems over a report: a box at the top of the window, in the page's own palette whatever its theme.
_NOTE_STYLE = (
    ".cjm-problems{position:fixed;top:0;left:0;right:0;z-index:1000;max-height:45vh;overflow:auto;margin:0;"
    "padding:10px 16px;background:#fff4f4;color:#3e1111;border-bottom:3px solid #c62828;"
    "box-shadow:0 2px 8px rgba(0,0,0,.25);font:14px/1.4 sans-serif}"
    ".cjm-problems h2{font-size:15px;margin:0 0 6px;color:#a31515}"
    ".cjm-problems ul{margin:0;padding-left:18px}"
    ".cjm-problems code{font:13px/1.4 monospace;white-space:pre-wrap;overflow-wrap:anywhere}"
    ".cjm-problems .hint{display:block;color:#5c2b2b}"
)
NOTE_STYLE_SOURCE = "'sha256-" + base64.b64encode(hashlib.sha256(_NOTE_STYLE.encode()).digest()).decode() + "'"
_EMPTY_PAGE = (
    b'<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
    b'<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;">'
    b"<title>cjm watch</title></head><body></body></html>\n"
)

_TYPES = {".html": "text/html; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png"}
_CSP_META = re.compile(r'(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")', re.IGNORECASE)
_HEAD_END = re.compile(rb"</head>", re.IGNORECASE)
_BODY_START = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)


@dataclass(frozen=True)
class Listing:
    """One watched map in the index: its name and the URL paths of its outputs."""

    name: str
    outputs: tuple[str, ...]


class Site:
    """What the server serves: `routes` maps URL paths (`/shop.html`) to output files."""

    def __init__(
        self,
        routes: dict[str, Path],
        listings: Sequence[Listing],
        version: Callable[[], str],
        notes: Callable[[str], ProblemNote | None] = lambda url: None,
    ) -> None:
        self.routes = routes
        self.listings = list(listings)
        self.version = version
        self.notes = notes
        """The problems to show over the output at a URL path (its map's), or None."""


def with_reload(page: bytes, version: str, note: ProblemNote | None = None) -> bytes:
    """An HTML report with the reload script added and its policy allowing exactly that script and
    requests to this server; with `note`, the map's problems over the top of it."""
    text = page.decode("utf-8", "replace")
    # A page without this meta tag is no report of cjm's; the policy sent as a header still holds its scripts.
    noted = note is not None
    text = _CSP_META.sub(lambda m: m[1] + html.escape(_allow_reload(html.unescape(m[2]), noted)) + m[3], text, count=1)
    head = f'<script data-version="{html.escape(version)}">{RELOAD_SCRIPT}</script>\n'
    if note is not None:
        head += f"<style>{_NOTE_STYLE}</style>\n"
    data = text.encode("utf-8")
    head_end = _HEAD_END.search(data)
    at = head_end.start() if head_end else 0
    data = data[:at] + head.encode("utf-8") + data[at:]
    if note is None:
        return data
    body = _BODY_START.search(data)
    at = body.end() if body else len(data)
    return data[:at] + b"\n" + _note_html(note).encode("utf-8") + data[at:]


def _note_html(note: ProblemNote) -> str:
    items = "".join(
        f"<li><code>{html.escape(line)}</code>"
        + (f'<span class="hint">{html.escape(hint)}</span>' if hint else "")
        + "</li>"
        for line, hint in note.problems
    )
    return f'<section class="cjm-problems" role="alert"><h2>{html.escape(note.title)}</h2><ul>{items}</ul></section>\n'


def _allow_reload(policy: str, noted: bool = False) -> str:
    directives = [d.strip() for d in policy.split(";") if d.strip()]
    changed = {"script-src", "connect-src", "style-src"} if noted else {"script-src", "connect-src"}
    kept = [d for d in directives if d.split()[0].lower() not in changed]
    added = [f"script-src {SCRIPT_SOURCE}", "connect-src 'self'"]
    if noted:  # the report's own style, and the note's
        styles = [d for d in directives if d.split()[0].lower() == "style-src"]
        added.append(" ".join([*(styles[:1] or ["style-src"]), NOTE_STYLE_SOURCE]))
    return "; ".join([*kept, *added])


def index_page(site: Site) -> bytes:
    """A page listing every watched map's outputs, with its pictures, reloading itself like the reports."""
    parts = [
        "<!DOCTYPE html>",
        '<html><head><meta charset="utf-8"><title>cjm watch</title>',
        f"<style>{_INDEX_STYLE}</style>",
        f'<script data-version="{html.escape(site.version())}">{RELOAD_SCRIPT}</script>',
        "</head><body><h1>cjm watch</h1>",
    ]
    for listing in site.listings:
        present = [url for url in listing.outputs if site.routes[url].is_file()]
        parts.append(f"<h2>{html.escape(listing.name)}</h2>")
        note = site.notes(listing.outputs[0]) if listing.outputs else None
        if note is not None:
            lines = "".join(f"<li><code>{html.escape(line)}</code></li>" for line, _hint in note.problems)
            parts.append(f'<div role="alert"><p>{html.escape(note.title)}</p><ul>{lines}</ul></div>')
        if not present:
            parts.append("<p>not rendered yet</p>")
            continue
        links = " · ".join(f'<a href="{quote(url)}">{html.escape(url.lstrip("/"))}</a>' for url in present)
        parts.append(f"<p>{links}</p>")
        pictures = [url for url in present if url.endswith(".svg")] or [u for u in present if u.endswith(".png")]
        parts += [f'<p><img src="{quote(url)}" alt="{html.escape(url.lstrip("/"))}"></p>' for url in pictures]
    parts.append("</body></html>\n")
    return "\n".join(parts).encode("utf-8")


class _Handler(BaseHTTPRequestHandler):
    server: LoopbackServer
    protocol_version = "HTTP/1.0"

    def setup(self) -> None:
        self.request.settimeout(self.server.request_timeout)  # on reading the request and sending the answer
        super().setup()

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal is for the map's problems."""

    def _answer(self, send_body: bool) -> None:
        site = self.server.site
        # Host names are case-insensitive: `LOCALHOST:PORT` is this server too.
        if (self.headers.get("Host") or "").lower() not in self.server.own_hosts:
            self._send(HTTPStatus.FORBIDDEN, b"forbidden: unexpected Host\n", "text/plain; charset=utf-8", send_body)
            return
        path = unquote(urlsplit(self.path).path)
        if path == VERSION_PATH:
            self._send(HTTPStatus.OK, site.version().encode("ascii"), "text/plain; charset=utf-8", send_body)
        elif path == "/":
            self._send(HTTPStatus.OK, index_page(site), "text/html; charset=utf-8", send_body, _INDEX_POLICY)
        elif path in site.routes:
            self._send_output(site.routes[path], send_body, site.notes(path))
        else:
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8", send_body)

    def _send_output(self, file: Path, send_body: bool, note: ProblemNote | None) -> None:
        try:
            data = file.read_bytes()
        except OSError:
            if file.suffix == ".html" and note is not None:  # never drawn: its problems alone, reloading
                data = _EMPTY_PAGE
            else:
                self._send(HTTPStatus.NOT_FOUND, b"not rendered yet\n", "text/plain; charset=utf-8", send_body)
                return
        kind = _TYPES.get(file.suffix, "application/octet-stream")
        if file.suffix == ".html":
            served = with_reload(data, self.server.site.version(), note)
            self._send(HTTPStatus.OK, served, kind, send_body, _SCRIPT_POLICY)
        else:
            self._send(HTTPStatus.OK, data, kind, send_body, _PICTURE_POLICY)

    def _send(self, status: HTTPStatus, body: bytes, kind: str, send_body: bool, policy: str = "") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        if policy:
            self.send_header("Content-Security-Policy", policy)
        self.end_headers()
        if send_body:
            self.wfile.write(body)


class LoopbackServer(ThreadingHTTPServer):
    """An HTTP server on 127.0.0.1 answering from a `Site`, in a thread of its own."""

    daemon_threads = True
    block_on_close = False  # Ctrl-C must not wait for a browser's open connection

    def __init__(
        self,
        site: Site,
        port: int = 0,
        request_timeout: float = REQUEST_TIMEOUT,
        max_connections: int = MAX_CONNECTIONS,
    ) -> None:
        try:
            super().__init__((HOST, port), _Handler)
        except OSError as error:
            hint = "; pick another --port, or --port 0 for a free one" if port else ""
            raise EnvironmentFailure(f"cannot listen on {HOST}:{port}: {error.strerror or error}{hint}") from error
        self.site = site
        self.port = self.server_address[1]
        self.own_hosts = {f"{HOST}:{self.port}", f"localhost:{self.port}"}
        self.request_timeout = request_timeout
        self._slots = threading.BoundedSemaphore(max_connections)
        self._thread = threading.Thread(target=self.serve_forever, name="cjm-serve", daemon=True)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"

    def process_request(self, request: Any, client_address: Any) -> None:
        """Answer in a thread of its own, while fewer than `max_connections` are being answered; else close."""
        if not self._slots.acquire(blocking=False):
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A connection the browser dropped, or a client that went silent: nothing to say. Anything else is
        a fault of cjm's, said in one line (the watch goes on)."""
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError | TimeoutError):
            return
        sys.stderr.write(f"cjm: the server could not answer a request: {type(error).__name__}: {error}\n")

    def start(self) -> LoopbackServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread.is_alive():
            self.shutdown()
        self.server_close()
