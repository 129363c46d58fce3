"""The `watch` command: render maps, then again on every save, serving the outputs to a browser that reloads.

Kept apart from `cli.py` (which only calls `register`); the loop is in `watch.py`, the server in `serve.py`.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..core.i18n import N_, tr
from .options import number_in
from .shared_options import Dpi, GraphvizTimeout, RenderFormats, RenderViews

if TYPE_CHECKING:
    from ..render.outputs import RenderOptions
    from ..watch.server import Listing, LoopbackServer
    from ..watch.watcher import Event, WatchedMap, Watcher

WATCH_EXIT_CODES = N_("""Exit codes: 0 stopped with Ctrl-C (or SIGTERM, SIGHUP); 2 usage error; 3 the environment
failed (Graphviz missing, the port taken). A map with problems does not stop the watch: its problems are shown
and its last good outputs kept.""")


WATCH_HELP = N_(
    """Render maps, then again whenever a map file is saved; serve the outputs on 127.0.0.1, where an open
HTML report reloads itself after each save.

A save with problems prints them (as validate does) and keeps the last good outputs. Ctrl-C stops."""
)


def register(app: typer.Typer) -> None:
    """Add `cjm watch` to `app`."""
    app.command("watch", help=tr(WATCH_HELP), epilog=tr(WATCH_EXIT_CODES))(watch_command)


def watch_command(
    paths: Annotated[
        list[str],
        typer.Argument(
            help=tr("Map files, or directories (searched for maps once, at the start)."),
            show_default=False,
            metavar="MAP",
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help=tr("Folder for the outputs (created if missing). Default: beside each map."),
            metavar="DIR",
            show_default=False,
        ),
    ] = None,
    formats: RenderFormats = ["svg,png,html"],  # noqa: B006 - typer reads the default from here; never mutated
    views: RenderViews = [],  # noqa: B006
    dpi: Dpi = 96,
    timeout: GraphvizTimeout = 60.0,
    port: Annotated[
        int,
        typer.Option(
            "--port",
            help=tr("Port to serve the outputs on, at 127.0.0.1; 0 picks a free one."),
            **number_in(0, 65535, metavar="PORT"),
        ),
    ] = 0,
    no_serve: Annotated[
        bool, typer.Option("--no-serve", help=tr("Only re-render; serve nothing."), show_default=False)
    ] = False,
) -> None:
    from ..core.problems import CjmError, UsageError
    from ..core.read import STDIN, discover_from
    from ..render.graphviz_run import find_dot
    from ..render.outputs import output_folders
    from ..watch.watcher import WatchedMap, Watcher
    from .options import fail, render_options

    try:
        options = render_options(formats, views, dpi)
        if STDIN in paths:
            raise UsageError("standard input cannot be watched: name the map file")
        found = discover_from(paths)
        folders = output_folders(found, output)
        dot = find_dot(timeout)
    except CjmError as error:
        fail(error, error.exit_code)
    watched = [WatchedMap(argument, folders[argument], output) for argument, _root in found]
    watcher = Watcher(watched, options, dot)
    server: LoopbackServer | None = None
    try:
        # The port is taken before anything is drawn: when it is busy, the command fails having written nothing.
        server = None if no_serve else _bind(watcher, options, output, port)
        for event in watcher.poll():
            _show(event)
        if server is not None:
            _serve(server)
        _status(f"watching {len(watched)} map{'' if len(watched) == 1 else 's'} for changes; Ctrl-C to stop")
        watcher.run(_show, threading.Event())
    except KeyboardInterrupt:
        pass
    except CjmError as error:
        fail(error, error.exit_code)
    finally:
        if server is not None:
            server.stop()
    _status("stopped")


def _bind(watcher: Watcher, options: RenderOptions, output: Path | None, port: int) -> LoopbackServer:
    """The loopback server over the outputs of every watched map, listening but not answering yet."""
    import secrets

    from ..watch.server import LoopbackServer, Site

    # Pages served by an earlier run of `cjm watch` on the same port reload too: the version names this run.
    run = secrets.token_hex(4)
    routes, listings = _routes(watcher.maps, options, output)
    owners = {url: watched for watched, listing in zip(watcher.maps, listings, strict=True) for url in listing.outputs}
    site = Site(routes, listings, lambda: f"{run}-{watcher.generation}", lambda url: watcher.note(owners[url]))
    return LoopbackServer(site, port)


def _serve(server: LoopbackServer) -> None:
    """Start answering, and say where."""
    from urllib.parse import quote

    server.start()
    _status(f"serving the outputs at {server.url}")
    for url in server.site.routes:
        if url.endswith(".html"):
            _status(f"  {server.url}{quote(url.lstrip('/'))}")


def _routes(
    maps: list[WatchedMap], options: RenderOptions, output: Path | None
) -> tuple[dict[str, Path], list[Listing]]:
    """URL paths of every output a watched map can have, below the output folder (or the folder all maps'
    outputs share), and the index's listing of them."""
    from ..render.outputs import output_names, output_stem
    from ..watch.server import Listing

    root = output.absolute() if output else Path(os.path.commonpath([m.folder.absolute() for m in maps]))
    routes: dict[str, Path] = {}
    listings = []
    for watched in maps:
        stem = output_stem(watched.argument)
        urls = []
        for name in output_names(stem, options):
            file = watched.folder.absolute() / name
            url = "/" + file.relative_to(root).as_posix()
            routes[url] = file
            urls.append(url)
        listings.append(Listing(watched.argument, tuple(urls)))
    return routes, listings


def _show(event: Event) -> None:
    """One event on the terminal: problems on standard output as `validate` prints them, the rest on
    standard error."""
    from ..core.text import plain
    from ..reports import terminal
    from ..reports.problems import text_report

    checked = event.checked
    if checked is not None and checked.problems:
        text_report([checked], sys.stdout, colour=terminal.colour(sys.stdout))
        sys.stdout.flush()
    name = plain(event.watched.argument)
    if event.kind == "rendered":
        for path in event.changed:
            _status(f"wrote {plain(str(path))}")
        if not event.changed:
            _status(f"{name}: its outputs are unchanged")
    elif event.kind == "problems":
        _status(f"{name} has problems: its last good outputs are kept")
    elif event.kind == "missing":
        _status(f"{name} is missing (or not a file); waiting for it")
    else:
        _status(f"cjm: error: {plain(event.message)}")


def _status(text: str) -> None:
    sys.stderr.write(f"{time.strftime('%H:%M:%S')} {text}\n")
    sys.stderr.flush()
