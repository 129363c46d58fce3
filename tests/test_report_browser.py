"""The HTML report of every bundled example, opened from disk in a real headless Chromium.

For everyone: axe-core finds no serious or critical violation in any example, light or dark, wide or on a
phone; the page never overflows sideways at 390 px (wide tables scroll in boxes the keyboard reaches and a
screen reader names); the dark theme follows the system; the flow picture fits the page, opens at its actual
size and prints on a page of its own; the sales-system blocks are listed in tables that say what the map says.
axe-core comes from the locked dev dependency axe-playwright-python (its axe.min.js): nothing is downloaded.

The report promises to be one self-contained file: no script, nothing loaded, a Content-Security-Policy that
says so, and persona and lane switches made of checkboxes and CSS `:has()`. Only a browser can tell whether
the policy lets the page's own style through (a violation is a console error), whether anything is fetched,
and whether the switches really hide what they should.

Debian's Chromium is driven through Playwright (never a browser Playwright downloads). Without Chromium
these tests are skipped, unless `CI` is set: there scripts/setup.sh installs it, so its absence fails.
Set CJM_SHOTS=1 to keep screenshots of every example in /tmp/cjm-shots/ for a human to look at.

The portfolio index (`cjm render --index`) is opened the same way, at the end: it loads nothing, its policy
lets its own style through, axe-core finds no serious or critical violation, light or dark, wide or on a
phone, it never overflows sideways at 390 px, and every link it holds reaches a report on disk.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn
from urllib.parse import unquote, urlsplit

import pytest

from cjm_cli.api import check_file
from cjm_cli.core.model import JourneyMap, Landings
from conftest import EXAMPLES, Run

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Error, Locator, Page, Request, Route

MAPS = sorted(EXAMPLES.glob("*.yaml"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SHOTS = Path("/tmp/cjm-shots")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
TIMEOUT_MS = 10_000


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _unavailable(reason: str) -> NoReturn:
    if _in_ci():
        pytest.fail(f"{reason}; CI is set, and there scripts/setup.sh installs it", pytrace=False)
    pytest.skip(reason)


class Chromium:
    """The session's one headless Chromium, launched on first use with a fresh temporary profile.

    Launched from inside a test, not a fixture, so that a missing browser is that test's skip, or its
    failure under CI, rather than a setup error."""

    def __init__(self) -> None:
        self._resources = contextlib.ExitStack()
        self._browser: Browser | None = None

    def get(self) -> Browser:
        if self._browser is None:
            executable = shutil.which("chromium") or shutil.which("chromium-browser")
            if executable is None:
                _unavailable("Chromium is not installed (sudo apt-get install chromium): the report is not checked")
            if importlib.util.find_spec("playwright") is None:
                _unavailable("Python's playwright package is missing: pip install -e '.[dev]'")
            from playwright.sync_api import sync_playwright

            playwright = self._resources.enter_context(sync_playwright())
            self._browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
            self._resources.callback(self._browser.close)
        return self._browser

    def close(self) -> None:
        self._resources.close()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Chromium]:
    browser = Chromium()
    try:
        yield browser
    finally:
        browser.close()


@dataclass
class Opened:
    """A report open in its own browser context, and everything the page did."""

    journey_map: JourneyMap
    url: str
    page: Page
    requests: list[str] = field(default_factory=list)
    aborted: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    """Console errors and warnings (CSP violations among them) and uncaught page errors."""

    def assert_clean(self) -> None:
        assert self.messages == []
        assert self.requests == [self.url], "the report must load nothing but itself"
        assert self.aborted == []


@pytest.fixture
def open_report(chromium: Chromium, cjm: Callable[..., Run], tmp_path: Path) -> Iterator[Callable[..., Opened]]:
    """Render a map's HTML report with the real command line into tmp_path, and open it via file:// in a
    fresh browser context that records what the page does: `open_report(path, width=390, scheme="dark")`."""
    contexts: list[BrowserContext] = []

    def open_map(map_path: Path, width: int = 1400, scheme: str = "light") -> Opened:
        browser = chromium.get()
        if shutil.which("dot") is None:
            _unavailable("Graphviz's dot is not installed: the report cannot be rendered")
        checked = check_file(str(map_path))
        assert checked.journey_map is not None
        run = cjm("render", map_path, "-o", tmp_path / "out", "-f", "html")
        assert run.exit_code == 0, run.stdout + run.stderr
        html = tmp_path / "out" / f"{map_path.stem}.html"
        assert html.is_file()

        context = browser.new_context(
            viewport={"width": width, "height": 900},
            color_scheme="dark" if scheme == "dark" else "light",
            service_workers="block",
        )
        contexts.append(context)
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        opened = Opened(checked.journey_map, html.as_uri(), page)

        def on_console(message: ConsoleMessage) -> None:
            if message.type in ("error", "warning"):
                opened.messages.append(f"console {message.type}: {message.text}")

        def on_page_error(error: Error) -> None:
            opened.messages.append(f"page error: {error}")

        def on_request(request: Request) -> None:
            opened.requests.append(request.url)

        def guard(route: Route) -> None:  # the second line of defence: nothing but the report itself
            if route.request.url == opened.url:
                route.continue_()
            else:
                opened.aborted.append(route.request.url)
                route.abort()

        page.on("console", on_console)
        page.on("pageerror", on_page_error)
        context.on("request", on_request)
        context.route("**/*", guard)
        page.goto(opened.url, wait_until="load")
        return opened

    yield open_map
    for context in contexts:
        context.close()


def _screenshot(page: Page, path: Path) -> None:
    page.screenshot(path=path, full_page=True)
    assert path.read_bytes().startswith(PNG_SIGNATURE)


def _displays(locator: Locator) -> list[str]:
    displays: list[str] = locator.evaluate_all("(elements) => elements.map((e) => getComputedStyle(e).display)")
    return displays


def _words(text: str | None) -> str:
    return " ".join((text or "").split())


@pytest.mark.parametrize("map_path", MAPS, ids=lambda p: p.stem)
def test_report_loads_nothing_breaks_no_policy_and_shows_the_map(
    open_report: Callable[[Path], Opened], map_path: Path, tmp_path: Path
) -> None:
    opened = open_report(map_path)
    page, journey_map = opened.page, opened.journey_map

    assert _words(page.locator("h1").text_content()) == _words(journey_map.title)
    assert page.locator("meta[http-equiv='Content-Security-Policy']").count() == 1
    assert page.locator("script").count() == 0

    if journey_map.journey is not None:
        stages = [_words(s.name) for s in journey_map.journey.stages]
        grid = page.locator("table.grid")
        assert grid.count() == 1 and grid.is_visible()
        heads = [_words(t) for t in grid.locator("thead th").all_text_contents()]
        assert len(heads) == len(stages) + 1  # the corner cell, then one column per stage
        for head, stage in zip(heads[1:], stages, strict=True):
            assert stage in head
        assert grid.locator("tbody tr").count() > 0

    shot = tmp_path / f"{map_path.stem}.png"
    _screenshot(page, shot)
    if os.environ.get("CJM_SHOTS"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, SHOTS / shot.name)
    opened.assert_clean()


@pytest.mark.parametrize("map_path", MAPS, ids=lambda p: p.stem)
def test_persona_switch_hides_and_shows_that_personas_elements(
    open_report: Callable[[Path], Opened], map_path: Path
) -> None:
    opened = open_report(map_path)
    page, journey_map = opened.page, opened.journey_map
    if not journey_map.personas:
        assert page.locator("input[id^='persona-']").count() == 0
        assert page.locator("[data-p]").count() == 0
        opened.assert_clean()
        return

    first = journey_map.personas[0].id
    mine = page.locator('[data-p="0"]')
    card = page.locator('article.persona[data-p="0"]')
    curve = page.locator('g.curve[data-p="0"]')
    has_curve = journey_map.journey is not None and any(first in s.emotions for s in journey_map.journey.stages)
    others = page.locator('article.persona[data-p="1"]')
    switch = page.locator("#persona-0")

    assert switch.is_checked()
    assert mine.count() > 1 and "none" not in _displays(mine)
    assert card.is_visible()
    assert curve.is_visible() == has_curve

    page.locator("label", has=switch).click()  # the label toggles its checkbox
    assert not switch.is_checked()
    assert set(_displays(mine)) == {"none"}
    assert not card.is_visible() and not curve.is_visible()
    assert [m.is_visible() for m in mine.all()] == [False] * mine.count()
    if len(journey_map.personas) > 1:
        assert others.is_visible()

    switch.click()
    assert switch.is_checked()
    assert "none" not in _displays(mine)
    assert card.is_visible()
    assert curve.is_visible() == has_curve
    opened.assert_clean()


@pytest.mark.parametrize("map_path", MAPS, ids=lambda p: p.stem)
def test_lane_switch_hides_and_shows_its_rows(open_report: Callable[[Path], Opened], map_path: Path) -> None:
    opened = open_report(map_path)
    page = opened.page
    switches = page.locator("input[id^='lane-']")
    if opened.journey_map.journey is None:
        assert switches.count() == 0
        opened.assert_clean()
        return

    switch = page.locator("#lane-pains") if page.locator("#lane-pains").count() else switches.first
    key = (switch.get_attribute("id") or "").removeprefix("lane-")
    rows = page.locator(f'table.grid tr[data-lane="{key}"]')
    other_rows = page.locator(f'table.grid tbody tr[data-lane]:not([data-lane="{key}"])')
    assert rows.count() > 0 and other_rows.count() > 0
    assert all(r.is_visible() for r in rows.all())

    switch.click()
    assert not switch.is_checked()
    assert set(_displays(rows)) == {"none"}
    assert not any(r.is_visible() for r in rows.all())
    assert "none" not in _displays(other_rows)

    page.locator("label", has=switch).click()
    assert switch.is_checked()
    assert all(r.is_visible() for r in rows.all())
    opened.assert_clean()


@pytest.mark.parametrize("map_path", MAPS, ids=lambda p: p.stem)
def test_print_media_hides_the_switches_and_keeps_the_map(
    open_report: Callable[[Path], Opened], map_path: Path
) -> None:
    opened = open_report(map_path)
    page = opened.page
    switches = page.locator("form.switches")
    assert switches.count() == 0 or switches.is_visible()

    page.emulate_media(media="print")
    assert page.evaluate("matchMedia('print').matches") is True
    assert switches.count() == 0 or not switches.is_visible()
    assert not any(box.is_visible() for box in page.locator("input[type=checkbox]").all())
    assert page.locator("h1").is_visible()
    if opened.journey_map.journey is not None:
        assert page.locator("table.grid").is_visible()

    assert page.pdf(prefer_css_page_size=True).startswith(b"%PDF")  # what printing makes
    if os.environ.get("CJM_SHOTS"):  # a full-page screenshot costs a second; only when someone will look
        SHOTS.mkdir(parents=True, exist_ok=True)
        _screenshot(page, SHOTS / f"{map_path.stem}.print.png")
    opened.assert_clean()


PHONE = 390
MODES = [(1440, "light"), (PHONE, "dark")]  # contrast does not change with the width, nor layout with the theme


def _axe_script() -> str:
    return files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")


@pytest.mark.parametrize(("width", "scheme"), MODES, ids=[f"{w}-{s}" for w, s in MODES])
@pytest.mark.parametrize("map_path", MAPS, ids=lambda p: p.stem)
def test_axe_finds_no_serious_violation(
    open_report: Callable[..., Opened], map_path: Path, width: int, scheme: str
) -> None:
    opened = open_report(map_path, width=width, scheme=scheme)
    page = opened.page
    page.evaluate(_axe_script())  # evaluated by the browser's debugger, which the report's policy does not govern
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{v['id']} ({v['impact']}): {len(v['nodes'])} nodes, e.g. {v['nodes'][0]['target']}: "
        + v["nodes"][0].get("failureSummary", "").replace("\n", " ")
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
    assert results["testEngine"]["name"] == "axe-core"
    opened.assert_clean()


@pytest.mark.parametrize("map_path", MAPS, ids=lambda p: p.stem)
def test_no_sideways_overflow_on_a_phone_and_every_scroll_box_reachable_and_named(
    open_report: Callable[..., Opened], map_path: Path
) -> None:
    opened = open_report(map_path, width=PHONE)
    page = opened.page
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE
    assert page.locator("main").count() == 1
    boxes = page.locator(".scroll, .picture")
    for box in boxes.all():
        assert box.get_attribute("tabindex") == "0"
        label = box.get_attribute("aria-labelledby") or ""
        assert box.get_attribute("role") == "region"
        assert (page.locator(f"#{label}").text_content() or "").strip()
    # the keyboard reaches each box: tabbing through the page focuses every one of them
    focused = set()
    for _ in range(400):
        page.keyboard.press("Tab")
        focused.add(page.evaluate("document.activeElement.getAttribute('aria-labelledby') || ''"))
    assert {box.get_attribute("aria-labelledby") for box in boxes.all()} <= focused
    opened.assert_clean()


def test_dark_theme_follows_the_system(open_report: Callable[..., Opened]) -> None:
    colours = "() => [getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]"
    light = open_report(EXAMPLES / "sales-system.yaml").page.evaluate(colours)
    dark = open_report(EXAMPLES / "sales-system.yaml", scheme="dark").page.evaluate(colours)

    def luminance(colour: str) -> float:
        r, g, b = (int(x) for x in colour.removeprefix("rgb(").removesuffix(")").split(","))
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255

    assert luminance(light[0]) > 0.9 > 0.2 > luminance(light[1])
    assert luminance(dark[0]) < 0.2 < 0.8 < luminance(dark[1])


def test_flow_fits_the_page_and_opens_at_actual_size_from_the_keyboard(
    open_report: Callable[..., Opened],
) -> None:
    opened = open_report(EXAMPLES / "sales-system.yaml")
    page = opened.page
    box, picture = page.locator(".flow .picture"), page.locator(".flow .picture svg")
    drawn = float(picture.get_attribute("width").removesuffix("pt")) * 4 / 3  # type: ignore[union-attr]
    fitted = picture.bounding_box()
    assert fitted is not None and box.bounding_box() is not None
    assert fitted["width"] <= box.evaluate("b => b.clientWidth") < drawn  # the whole picture in view

    page.locator("#flow-fit").focus()
    page.keyboard.press("ArrowRight")  # the radio group, as the keyboard moves through it
    assert page.locator("#flow-full").is_checked()
    full = picture.bounding_box()
    assert full is not None and abs(full["width"] - drawn) < 2
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")  # the box scrolls; the page does not
    assert page.evaluate("document.documentElement.scrollWidth") <= 1400

    page.emulate_media(media="print")
    assert not page.locator(".picture-size").is_visible()
    printed = picture.bounding_box()
    assert printed is not None and printed["width"] <= page.evaluate("document.documentElement.clientWidth")
    assert page.locator(".flow").evaluate("s => getComputedStyle(s).breakBefore") == "page"
    opened.assert_clean()


def _cells(opened: Opened, block: str, column: str) -> list[str]:
    table = opened.page.locator(f"section.{block} table")
    return [" ".join(t.split()) for t in table.locator(f"tbody .c-{column}").all_text_contents()]


def test_automations_pages_and_campaigns_are_listed_as_the_map_says(open_report: Callable[..., Opened]) -> None:
    opened = open_report(EXAMPLES / "sales-system.yaml")
    m: JourneyMap = opened.journey_map
    automations = [a for p in m.deals for s in p.stages for a in s.automations]
    assert _cells(opened, "automations", "text") == [" ".join((a.text or "").split()) for a in automations]
    # a pipeline's name and a stage's, written once over the rows of their automations
    assert _cells(opened, "automations", "funnel") == [p.name for p in m.deals if any(s.automations for s in p.stages)]
    assert m.site is not None
    assert _cells(opened, "pages", "page") == [page.title for page in m.site.pages]
    landed = {
        page.id
        for c in m.ppc
        for g in c.groups
        for x in (g.landing, *(ad.landing for ad in g.ads))
        if x and (page := Landings(m.site).page(x))
    }
    unpromoted = opened.page.locator("section.pages tr.unpromoted th.lead").all_text_contents()
    assert unpromoted == [page.title for page in m.site.pages if page.id not in landed]
    assert _cells(opened, "campaigns", "ad_group") == [g.name for c in m.ppc for g in c.groups]
    keywords = opened.page.locator("section.campaigns td.c-keywords li").all_text_contents()
    assert keywords == [k for c in m.ppc for g in c.groups for k in g.keywords]
    opened.assert_clean()


# --- the portfolio index (`cjm render --index`), opened the same way -----------------------------------------


INDEX_MODES = [(1440, "light"), (1440, "dark"), (PHONE, "light"), (PHONE, "dark")]


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
    shutil.copytree(EXAMPLES / "shared", maps / "shared")  # what the examples include
    shutil.copy(EXAMPLES / "invalid" / "unknown-references.yaml", maps / "broken.yaml")
    out = folder / "out"
    arguments = ["render", str(maps), "-o", str(out), "-f", "html", "--index", "--today", "2027-03-01"]
    result = CliRunner().invoke(app, arguments, catch_exceptions=False)
    assert result.exit_code == 1, result.stdout  # the broken map; every other one is drawn
    return out / "index.html"


@dataclass
class OpenedIndex:
    page: Page
    url: str
    requests: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.messages == []
        assert self.requests == [self.url], "the index must load nothing but itself"


@pytest.fixture
def open_index(chromium: Chromium, index: Path) -> Iterator[Callable[..., OpenedIndex]]:
    contexts: list[BrowserContext] = []

    def open_page(width: int = 1440, scheme: str = "light") -> OpenedIndex:
        browser = chromium.get()
        context = browser.new_context(
            viewport={"width": width, "height": 900}, color_scheme="dark" if scheme == "dark" else "light"
        )
        contexts.append(context)
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        opened = OpenedIndex(page, index.as_uri())

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


@pytest.mark.parametrize(("width", "scheme"), INDEX_MODES, ids=[f"{w}-{s}" for w, s in INDEX_MODES])
def test_the_index_is_clean_and_accessible_and_fits_a_phone(
    open_index: Callable[..., OpenedIndex], width: int, scheme: str, tmp_path: Path
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


def test_the_index_follows_the_systems_dark_theme(open_index: Callable[..., OpenedIndex]) -> None:
    background = "() => getComputedStyle(document.body).backgroundColor"

    def luminance(colour: str) -> float:
        r, g, b = (int(x) for x in colour.removeprefix("rgb(").removesuffix(")").split(","))
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255

    assert luminance(open_index(scheme="light").page.evaluate(background)) > 0.9
    assert luminance(open_index(scheme="dark").page.evaluate(background)) < 0.2


def test_every_link_of_the_index_opens_a_report(open_index: Callable[..., OpenedIndex]) -> None:
    opened = open_index()
    hrefs: list[str] = opened.page.locator("a[href]").evaluate_all("links => links.map((a) => a.href)")
    assert len(hrefs) == len(list(EXAMPLES.glob("*.yaml")))  # every map but the broken one
    for href in hrefs:
        address = urlsplit(href)
        assert address.scheme == "file"
        assert Path(unquote(address.path)).is_file()
    opened.assert_clean()
