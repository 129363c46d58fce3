"""`cjm render`: views, outputs, file names, determinism, atomic writes, Graphviz failures and hostile text."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import sys
import textwrap
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from cjm_cli.analysis.gap import twin_gap
from cjm_cli.api import check_file
from cjm_cli.render.canvas import STAGES_PER_BAND
from cjm_cli.render.flow import flow_dot
from cjm_cli.render.html import html_report
from cjm_cli.render.journey import journey_dot
from cjm_cli.views.flow import build_flow
from cjm_cli.views.grid import build_grid
from cjm_cli.views.words import words
from conftest import EXAMPLES, Run

EXAMPLE_MAPS = sorted(EXAMPLES.glob("*.yaml"))
SVG = "{http://www.w3.org/2000/svg}"


def svg_text(path: Path) -> str:
    """All text drawn in an SVG, line by line (labels are split into lines by the renderer)."""
    root = ET.parse(path).getroot()
    return "\n".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def squeeze(text: str) -> str:
    """Wrapped labels compared without their line breaks."""
    return re.sub(r"\s+", "", text)


# --- golden files -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("example", EXAMPLE_MAPS, ids=lambda p: p.stem)
def test_dot_and_html_match_golden_files(example: Path, golden: Callable[[str, str], None]) -> None:
    journey_map = check_file(str(example)).journey_map
    assert journey_map is not None
    w = words(journey_map.lang)
    flow, grid = build_flow(journey_map), build_grid(journey_map)
    if flow:
        golden(f"{example.stem}.flow.gv", flow_dot(flow, journey_map.title, w))
    if grid:
        golden(f"{example.stem}.journey.gv", journey_dot(grid, journey_map.title, w.map_types[journey_map.type]))
    # The flow picture comes from Graphviz, whose output differs between builds: the golden report holds a stand-in.
    # An ideal map's report has the gap from its twin, as `cjm render` draws it.
    picture = "<svg>flow picture</svg>" if flow else None
    gap = twin_gap(journey_map, example.parent)
    golden(f"{example.stem}.html", html_report(journey_map, grid, flow, picture, gap=gap))


# --- the command ------------------------------------------------------------------------------------------------


def test_renders_every_view_and_format_with_predictable_names(cjm: Callable[..., Run], tmp_path: Path) -> None:
    result = cjm("render", EXAMPLES / "sales-system.yaml", "-o", tmp_path)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "sales-system.flow.png",
        "sales-system.flow.svg",
        "sales-system.html",
        "sales-system.journey.png",
        "sales-system.journey.svg",
        "sales-system.stamp.json",
    ]
    assert f"wrote {tmp_path / 'sales-system.html'}" in result.stderr
    assert "stamp" not in result.stderr  # what made the outputs is not an output to announce


@pytest.mark.parametrize("example", EXAMPLE_MAPS, ids=lambda p: p.stem)
def test_pictures_show_every_stage(example: Path, cjm: Callable[..., Run], tmp_path: Path) -> None:
    assert cjm("render", example, "-o", tmp_path).exit_code == 0
    journey_map = check_file(str(example)).journey_map
    assert journey_map is not None
    if journey_map.journey:
        drawn = squeeze(svg_text(tmp_path / f"{example.stem}.journey.svg"))
        for stage in journey_map.journey.stages:
            assert squeeze(stage.name) in drawn
    if journey_map.deals or journey_map.leads:
        drawn = squeeze(svg_text(tmp_path / f"{example.stem}.flow.svg"))
        names = [s.name for p in journey_map.deals for s in p.stages]
        names += [s.name for s in journey_map.leads.stages] if journey_map.leads else []
        for name in names:
            assert squeeze(name) in drawn
    for png in tmp_path.glob("*.png"):
        width, height = png_size(png)
        assert 200 < width <= 32_767 and 200 < height <= 32_767


def test_the_subtitle_of_a_short_title_is_not_cut_off(cjm: Callable[..., Run], write_map: Callable[..., Path]) -> None:
    path = write_map("cjm: 1\ntitle: A\nlang: ru\njourney:\n  stages: [{id: s, name: Этап}]\n")
    assert cjm("render", path, "-f", "svg", "--view", "journey").exit_code == 0
    svg = ET.fromstring(path.with_suffix(".journey.svg").read_text(encoding="utf-8"))
    [subtitle] = [t for t in svg.iter(f"{SVG}text") if "".join(t.itertext()) == "текущее состояние"]
    [title] = [t for t in svg.iter(f"{SVG}text") if "".join(t.itertext()) == "A"]
    # where the title does, give or take the width of a letter measured by its count (it was 44 pt to the left)
    assert abs(float(subtitle.get("x", 0)) - float(title.get("x", 0))) < 3


def test_flow_view_marks_crm_channels_automations_and_unpromoted_pages(cjm: Callable[..., Run], tmp_path: Path) -> None:
    assert cjm("render", EXAMPLES / "sales-system.yaml", "-o", tmp_path, "-f", "svg", "--view", "flow").exit_code == 0
    drawn = svg_text(tmp_path / "sales-system.flow.svg")
    assert drawn.count("вручную") >= 2  # irr.by and icetrade.by reach the CRM by hand
    assert "Напомнить о заказе" in drawn  # the 5-day reminder of product A
    assert "через 5 дн." in drawn
    assert "не рекламируется" in drawn  # e.g. the blog that no campaign promotes
    assert "81%" in drawn  # leads: 1010 of 1240 reached "in progress"
    assert "конверсия 33%" in drawn  # leads: 410 of 1240 converted
    svg = (tmp_path / "sales-system.flow.svg").read_text(encoding="utf-8")
    assert "#fff59d" in svg  # automations are drawn yellow, as in the seed map


def test_view_and_format_options(cjm: Callable[..., Run], tmp_path: Path) -> None:
    result = cjm(
        "render", EXAMPLES / "b2c-running-shoes.yaml", "-o", tmp_path, "-f", "svg", "-f", "html", "--view", "journey"
    )
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "b2c-running-shoes.html",
        "b2c-running-shoes.journey.svg",
        "b2c-running-shoes.stamp.json",
    ]
    html = (tmp_path / "b2c-running-shoes.html").read_text(encoding="utf-8")
    assert '<table class="grid">' in html and "<svg" in html  # the grid, and the emotion chart, but no flow picture
    assert 'class="flow"' not in html


def test_unknown_format_or_view_is_a_usage_error(cjm: Callable[..., Run], tmp_path: Path) -> None:
    result = cjm("render", EXAMPLES / "b2c-running-shoes.yaml", "-o", tmp_path, "-f", "svg,gif")
    assert result.exit_code == 2
    assert "unknown gif (choose from svg, png, pdf, html)" in result.stderr
    assert cjm("render", EXAMPLES / "b2c-running-shoes.yaml", "--view", "grid").exit_code == 2
    assert not list(tmp_path.iterdir())


def test_a_view_the_map_cannot_draw_is_a_warning(cjm: Callable[..., Run], write_map: Callable[..., Path]) -> None:
    path = write_map("cjm: 1\ntitle: Only channels\nchannels: [{id: tg, name: Telegram, kind: messenger}]\n")
    result = cjm("render", path, "--view", "journey", "-f", "svg")
    assert result.exit_code == 0
    assert "warning no-view the map has no journey block to draw the journey view" in result.stdout
    assert not list(path.parent.glob("*.svg"))


def test_outputs_go_beside_the_map_by_default(cjm: Callable[..., Run], write_map: Callable[..., Path]) -> None:
    path = write_map("cjm: 1\ntitle: Т\njourney: {stages: [{id: a, name: Первый}]}\n", "maps/карта.yaml")
    assert cjm("render", path, "-f", "svg").exit_code == 0
    assert (path.parent / "карта.journey.svg").is_file()


def test_a_directory_keeps_its_subfolders_and_same_names_collide(
    cjm: Callable[..., Run], write_map: Callable[..., Path], tmp_path: Path
) -> None:
    text = "cjm: 1\ntitle: T\njourney: {stages: [{id: a, name: A}]}\n"
    write_map(text, "maps/shop/map.yaml")
    write_map(text, "maps/studio/map.yaml")
    assert cjm("render", tmp_path / "maps", "-o", tmp_path / "out", "-f", "svg").exit_code == 0
    assert (tmp_path / "out/shop/map.journey.svg").is_file()
    assert (tmp_path / "out/studio/map.journey.svg").is_file()
    clash = cjm("render", tmp_path / "maps/shop/map.yaml", tmp_path / "maps/studio/map.yaml", "-o", tmp_path / "flat")
    assert clash.exit_code == 2
    assert "would write the same files" in clash.stderr
    assert not (tmp_path / "flat").exists()


def test_standard_input_needs_an_output_folder(cjm: Callable[..., Run], tmp_path: Path) -> None:
    text = "cjm: 1\ntitle: T\njourney: {stages: [{id: a, name: A}]}\n"
    assert cjm("render", "-", stdin=text).exit_code == 2
    result = cjm("render", "-", "-o", tmp_path, "-f", "svg", stdin=text)
    assert result.exit_code == 0
    assert (tmp_path / "stdin.journey.svg").is_file()


def test_same_map_gives_the_same_bytes(cjm: Callable[..., Run], tmp_path: Path) -> None:
    for run in ("first", "second"):
        assert cjm("render", *EXAMPLE_MAPS, "-o", tmp_path / run).exit_code == 0
    first = {p.name: p.read_bytes() for p in (tmp_path / "first").iterdir()}
    second = {p.name: p.read_bytes() for p in (tmp_path / "second").iterdir()}
    # the grid maps (and their ideal twins) have no sales system to draw as a flow; each map has its stamp
    assert len(first) == 17 + len(EXAMPLE_MAPS)
    assert first == second


def test_cyrillic_font_is_named_and_installed(cjm: Callable[..., Run], tmp_path: Path) -> None:
    assert cjm("render", EXAMPLES / "b2b-blueprint.yaml", "-o", tmp_path, "-f", "svg").exit_code == 0
    svg = (tmp_path / "b2b-blueprint.journey.svg").read_text(encoding="utf-8")
    assert 'font-family="DejaVu Sans"' in svg
    drawn = svg_text(tmp_path / "b2b-blueprint.journey.svg")
    assert "Фронт-офис" in drawn and "линия видимости" in drawn  # cjm's own words in the map's language
    # The PNG is drawn with that font; fontconfig must know it as a font with Cyrillic letters.
    families = subprocess.run(["fc-list", ":lang=ru", "family"], capture_output=True, text=True, check=True).stdout
    assert "DejaVu Sans" in families


def test_many_stages_wrap_into_bands_instead_of_a_strip(
    cjm: Callable[..., Run], write_map: Callable[..., Path]
) -> None:
    stages = "\n".join(f"    - {{id: s{i}, name: Этап номер {i}, actions: [Действие {i}]}}" for i in range(1, 41))
    path = write_map(f"cjm: 1\ntitle: Длинный путь\nlang: ru\njourney:\n  stages:\n{stages}\n")
    assert cjm("render", path, "-f", "svg,png").exit_code == 0
    width, height = png_size(path.parent / "map.journey.png")
    bands = -(-40 // STAGES_PER_BAND)
    assert bands == 3
    assert width < 6000 and height > 3 * 100  # three bands stacked, not one 40-column row
    assert width / height < 8
    drawn = svg_text(path.parent / "map.journey.svg")
    for i in range(1, 41):
        assert f"Этап номер {i}" in drawn
    assert drawn.count("Действия") == bands  # each band repeats its lane titles


# --- failures keep what was there ------------------------------------------------------------------------------


def test_a_broken_map_leaves_previous_outputs_untouched(
    cjm: Callable[..., Run], write_map: Callable[..., Path]
) -> None:
    path = write_map("cjm: 1\ntitle: T\njourney: {stages: [{id: a, name: A}]}\n")
    assert cjm("render", path).exit_code == 0
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in path.parent.iterdir() if p != path}
    write_map("cjm: 1\ntitle: T\njourney: {stages: [{id: a, nam: A}]}\n")
    result = cjm("render", path)
    assert result.exit_code == 1
    assert "unknown-key unknown key 'nam'" in result.stdout
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in path.parent.iterdir() if p != path}
    assert after == before


def fake_dot(folder: Path, script: str) -> dict[str, str]:
    """A PATH whose `dot` is the given shell script: for what real Graphviz cannot be made to do on demand."""
    folder.mkdir()
    dot = folder / "dot"
    dot.write_text("#!/bin/sh\n" + textwrap.dedent(script), encoding="utf-8")
    dot.chmod(0o755)
    return {"PATH": f"{folder}{os.pathsep}/usr/bin:/bin"}


def test_dot_that_hangs_is_stopped_and_leaves_nothing_behind(
    cjm: Callable[..., Run], write_map: Callable[..., Path], tmp_path: Path
) -> None:
    path = write_map("cjm: 1\ntitle: T\njourney: {stages: [{id: a, name: A}]}\n")
    assert cjm("render", path, "-f", "svg").exit_code == 0
    previous = (path.parent / "map.journey.svg").read_bytes()
    pids = tmp_path / "pids"
    env = fake_dot(tmp_path / "bin", f"sleep 60 &\necho $! >> {pids}\nwait\n")
    result = cjm("render", path, "-f", "svg", "--timeout", "1", env=env)
    assert result.exit_code == 1
    assert "error render-failed Graphviz did not finish in 1 s" in result.stdout, result.stdout + result.stderr
    assert "raise --timeout" in result.stdout
    assert (path.parent / "map.journey.svg").read_bytes() == previous
    for pid in pids.read_text().split():  # the child of dot is gone too: the whole process group was killed
        assert gone(int(pid))


def gone(pid: int, wait: float = 10.0) -> bool:
    """Whether the process ends within `wait` seconds (a killed process takes a moment to die)."""
    deadline = time.monotonic() + wait
    while alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def alive(pid: int) -> bool:
    """Whether a process runs (a zombie waiting for its new parent to reap it has ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def test_dot_that_fails_is_reported_with_its_message(
    cjm: Callable[..., Run], write_map: Callable[..., Path], tmp_path: Path
) -> None:
    path = write_map("cjm: 1\ntitle: T\njourney: {stages: [{id: a, name: A}]}\n")
    env = fake_dot(tmp_path / "bin", "echo 'Error: something broke' >&2\nexit 1\n")
    result = cjm("render", path, env=env)
    assert result.exit_code == 1
    assert "Graphviz failed: Error: something broke; map.journey is not drawn" in result.stdout
    # the report does not need Graphviz: it is written, with the stamp that says the picture failed
    assert sorted(p.name for p in path.parent.iterdir() if p.is_file()) == ["map.html", "map.stamp.json", "map.yaml"]
    assert "1 valid, 3 warnings, 1 picture not drawn" in result.stderr  # a valid map whose picture failed


def test_missing_graphviz_is_one_line_and_exit_code_3(
    cjm: Callable[..., Run], write_map: Callable[..., Path], tmp_path: Path
) -> None:
    path = write_map("cjm: 1\ntitle: T\njourney: {stages: [{id: a, name: A}]}\n")
    (tmp_path / "empty").mkdir()
    result = cjm("render", path, env={"PATH": str(tmp_path / "empty")})
    assert result.exit_code == 3
    assert result.stderr.strip().count("\n") == 0
    assert "sudo apt-get install graphviz" in result.stderr
    assert [p.name for p in path.parent.iterdir() if p.is_file()] == ["map.yaml"]


@pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz")
def test_render_through_a_subprocess_as_users_run_it(tmp_path: Path) -> None:
    result = subprocess.run(
        ["cjm", "render", str(EXAMPLES / "b2b-blueprint.yaml"), "-o", str(tmp_path), "-f", "png"],
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert png_size(tmp_path / "b2b-blueprint.journey.png")[0] > 1000


def node_names(svg: Path) -> set[str]:
    return set(re.findall(r'class="node">\s*<title>([^<]*)</title>', svg.read_text(encoding="utf-8")))


def test_edge_cases_draw_only_their_own_nodes(cjm: Callable[..., Run], write_map: Callable[..., Path]) -> None:
    # A pipeline with only a lost stage, a page served by the whole pipeline, a channel feeding it.
    path = write_map(
        """\
        cjm: 1
        title: T
        channels: [{id: c, name: C, kind: site, feeds: p}]
        deals: [{id: p, name: P, stages: [{id: L, name: Lost, meaning: failure}]}]
        site: {pages: [{id: a, title: A, url: /a, deal_stages: [p]}]}
        """
    )
    assert cjm("render", path, "-f", "svg").exit_code == 0
    # the channels are one node (a port each), the site's pages one node (a port each)
    assert node_names(path.parent / "map.flow.svg") == {"channels", "deals0s0", "site"}


def test_zero_and_missing_counts_give_no_conversion(cjm: Callable[..., Run], write_map: Callable[..., Path]) -> None:
    path = write_map(
        """\
        cjm: 1
        title: T
        leads:
          stages:
            - {id: A, name: Первая, count: 0}
            - {id: B, name: Вторая, count: 0}
            - {id: C, name: Третья}
            - {id: W, name: Сделка, meaning: success, count: 3}
        """
    )
    result = cjm("render", path, "-f", "svg")
    assert result.exit_code == 0, result.stdout
    drawn = svg_text(path.parent / "map.flow.svg")
    assert "%" not in drawn  # no base to divide by: no figure rather than a wrong one


def test_a_map_with_no_views_still_gets_its_report(cjm: Callable[..., Run], write_map: Callable[..., Path]) -> None:
    path = write_map("cjm: 1\ntitle: Только заголовок\n")
    assert cjm("render", path).exit_code == 0
    assert [p.name for p in sorted(path.parent.iterdir())] == ["map.html", "map.stamp.json", "map.yaml"]
    assert "<h1>Только заголовок</h1>" in (path.parent / "map.html").read_text(encoding="utf-8")


def edges(svg: Path) -> dict[str, ET.Element]:
    """The SVG group of each edge, by its title (`tail->head`)."""
    root = ET.parse(svg).getroot()
    return {
        "".join(title.itertext()): group
        for group in root.iter(f"{SVG}g")
        if group.get("class") == "edge" and (title := group.find(f"{SVG}title")) is not None
    }


def test_flow_highlights_the_biggest_drop_off(cjm: Callable[..., Run], tmp_path: Path) -> None:
    assert cjm("render", EXAMPLES / "sales-system.yaml", "-o", tmp_path, "-f", "svg", "--view", "flow").exit_code == 0
    by_title = edges(tmp_path / "sales-system.flow.svg")
    # Product A keeps 190 of 265 deals from the proposal to the invoice (72%), its lowest step conversion.
    drop_off = by_title["deals0s1->deals0s2"]
    path = drop_off.find(f"{SVG}path")
    assert path is not None and path.get("stroke") == "#c62828" and path.get("stroke-width") == "3.2"
    # written in the stage the step leads to, not on the edge: 190 of 265
    nodes = {g.findtext(f"{SVG}title"): g for g in ET.parse(tmp_path / "sales-system.flow.svg").iter(f"{SVG}g")}
    written = " ".join(" ".join(nodes["deals0s2"].itertext()).split())
    assert "72% от предыдущей · наибольшие потери \u221228%" in written
    others = [g for title, g in nodes.items() if title and title != "deals0s2" and title.startswith("deals0s")]
    assert all("наибольшие потери" not in "".join(g.itertext()) for g in others)
    drawn = svg_text(tmp_path / "sales-system.flow.svg").replace("\n", " ")  # wrapped lines, read as one text
    assert drawn.count("наибольшие потери") == 3  # one per funnel: leads and both pipelines
    assert "выручка 235\u00a0800 BYN · средний чек 1\u00a0800 BYN" in drawn  # 235 800 BYN won in 131 deals


def test_report_has_a_funnels_table_with_the_drop_off_row_marked(cjm: Callable[..., Run], tmp_path: Path) -> None:
    assert cjm("render", EXAMPLES / "sales-system.yaml", "-o", tmp_path, "-f", "html").exit_code == 0
    html = (tmp_path / "sales-system.html").read_text(encoding="utf-8")
    section = html[html.index('<section class="funnels">') : html.index('<section class="flow">')]
    assert '<h2 id="funnels-heading">Воронки</h2>' in section
    assert section.count('<table class="funnel-table">') == 3
    marked = re.findall(r'<tr class="(\w+) drop-off">\s*<th scope="row"><span class="stage-id">([^<]*)</span>', section)
    assert marked == [
        ("progress", "PROCESSED"),
        ("progress", "PREPAYMENT_INVOICE"),
        ("progress", "C1:PREPAYMENT_INVOICE"),
    ]
    # Not by colour alone: the marked row says so in words.
    assert section.count('<strong class="flag">▼ наибольшие потери \u2212') == 3
    assert "<dt>средний чек</dt><dd>1\u00a0800 BYN</dd>" in section
