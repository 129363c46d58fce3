"""The portfolio index (`cjm render --index`): every map of a folder in one page and one JSON document, maps
with problems marked, links that reach the reports, the same bytes every run (whether the maps were drawn or
found unchanged by their stamps), review dates that depend on `--today`, never on the clock."""

from __future__ import annotations

import functools
import html
import json
import shutil
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cjm_cli.analysis.plan import STATUSES
from cjm_cli.analysis.portfolio import FunnelSummary, MapSummary, OffTarget, Review, from_data, summarise, to_data
from cjm_cli.api import check_file
from cjm_cli.render.index import index_html
from cjm_cli.views.portfolio import KPIS_SHOWN, IndexEntry, portfolio
from conftest import EXAMPLES, SMALL_MAP, Run

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz")

BROKEN = EXAMPLES / "invalid" / "typo-keys.yaml"
REVIEWED = """\
cjm: 1
title: Reviewed monthly
lang: en
reviewed: 2026-01-31
review_every: 1 month
journey:
  stages:
    - id: buy
      name: Buy
      pains:
        - {id: slow, text: Slow checkout}
        - {id: fees, text: Hidden fees}
        - No chat
      opportunities:
        - {text: One-page checkout, fixes: [slow], status: done}
        - {text: Show fees early, fixes: [fees], status: planned}
        - {text: A chat, status: dropped}
      kpis:
        - {name: Conversion, actual: 2, target: 3, unit: "%"}
        - {name: Refunds, actual: 1, target: 5, better: lower}
"""


class Links(HTMLParser):
    """Every link of a page, and whether it holds a script."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.scripts += tag == "script"
        self.hrefs += [value for name, value in attrs if tag == "a" and name == "href" and value is not None]


def links(page: Path) -> Links:
    parser = Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


@pytest.fixture
def maps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Copies of the examples, a map with problems and a map of its own in maps/ (and maps/more/), in tmp_path."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "maps"
    (folder / "more").mkdir(parents=True)
    for example in sorted(EXAMPLES.glob("*.yaml")):
        shutil.copy(example, folder / example.name)
    shutil.copytree(EXAMPLES / "shared", folder / "shared")  # what the examples include
    shutil.copy(BROKEN, folder / "broken.yaml")
    (folder / "more" / "reviewed.yaml").write_text(REVIEWED, encoding="utf-8")
    return folder


def index_of(folder: Path) -> dict:  # type: ignore[type-arg]
    document: dict = json.loads((folder / "index.json").read_text(encoding="utf-8"))  # type: ignore[type-arg]
    return document


def test_the_index_lists_every_map_with_its_figures_and_marks_those_with_problems(
    cjm: Callable[..., Run], maps: Path
) -> None:
    run = cjm("render", "maps", "-o", "out", "-f", "html", "--index")
    assert run.exit_code == 1  # broken.yaml has problems; every other map is drawn all the same
    assert "wrote out/index.html" in run.stderr and "wrote out/index.json" in run.stderr
    document = index_of(Path("out"))
    found = sorted(str(p.relative_to(maps.parent)) for p in maps.rglob("*.yaml") if p.parent.name != "shared")
    assert [m["path"] for m in document["maps"]] == found
    assert set(document) == {"index", "lang", "today", "totals", "maps"}

    for entry in document["maps"]:
        assert set(entry) == {"path", "report", "valid", "overdue", "errors", "warnings", "summary"}
        checked = check_file(entry["path"])
        errors = [p for p in checked.problems if p.severity == "error"]
        assert entry["valid"] == (not errors)
        assert [(e["line"], e["column"], e["code"]) for e in entry["errors"]] == [
            (p.position.line, p.position.column, p.code) for p in errors
        ]
        if errors:  # marked, not dropped: no figures, no report
            assert entry["summary"] is None and entry["report"] is None
            continue
        assert checked.journey_map is not None
        assert entry["summary"]["title"] == checked.journey_map.title
        assert entry["summary"]["personas"] == [p.name for p in checked.journey_map.personas]

    totals = document["totals"]
    assert totals["maps"] == len(found) and totals["with_problems"] == 1
    assert totals["overdue"] is None and document["today"] is None
    page = Path("out/index.html").read_text(encoding="utf-8")
    assert 'class="map problems"' in page and "broken.yaml" in page
    assert "missing required key &#39;title&#39;" in page


def test_every_link_of_the_index_reaches_a_report(cjm: Callable[..., Run], maps: Path) -> None:
    cjm("render", "maps", "-o", "out", "-f", "html", "--index")
    document = index_of(Path("out"))
    reports = [m["report"] for m in document["maps"] if m["report"]]
    assert len(reports) == sum(m["valid"] for m in document["maps"]) == len(document["maps"]) - 1
    assert "more/reviewed.html" in reports  # a map in a subfolder keeps it
    for report in reports:
        assert (Path("out") / report).is_file()
    hrefs = links(Path("out/index.html")).hrefs
    assert [unquote(href) for href in hrefs] == reports


def test_without_an_output_folder_the_index_goes_where_the_maps_outputs_meet(
    cjm: Callable[..., Run], maps: Path
) -> None:
    shutil.move(maps / "broken.yaml", maps.parent / "broken.yaml")  # out of the folder rendered
    run = cjm("render", "maps", "-f", "html", "--index")
    assert run.exit_code == 0, run.stderr
    document = index_of(maps)
    for entry in document["maps"]:
        assert (maps / entry["report"]).is_file()
        assert Path(entry["path"]).with_suffix(".html").absolute() == maps / entry["report"]


def test_the_index_is_the_same_bytes_drawn_or_unchanged_and_with_any_number_of_jobs(
    cjm: Callable[..., Run], maps: Path
) -> None:
    cjm("render", "maps", "-o", "one", "-f", "html", "--index", "--jobs", "1", "--today", "2027-03-01")
    cjm("render", "maps", "-o", "two", "-f", "html", "--index", "--jobs", "2", "--today", "2027-03-01")
    first = {name: (Path("one") / name).read_bytes() for name in ("index.html", "index.json")}
    assert first == {name: (Path("two") / name).read_bytes() for name in first}

    for name in first:
        (Path("one") / name).unlink()
    again = cjm("render", "maps", "-o", "one", "-f", "html", "--index", "--today", "2027-03-01")
    valid = sum(m["valid"] for m in json.loads(first["index.json"])["maps"])
    assert f"{valid} maps unchanged since drawn" in again.stderr  # the figures came from the stamps
    assert "wrote one/reviewed" not in again.stderr
    assert first == {name: (Path("one") / name).read_bytes() for name in first}

    quiet = cjm("render", "maps", "-o", "one", "-f", "html", "--index", "--today", "2027-03-01")
    assert "index" not in quiet.stderr  # the same bytes are not written again


def test_reviews_are_overdue_only_against_the_day_given(cjm: Callable[..., Run], maps: Path) -> None:
    def reviewed(*today: str) -> dict:  # type: ignore[type-arg]
        cjm("render", "maps/more", "-o", "out", "-f", "html", "--index", *today)
        entry: dict = index_of(Path("out"))["maps"][0]  # type: ignore[type-arg]
        return entry

    # a month after 31 January is the last day of February
    assert reviewed()["summary"]["review"] == {"reviewed": "2026-01-31", "every": "1 month", "due": "2026-02-28"}
    assert reviewed()["overdue"] is None
    assert "2026-02-28" in Path("out/index.html").read_text(encoding="utf-8")
    assert reviewed("--today", "2026-02-28")["overdue"] is False
    assert reviewed("--today", "2026-03-01")["overdue"] is True
    assert index_of(Path("out"))["totals"]["overdue"] == 1
    assert "2026-02-28 · overdue" in Path("out/index.html").read_text(encoding="utf-8")


def test_a_summary_takes_its_figures_from_the_map(cjm: Callable[..., Run], maps: Path) -> None:
    cjm("render", "maps/more", "-o", "out", "-f", "html", "--index")
    summary = index_of(Path("out"))["maps"][0]["summary"]
    assert summary["pains"] == 3
    assert summary["open_pains"] == 2  # the done opportunity fixes `slow`; a planned one fixes nothing yet
    assert summary["opportunities"] == {"planned": 1, "done": 1, "dropped": 1}
    assert summary["kpis"] == 2
    assert [k["name"] for k in summary["off_target"]] == ["Conversion"]
    assert summary["off_target"][0]["gap"] == -1


def test_the_index_speaks_the_language_most_maps_are_written_in(cjm: Callable[..., Run], maps: Path) -> None:
    cjm("render", "maps", "-o", "out", "-f", "html", "--index")
    document = index_of(Path("out"))
    langs = [m["summary"]["lang"] for m in document["maps"] if m["summary"]]
    assert langs.count("ru") == langs.count("en") and langs[0] == "ru"  # equals: the first map's
    assert document["lang"] == "ru"
    page = Path("out/index.html").read_text(encoding="utf-8")
    assert '<html lang="ru">' in page and "Карты пути клиента" in page

    two_to_one = ("maps/sales-system.yaml", "maps/more", "maps/b2c-running-shoes.yaml")
    cjm("render", *two_to_one, "-o", "en", "-f", "html", "--index")
    assert index_of(Path("en"))["lang"] == "en"
    assert '<html lang="en">' in Path("en/index.html").read_text(encoding="utf-8")


def test_check_compares_the_index_too(cjm: Callable[..., Run], maps: Path) -> None:
    (maps / "broken.yaml").unlink()
    cjm("render", "maps", "-o", "out", "-f", "html", "--index")
    assert cjm("render", "--check", "maps", "-o", "out", "-f", "html", "--index").exit_code == 0

    (Path("out") / "index.json").unlink()
    Path("out/index.html").write_text("edited", encoding="utf-8")
    run = cjm("render", "--check", "maps", "-o", "out", "-f", "html", "--index")
    assert run.exit_code == 1
    said = [line for line in run.stdout.splitlines() if line.startswith(("stale", "missing"))]
    assert said == ["stale out/index.html", "missing out/index.json"]
    assert not Path("out/index.json").exists()


@pytest.mark.parametrize(
    ("arguments", "says"),
    [
        (["--today", "2026-01-01"], "--today is the day the index marks overdue reviews by: add --index"),
        (["--index", "--today", "2026-02-30"], "not a day of the calendar"),
        (["--index", "--shard", "1/2"], "--index lists every map"),
    ],
)
def test_options_that_do_not_go_together_are_usage_errors(
    cjm: Callable[..., Run], maps: Path, arguments: list[str], says: str
) -> None:
    run = cjm("render", "maps", "-o", "out", *arguments)
    assert run.exit_code == 2
    assert says in run.stderr
    assert not Path("out").exists()


def test_a_map_whose_report_would_be_the_index_is_a_usage_error(cjm: Callable[..., Run], tmp_path: Path) -> None:
    (tmp_path / "index.yaml").write_text(SMALL_MAP, encoding="utf-8")
    run = cjm("render", tmp_path / "index.yaml", "-f", "html", "--index")
    assert run.exit_code == 2
    assert "which is the index" in run.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.yaml"]
    assert cjm("render", tmp_path / "index.yaml", "-f", "svg", "--index").exit_code == 0  # no report, no clash
    [entry] = index_of(tmp_path)["maps"]
    assert entry["valid"] and entry["report"] is None
    assert "no report: rendered without html" in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_hostile_titles_and_file_names(cjm: Callable[..., Run], tmp_path: Path) -> None:
    folder = tmp_path / "maps"
    folder.mkdir()
    hostile = "<script>alert(1)</script> {{ 7*7 }}"
    names = ["a b#1?.yaml", "карта %20.yaml", "x&y.yaml"]
    for name in names:
        (folder / name).write_text(SMALL_MAP.replace("title: Shop", f"title: '{hostile}'"), encoding="utf-8")
    run = cjm("render", folder, "-o", tmp_path / "out", "-f", "html", "--index")
    assert run.exit_code == 0, run.stderr
    page = links(tmp_path / "out" / "index.html")
    assert page.scripts == 0
    assert sorted(unquote(href) for href in page.hrefs) == sorted(Path(n).stem + ".html" for n in names)
    for href in page.hrefs:
        assert (tmp_path / "out" / unquote(href)).is_file()
    text = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;" in text and "{{ 7*7 }}" in text


def test_the_page_allows_only_its_own_style() -> None:
    checked = check_file(str(EXAMPLES / "sales-system.yaml"))
    assert checked.journey_map is not None
    entry = IndexEntry("sales-system.yaml", summarise(checked.journey_map), (), "sales-system.html")
    page = index_html(portfolio([entry], None))
    assert "default-src 'none'; style-src 'sha256-" in html.unescape(page)
    assert "<script" not in page and "http://" not in page and "https://" not in page


@functools.cache
def _summary() -> MapSummary:
    checked = check_file(str(EXAMPLES / "b2c-running-shoes.yaml"))
    assert checked.journey_map is not None
    return summarise(checked.journey_map)


@settings(max_examples=60, deadline=None)
@given(
    st.text(
        st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="/\\"),
        min_size=1,
        max_size=40,
    )
)
def test_any_report_name_is_linked_to_exactly(name: str) -> None:
    """Whatever a report is called, its link unquotes to its path and holds nothing a page or a URL reads."""
    report = f"sub/{name}.html"
    card = portfolio([IndexEntry(f"{name}.yaml", _summary(), (), report)], None).cards[0]
    assert card.href is not None and unquote(card.href) == report
    assert card.href.isascii() and not set(card.href) & set("<>\"' #?&")


def test_a_card_lists_the_first_kpis_off_target_and_says_how_many_more() -> None:
    summary = _summary()
    assert len(summary.off_target) > KPIS_SHOWN
    card = portfolio([IndexEntry("shoes.yaml", summary, (), "shoes.html")], None).cards[0]
    assert [k.name for k in card.off_target] == [k.name for k in summary.off_target[:KPIS_SHOWN]]
    assert card.more_kpis == f"and {len(summary.off_target) - KPIS_SHOWN} more in the report"
    assert card.kpis == f"{len(summary.off_target)} of {summary.kpis}"


def test_a_link_where_the_index_would_go_is_a_located_problem(cjm: Callable[..., Run], maps: Path) -> None:
    Path("out").mkdir()
    Path("out/index.html").symlink_to(Path("elsewhere.html").absolute())
    run = cjm("render", "maps/more", "-o", "out", "-f", "html", "--index")
    assert run.exit_code == 1
    assert "out/index.html:1:1: error output-link" in run.stderr
    assert not Path("elsewhere.html").exists() and not Path("out/index.json").exists()  # all or nothing
    assert Path("out/reviewed.html").is_file()  # the maps are drawn all the same


def test_maps_from_two_folders_get_the_index_in_the_folder_above_both(cjm: Callable[..., Run], maps: Path) -> None:
    run = cjm("render", "maps/more/reviewed.yaml", "maps/sales-system.yaml", "-f", "html", "--index")
    assert run.exit_code == 0, run.stderr
    assert [m["report"] for m in index_of(maps)["maps"]] == ["more/reviewed.html", "sales-system.html"]


_TEXT = st.text(max_size=30)  # any Unicode but surrogates
_NUMBER = st.floats(allow_nan=False, allow_infinity=False)
_COUNT = st.none() | st.integers(0, 10**12)
_SUMMARIES = st.builds(
    MapSummary,
    title=_TEXT,
    type=st.sampled_from(["current", "ideal", "day-in-life", "blueprint"]),
    lang=st.sampled_from(["ru", "en"]),
    owner=st.none() | _TEXT,
    personas=st.lists(_TEXT, max_size=3).map(tuple),
    funnels=st.lists(
        st.builds(
            FunnelSummary,
            key=_TEXT,
            kind=st.sampled_from(["leads", "pipeline"]),
            name=st.none() | _TEXT,
            entry=_COUNT,
            won=_COUNT,
            conversion=st.none() | _NUMBER,
            revenue=st.none() | _NUMBER,
            currency=st.none() | _TEXT,
            period=st.none() | _TEXT,
        ),
        max_size=3,
    ).map(tuple),
    kpis=st.integers(0, 1000),
    off_target=st.lists(
        st.builds(
            OffTarget,
            stage=_TEXT,
            name=_TEXT,
            actual=_NUMBER,
            target=_NUMBER,
            unit=st.none() | _TEXT,
            better=st.sampled_from(["higher", "lower"]),
            gap=_NUMBER,
        ),
        max_size=3,
    ).map(tuple),
    pains=st.integers(0, 1000),
    open_pains=st.integers(0, 1000),
    opportunities=st.dictionaries(st.sampled_from(STATUSES), st.integers(1, 1000)).map(
        lambda counts: {status: counts[status] for status in STATUSES if status in counts}
    ),
    review=st.none() | st.builds(Review, st.none() | _TEXT, st.none() | _TEXT, st.none() | _TEXT),
)


@settings(max_examples=80, deadline=None)
@given(_SUMMARIES)
def test_a_summary_comes_back_from_a_stamp_as_it_went_in(summary: MapSummary) -> None:
    """A stamp is sorted JSON in ASCII: what it keeps must make the very same index as the map itself."""
    kept = json.loads(json.dumps({"summary": to_data(summary)}, sort_keys=True, ensure_ascii=True))
    assert from_data(kept["summary"]) == summary


def test_a_valid_map_whose_outputs_were_not_all_made_is_marked_as_such(cjm: Callable[..., Run], maps: Path) -> None:
    Path("out").mkdir()
    Path("out/reviewed.html").symlink_to(Path("elsewhere.html").absolute())  # its report cannot be written
    run = cjm("render", "maps/more", "-o", "out", "-f", "html", "--index")
    assert run.exit_code == 1 and "output-link" in run.stdout
    [entry] = index_of(Path("out"))["maps"]
    assert entry["valid"] and entry["summary"] is not None
    assert entry["report"] is None and [e["code"] for e in entry["errors"]] == ["output-link"]
    page = Path("out/index.html").read_text(encoding="utf-8")
    assert "Not every output of the map was made (errors: 1)" in page and "not drawn" not in page
    assert "rendered without html" not in page
