"""`cjm watch`: re-rendering on real saves, keeping the last good outputs on a broken one, and the loopback
server whose pages reload after a save. Waits are bounded: a test waits until something happens or gives up."""

from __future__ import annotations

import base64
import hashlib
import http.client
import importlib.util
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from cjm_cli.render.graphviz_run import find_dot
from cjm_cli.render.outputs import RenderOptions
from cjm_cli.watch.server import RELOAD_SCRIPT, Listing, LoopbackServer, Site, with_reload
from cjm_cli.watch.watcher import RESCAN_POLLS, WatchedMap, Watcher
from conftest import SMALL_MAP, Run

BROKEN = SMALL_MAP.replace("actions: [Pay]}", "actions: [Pay}")
WAIT_SECONDS = 60


def wait_until(condition: Callable[[], object], what: str, seconds: float = WAIT_SECONDS) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up after {seconds} s waiting for {what}")
        time.sleep(0.05)


def contents(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def save_by_rename(path: Path, text: str) -> None:
    """As many editors save: write a new file beside the old one, then rename it over the old one."""
    temporary = path.with_name(f".{path.name}.swp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


# --- the loop, driven poll by poll ------------------------------------------------------------------------------


@pytest.fixture
def watcher(tmp_path: Path) -> Watcher:
    (tmp_path / "shop.yaml").write_text(SMALL_MAP, encoding="utf-8")
    options = RenderOptions(formats=("svg", "html"))
    return Watcher([WatchedMap(str(tmp_path / "shop.yaml"), tmp_path / "out")], options, find_dot())


def settle(watcher: Watcher) -> list[str]:
    """Poll until the watcher has acted on the last save (a save is acted on once it kept still for a poll)."""
    kinds: list[str] = []
    for _ in range(3):
        kinds += [event.kind for event in watcher.poll()]
    return kinds


def test_first_poll_renders_then_nothing_until_a_save(watcher: Watcher, tmp_path: Path) -> None:
    events = watcher.poll()
    assert [e.kind for e in events] == ["rendered"]
    assert sorted(p.name for p in events[0].changed) == ["shop.html", "shop.journey.svg"]
    assert watcher.generation == 1
    assert settle(watcher) == []
    assert watcher.generation == 1


def test_a_save_renders_again_and_only_changed_files_are_rewritten(watcher: Watcher, tmp_path: Path) -> None:
    watcher.poll()
    before = contents(tmp_path / "out")
    (tmp_path / "shop.yaml").write_text(SMALL_MAP.replace("title: Shop", "title: Shop 2"), encoding="utf-8")
    assert settle(watcher) == ["rendered"]
    assert b"Shop 2" in (tmp_path / "out" / "shop.html").read_bytes()
    assert watcher.generation == 2

    (tmp_path / "shop.yaml").write_text(
        SMALL_MAP.replace("title: Shop", "title: Shop 2") + "# note\n", encoding="utf-8"
    )
    assert settle(watcher) == ["rendered"]  # drawn again, but nothing to write: no reload either
    assert watcher.generation == 2
    assert contents(tmp_path / "out")["shop.html"] != before["shop.html"]


def test_a_broken_save_keeps_the_last_good_outputs_byte_for_byte(watcher: Watcher, tmp_path: Path) -> None:
    watcher.poll()
    before = contents(tmp_path / "out")
    (tmp_path / "shop.yaml").write_text(BROKEN, encoding="utf-8")
    events = [event for _ in range(3) for event in watcher.poll()]
    assert [e.kind for e in events] == ["problems"]
    problems = events[0].checked
    assert problems is not None and [p.code for p in problems.problems] == ["yaml-syntax"]
    assert contents(tmp_path / "out") == before
    assert watcher.generation == 2  # open pages reload, to show the problems over the last good outputs
    note = watcher.note(watcher.maps[0])
    assert note is not None and len(note.problems) == 1
    assert re.fullmatch(r".*shop\.yaml:\d+:\d+: error yaml-syntax .+", note.problems[0][0])
    assert settle(watcher) == []  # the same broken text is not reported again
    assert watcher.generation == 2

    (tmp_path / "shop.yaml").write_text(SMALL_MAP.replace("Pay", "Pay by card"), encoding="utf-8")
    assert settle(watcher) == ["rendered"]
    assert watcher.note(watcher.maps[0]) is None and watcher.generation == 3


def test_a_save_by_rename_is_seen(watcher: Watcher, tmp_path: Path) -> None:
    watcher.poll()
    save_by_rename(tmp_path / "shop.yaml", SMALL_MAP.replace("Search", "Search the web"))
    assert settle(watcher) == ["rendered"]
    assert b"Search the web" in (tmp_path / "out" / "shop.html").read_bytes()


def test_a_map_gone_for_a_while_is_waited_for(watcher: Watcher, tmp_path: Path) -> None:
    watcher.poll()
    (tmp_path / "shop.yaml").unlink()
    assert settle(watcher) == ["missing"]  # once, not at every poll
    (tmp_path / "shop.yaml").write_text(SMALL_MAP.replace("Find", "Look"), encoding="utf-8")
    assert settle(watcher) == ["rendered"]


def test_a_save_that_changes_nothing_renders_nothing(watcher: Watcher, tmp_path: Path) -> None:
    watcher.poll()
    os.utime(tmp_path / "shop.yaml", ns=(1, 1))
    assert settle(watcher) == []


def test_a_same_size_save_with_the_same_timestamp_is_found_by_its_content(watcher: Watcher, tmp_path: Path) -> None:
    """Some file systems keep whole seconds only: two quick saves of the same size look alike to stat."""
    path = tmp_path / "shop.yaml"
    watcher.poll()
    info = path.stat()
    with open(path, "r+b") as handle:  # in place: the same inode
        handle.write(SMALL_MAP.replace("Shop", "Shoe").encode("utf-8"))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    kinds = [event.kind for _ in range(RESCAN_POLLS + 1) for event in watcher.poll()]
    assert kinds == ["rendered"]


# --- the server -------------------------------------------------------------------------------------------------


def get(url: str, host: str | None = None) -> tuple[int, dict[str, str], bytes]:
    match = re.fullmatch(r"http://127\.0\.0\.1:(\d+)(/.*)", url)
    assert match, url
    connection = http.client.HTTPConnection("127.0.0.1", int(match[1]), timeout=10)
    try:
        connection.putrequest("GET", match[2], skip_host=host is not None)
        if host is not None:
            connection.putheader("Host", host)
        connection.endheaders()
        answer = connection.getresponse()
        return answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read()
    finally:
        connection.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LoopbackServer]:
    (tmp_path / "shop.html").write_bytes(b"<html><head><title>x</title></head><body></body></html>")
    (tmp_path / "secret.txt").write_text("not an output")
    site = Site({"/shop.html": tmp_path / "shop.html"}, [Listing("shop.yaml", ("/shop.html",))], lambda: "v1")
    running = LoopbackServer(site, 0).start()
    yield running
    running.stop()


def test_server_listens_on_loopback_only(server: LoopbackServer) -> None:
    assert server.server_address[0] == "127.0.0.1"
    assert server.url == f"http://127.0.0.1:{server.port}/" and server.port > 0


def test_server_serves_the_outputs_and_nothing_else(server: LoopbackServer) -> None:
    assert get(server.url + "shop.html")[0] == 200
    assert get(server.url + "__cjm__/version")[2] == b"v1"
    for path in ("secret.txt", "../secret.txt", "%2e%2e/secret.txt", "shop.html/../secret.txt", "nothing"):
        assert get(server.url + path)[0] == 404, path


def test_server_refuses_other_host_names(server: LoopbackServer) -> None:
    """A page whose domain an attacker pointed at 127.0.0.1 (DNS rebinding) gets nothing."""
    assert get(server.url + "shop.html", host=f"attacker.example:{server.port}")[0] == 403
    assert get(server.url + "shop.html", host=f"localhost:{server.port}")[0] == 200


def test_server_takes_its_host_names_in_any_case(server: LoopbackServer) -> None:
    """Host names are case-insensitive: a browser may send the name as it was typed."""
    for host in (f"LOCALHOST:{server.port}", f"LocalHost:{server.port}"):
        assert get(server.url + "shop.html", host=host)[0] == 200, host
    assert get(server.url + "shop.html", host=f"LOCALHOST.example:{server.port}")[0] == 403


def test_a_port_in_use_is_an_environment_failure(server: LoopbackServer) -> None:
    from cjm_cli.core.problems import EnvironmentFailure

    with pytest.raises(EnvironmentFailure, match="pick another --port"):
        LoopbackServer(server.site, server.port)


def test_reload_script_is_allowed_by_its_hash_and_nothing_more() -> None:
    page = (
        b'<html><head><meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; '
        b'script-src &#39;unsafe-inline&#39;"></head><body>\xd0\x9f\xd1\x80\xd0\xb8</body></html>'
    )
    served = with_reload(page, "run-3").decode("utf-8")
    digest = base64.b64encode(hashlib.sha256(RELOAD_SCRIPT.encode("utf-8")).digest()).decode()
    policy = re.search(r'content="([^"]*)"', served)
    assert policy is not None
    directives = [d.strip() for d in policy[1].replace("&#x27;", "'").split(";")]
    assert directives == ["default-src 'none'", f"script-src 'sha256-{digest}'", "connect-src 'self'"]
    assert f'<script data-version="run-3">{RELOAD_SCRIPT}</script>\n</head>' in served
    assert "При" in served


# --- the command, end to end ------------------------------------------------------------------------------------


class Watching:
    """`cjm watch` running as a subprocess; its output lines are collected as they come."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        env = {**os.environ, "NO_COLOR": "1", "GITHUB_ACTIONS": "", "CI": ""}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "cjm_cli", "watch", *args],
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        for stream, lines in ((self.process.stdout, self.stdout), (self.process.stderr, self.stderr)):
            threading.Thread(target=self._collect, args=(stream, lines), daemon=True).start()

    def _collect(self, stream: object, lines: list[str]) -> None:
        for line in stream:  # type: ignore[attr-defined]
            lines.append(line)

    def wait_for_line(self, pattern: str, in_stdout: bool = False) -> re.Match[str]:
        lines = self.stdout if in_stdout else self.stderr
        found: list[re.Match[str]] = []

        def seen() -> bool:
            if self.process.poll() is not None and not found:
                pytest.fail(f"cjm watch ended early:\n{''.join(self.stdout)}{''.join(self.stderr)}")
            found[:] = [m for line in list(lines) if (m := re.search(pattern, line))]
            return bool(found)

        wait_until(seen, f"a line matching {pattern!r}")
        return found[-1]

    def interrupt(self) -> int:
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=WAIT_SECONDS)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def watching(tmp_path: Path) -> Iterator[Callable[..., Watching]]:
    started: list[Watching] = []

    def start(*args: str) -> Watching:
        started.append(Watching(list(args), tmp_path))
        return started[-1]

    yield start
    for running in started:
        running.stop()


def test_watch_renders_serves_reloads_and_stops_cleanly(watching: Callable[..., Watching], tmp_path: Path) -> None:
    (tmp_path / "shop.yaml").write_text(SMALL_MAP, encoding="utf-8")
    running = watching("shop.yaml", "-o", "out", "-f", "svg,html", "--port", "0")
    url = running.wait_for_line(r"serving the outputs at (http://127\.0\.0\.1:\d+/)")[1]
    report = tmp_path / "out" / "shop.html"
    on_disk = report.read_bytes()
    assert b"<script" not in on_disk

    status, headers, served = get(url + "shop.html")
    assert status == 200 and served != on_disk
    page = served.decode("utf-8")
    script = re.search(r'<script data-version="([^"]+)">(.*?)</script>', page, re.DOTALL)
    assert script is not None and script[2] == RELOAD_SCRIPT
    digest = base64.b64encode(hashlib.sha256(script[2].encode("utf-8")).digest()).decode()
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    assert meta is not None
    policy = meta[1].replace("&#x27;", "'")
    assert f"script-src 'sha256-{digest}'" in policy and "connect-src 'self'" in policy
    assert "default-src 'none'" in policy  # the rest of the report's policy is kept
    assert f"script-src 'sha256-{digest}'" in headers["content-security-policy"]
    disk_meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', on_disk.decode("utf-8"))
    assert disk_meta is not None  # and else the served copy is the file on disk:
    assert page.replace(script[0] + "\n", "").replace(meta[1], disk_meta[1]) == on_disk.decode("utf-8")
    index = get(url)[2].decode("utf-8")
    assert 'href="/shop.html"' in index and 'src="/shop.journey.svg"' in index
    version = get(url + "__cjm__/version")[2]
    assert version.decode() == script[1]

    (tmp_path / "shop.yaml").write_text(SMALL_MAP.replace("title: Shop", "title: Магазин"), encoding="utf-8")
    wait_until(lambda: get(url + "__cjm__/version")[2] != version, "the reload signal after a save")
    assert "Магазин" in report.read_text(encoding="utf-8")
    good = {name: (tmp_path / "out" / name).read_bytes() for name in ("shop.html", "shop.journey.svg")}
    version = get(url + "__cjm__/version")[2]

    save_by_rename(tmp_path / "shop.yaml", BROKEN)
    problem = running.wait_for_line(r"^shop\.yaml:\d+:\d+: error yaml-syntax ", in_stdout=True)
    assert problem
    running.wait_for_line(r"shop\.yaml has problems: its last good outputs are kept")
    assert {name: (tmp_path / "out" / name).read_bytes() for name in good} == good
    assert get(url + "__cjm__/version")[2] != version  # open pages reload, into the problems

    assert running.interrupt() == 0
    stderr = "".join(running.stderr)
    assert "Traceback" not in stderr and "Aborted" not in stderr
    assert stderr.rstrip().endswith("stopped")


def served_problems(url: str) -> list[str]:
    """The problems shown over the served report (none when it shows none), as text."""
    page = get(url + "shop.html")[2].decode("utf-8")
    box = re.search(r'<section class="cjm-problems" role="alert">(.*?)</section>', page, re.DOTALL)
    return re.findall(r"<code>(.*?)</code>", box[1]) if box else []


def test_watch_shows_the_problems_over_the_last_good_report_and_clears_them(
    watching: Callable[..., Watching], tmp_path: Path
) -> None:
    good = SMALL_MAP.replace("title: Shop", "title: Магазин\nlang: ru")
    (tmp_path / "shop.yaml").write_text(good, encoding="utf-8")
    running = watching("shop.yaml", "-o", "out", "-f", "html", "--port", "0")
    url = running.wait_for_line(r"serving the outputs at (http://127\.0\.0\.1:\d+/)")[1]
    assert served_problems(url) == []
    on_disk = (tmp_path / "out" / "shop.html").read_bytes()
    version = get(url + "__cjm__/version")[2]

    save_by_rename(tmp_path / "shop.yaml", BROKEN)
    wait_until(lambda: get(url + "__cjm__/version")[2] != version, "the reload signal after a broken save")
    shown = served_problems(url)
    assert len(shown) == 1 and re.fullmatch(r"shop\.yaml:\d+:\d+: error yaml-syntax .+", shown[0])
    page = get(url + "shop.html")[2].decode("utf-8")
    assert "<h1>Магазин</h1>" in page  # the last good report, under the problems
    assert "The map has problems: below is its last good version" not in page  # in the map's language:
    assert "В карте ошибки: ниже её последняя исправная версия" in page
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    style = re.search(r"<style>(\.cjm-problems.*?)</style>", page, re.DOTALL)
    assert meta is not None and style is not None
    digest = base64.b64encode(hashlib.sha256(style[1].encode("utf-8")).digest()).decode()
    assert f"'sha256-{digest}'" in meta[1].replace("&#x27;", "'")  # the note's style, by its hash
    assert (tmp_path / "out" / "shop.html").read_bytes() == on_disk  # the file on disk says nothing of it
    assert "yaml-syntax" in get(url)[2].decode("utf-8")  # the index says so too

    broken_version = get(url + "__cjm__/version")[2]
    save_by_rename(tmp_path / "shop.yaml", good)  # mended as it was: no output changes, the note goes
    wait_until(lambda: get(url + "__cjm__/version")[2] != broken_version, "the reload signal after the fix")
    assert served_problems(url) == []
    assert (tmp_path / "out" / "shop.html").read_bytes() == on_disk
    assert running.interrupt() == 0


def test_a_map_broken_from_the_start_is_served_as_its_problems(
    watching: Callable[..., Watching], tmp_path: Path
) -> None:
    (tmp_path / "shop.yaml").write_text(BROKEN, encoding="utf-8")
    running = watching("shop.yaml", "-o", "out", "-f", "html", "--port", "0")
    url = running.wait_for_line(r"serving the outputs at (http://127\.0\.0\.1:\d+/)")[1]
    status, _, page = get(url + "shop.html")
    assert status == 200 and "The map has problems: it has not been drawn yet" in page.decode("utf-8")
    assert len(served_problems(url)) == 1
    assert not (tmp_path / "out" / "shop.html").exists()
    save_by_rename(tmp_path / "shop.yaml", SMALL_MAP)
    wait_until(lambda: (tmp_path / "out" / "shop.html").is_file(), "the report once the map is mended")
    wait_until(lambda: served_problems(url) == [], "the problems to go")
    assert running.interrupt() == 0


def test_watch_without_serving(watching: Callable[..., Watching], tmp_path: Path) -> None:
    (tmp_path / "shop.yaml").write_text(SMALL_MAP, encoding="utf-8")
    running = watching("shop.yaml", "-f", "svg", "--no-serve")
    running.wait_for_line(r"watching 1 map for changes")
    assert (tmp_path / "shop.journey.svg").is_file()
    assert not any("http://" in line for line in running.stderr)
    save_by_rename(tmp_path / "shop.yaml", SMALL_MAP.replace("Buy", "Order"))
    wait_until(lambda: b"Order" in (tmp_path / "shop.journey.svg").read_bytes(), "the picture to be redrawn")
    assert running.interrupt() == 0


def test_watch_usage_errors(cjm: Callable[..., Run], tmp_path: Path) -> None:
    result = cjm("watch", "-")
    assert result.exit_code == 2 and "standard input cannot be watched" in result.stderr
    result = cjm("watch", tmp_path / "map.yaml", "-f", "gif")
    assert result.exit_code == 2 and "--format: unknown gif" in result.stderr


def test_a_busy_port_fails_before_anything_is_drawn(tmp_path: Path) -> None:
    (tmp_path / "shop.yaml").write_text(SMALL_MAP, encoding="utf-8")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "cjm_cli", "watch", "shop.yaml", "-o", "out", "--port", str(port)],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=WAIT_SECONDS,
            check=False,
        )
    assert result.returncode == 3, result.stderr
    assert f"cjm: error: cannot listen on 127.0.0.1:{port}: " in result.stderr
    assert "pick another --port" in result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["shop.yaml"]  # nothing drawn, nothing written


def test_the_maps_settings_file_chooses_the_rules(tmp_path: Path) -> None:
    """A `.cjm.yaml` at the top of the repository applies to a watched map below it, as to `cjm validate`."""
    watched = []
    for project, settings in (("quiet", "ignore: [journey]\n"), ("loud", None)):
        (tmp_path / project / "maps").mkdir(parents=True)
        (tmp_path / project / ".git").mkdir()
        if settings is not None:
            (tmp_path / project / ".cjm.yaml").write_text(settings, encoding="utf-8")
        (tmp_path / project / "maps" / "shop.yaml").write_text(SMALL_MAP, encoding="utf-8")
        watched.append(WatchedMap(str(tmp_path / project / "maps" / "shop.yaml"), tmp_path / project / "out"))
    events = Watcher(watched, RenderOptions(formats=("svg",)), find_dot()).poll()
    codes = {}
    for event in events:
        assert event.kind == "rendered" and event.checked is not None
        codes[Path(event.watched.argument).parent.parent.name] = {p.code for p in event.checked.problems}
    assert "stage-no-owner" in codes["loud"]  # the map has no owners: the rule fires without settings
    assert "stage-no-owner" not in codes["quiet"]
    assert codes["quiet"] == set()


def test_watch_help_names_every_option(cjm: Callable[..., Run]) -> None:
    result = cjm("watch", "--help")
    assert result.exit_code == 0
    for option in ("--output", "--format", "--view", "--dpi", "--timeout", "--port", "--no-serve"):
        assert option in result.stdout


def test_a_browser_runs_the_reload_script_within_the_policy_and_reloads_after_a_save(
    watching: Callable[..., Watching], tmp_path: Path
) -> None:
    """Only a browser can tell whether the policy lets the script run (a violation is a console error)."""
    import shutil

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None or importlib.util.find_spec("playwright") is None:
        if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
            pytest.fail("Chromium and playwright are installed in CI by scripts/setup.sh")
        pytest.skip("Chromium or Python's playwright is missing")

    (tmp_path / "shop.yaml").write_text(SMALL_MAP, encoding="utf-8")
    running = watching("shop.yaml", "-o", "out", "-f", "html", "--port", "0")
    url = running.wait_for_line(r"serving the outputs at (http://127\.0\.0\.1:\d+/)")[1]
    # In a process of its own: test_report_browser keeps a Playwright session (and its event loop) open in
    # this one, and two sync sessions in one process have been seen to trip over each other.
    browsing = subprocess.run(
        [sys.executable, "-c", BROWSE, executable, url, str(tmp_path / "shop.yaml")],
        capture_output=True,
        text=True,
        timeout=WAIT_SECONDS * 3,
    )
    assert browsing.returncode == 0, browsing.stderr
    seen = Browsed(**json.loads(browsing.stdout))
    assert seen.titles == ["Shop", "Магазин"]  # the page reloaded itself after the save
    assert seen.messages == []
    assert {request.split("/")[2] for request in seen.requests} == {url.split("/")[2]}  # loopback only


@dataclass
class Browsed:
    titles: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    """Console errors and warnings: a script the policy refuses is one."""
    requests: list[str] = field(default_factory=list)


# Opens the served report in headless Chromium, saves the map, waits for the page to reload itself, and prints
# what it saw as JSON. Arguments: the browser, the server's URL, the map.
BROWSE = f"""
import json, sys
from pathlib import Path
from playwright.sync_api import sync_playwright

executable, url, map_path = sys.argv[1], sys.argv[2], Path(sys.argv[3])
seen = {{"titles": [], "messages": [], "requests": []}}
with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path=executable, headless=True, args=["--no-sandbox"])
    try:
        page = browser.new_page()
        page.on("console", lambda m: seen["messages"].append(m.text) if m.type in ("error", "warning") else None)
        page.on("request", lambda request: seen["requests"].append(request.url))
        # Playwright hands over events only inside its own calls: wait through it, not with time.sleep.
        with page.expect_request(url + "__cjm__/version", timeout=20_000):
            page.goto(url + "shop.html", wait_until="load")
        seen["titles"].append(page.title())
        with page.expect_event("load", timeout={WAIT_SECONDS * 1000}):
            map_path.write_text({SMALL_MAP!r}.replace("title: Shop", "title: Магазин"), encoding="utf-8")
        seen["titles"].append(page.title())
    finally:
        browser.close()
print(json.dumps(seen))
"""
