"""The portfolio index (`cjm render --index`) opened from disk in the system's headless Chromium, as
tests/test_report_browser.py opens the report: it loads nothing, its policy lets its own style through (a
violation is a console error), axe-core finds no serious or critical violation, light or dark, wide or on a
phone, it never overflows sideways at 390 px, and every link it holds reaches a report on disk.

Set CJM_SHOTS=1 to keep the screenshots in /tmp/cjm-shots/ for a human to look at."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

import pytest

from conftest import EXAMPLES
from test_report_browser import PNG_SIGNATURE, SHOTS, TIMEOUT_MS, Chromium, _axe_script

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, ConsoleMessage, Error, Page, Request, Route

PHONE = 390
MODES = [(1440, "light"), (1440, "dark"), (PHONE, "light"), (PHONE, "dark")]


@pytest.fixture(scope="session")
def chromium() -> Iterator[Chromium]:
    browser = Chromium()
    try:
        yield browser
    finally:
        browser.close()


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The index of the examples and a map with problems, rendered once by the real command line."""
    if shutil.which("dot") is None:
        pytest.skip("Graphviz's dot is not installed: the reports cannot be rendered")
    from typer.testing import CliRunner

    from cjm_cli.cli import app

    folder = tmp_path_factory.mktemp("portfolio")
    maps = folder / "maps"
    maps.mkdir()
    for example in sorted(EXAMPLES.glob("*.yaml")):
        shutil.copy(example, maps / example.name)
    shutil.copy(EXAMPLES / "invalid" / "unknown-references.yaml", maps / "broken.yaml")
    out = folder / "out"
    arguments = ["render", str(maps), "-o", str(out), "-f", "html", "--index", "--today", "2027-03-01"]
    result = CliRunner().invoke(app, arguments, catch_exceptions=False)
    assert result.exit_code == 1, result.stdout  # the broken map; every other one is drawn
    return out / "index.html"


@dataclass
class Opened:
    page: Page
    url: str
    requests: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.messages == []
        assert self.requests == [self.url], "the index must load nothing but itself"


@pytest.fixture
def open_index(chromium: Chromium, index: Path) -> Iterator[Callable[..., Opened]]:
    contexts: list[BrowserContext] = []

    def open_page(width: int = 1440, scheme: str = "light") -> Opened:
        browser = chromium.get()
        context = browser.new_context(
            viewport={"width": width, "height": 900}, color_scheme="dark" if scheme == "dark" else "light"
        )
        contexts.append(context)
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        opened = Opened(page, index.as_uri())

        def on_console(message: ConsoleMessage) -> None:
            if message.type in ("error", "warning"):
                opened.messages.append(f"console {message.type}: {message.text}")

        def on_page_error(error: Error) -> None:
            opened.messages.append(f"page error: {error}")

        def on_request(request: Request) -> None:
            opened.requests.append(request.url)

        def guard(route: Route) -> None:
            if route.request.url == opened.url:
                route.continue_()
            else:
                route.abort()

        page.on("console", on_console)
        page.on("pageerror", on_page_error)
        context.on("request", on_request)
        context.route("**/*", guard)
        page.goto(opened.url, wait_until="load")
        return opened

    yield open_page
    for context in contexts:
        context.close()


@pytest.mark.parametrize(("width", "scheme"), MODES, ids=[f"{w}-{s}" for w, s in MODES])
def test_the_index_is_clean_and_accessible_and_fits_a_phone(
    open_index: Callable[..., Opened], width: int, scheme: str, tmp_path: Path
) -> None:
    opened = open_index(width, scheme)
    page = opened.page
    assert page.locator("script").count() == 0
    assert page.locator("article.map").count() == len(list(EXAMPLES.glob("*.yaml"))) + 1
    assert page.locator("article.map.problems").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    shot = tmp_path / f"index-{width}-{scheme}.png"
    page.screenshot(path=shot, full_page=True)
    assert shot.read_bytes().startswith(PNG_SIGNATURE)
    if os.environ.get("CJM_SHOTS"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, SHOTS / shot.name)

    page.evaluate(_axe_script())
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}: {v['nodes'][0].get('failureSummary', '')}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
    opened.assert_clean()


def test_the_index_follows_the_systems_dark_theme(open_index: Callable[..., Opened]) -> None:
    background = "() => getComputedStyle(document.body).backgroundColor"

    def luminance(colour: str) -> float:
        r, g, b = (int(x) for x in colour.removeprefix("rgb(").removesuffix(")").split(","))
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255

    assert luminance(open_index(scheme="light").page.evaluate(background)) > 0.9
    assert luminance(open_index(scheme="dark").page.evaluate(background)) < 0.2


def test_every_link_of_the_index_opens_a_report(open_index: Callable[..., Opened]) -> None:
    opened = open_index()
    hrefs: list[str] = opened.page.locator("a[href]").evaluate_all("links => links.map((a) => a.href)")
    assert len(hrefs) == len(list(EXAMPLES.glob("*.yaml")))  # every map but the broken one
    for href in hrefs:
        address = urlsplit(href)
        assert address.scheme == "file"
        assert Path(unquote(address.path)).is_file()
    opened.assert_clean()
