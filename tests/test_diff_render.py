"""`cjm diff OLD NEW --render`: the new map drawn with its changes marked, end to end through the CLI with
real Graphviz and real git. Expectations are written by hand: which elements of the pictures and the report
are marked, how, and with what words."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import Run, git

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"

OLD = """\
cjm: 1
title: Shoe shop
lang: en
personas:
  - {id: anna, name: Anna}
departments:
  - {id: sales, name: Sales}
  - {id: web, name: Web team}
journey:
  stages:
    - id: search
      name: Search
      emotions: {anna: 1}
    - id: compare
      name: Compare
      emotions: {anna: 0}
    - id: checkout
      name: Checkout
      owner: sales
      emotions: {anna: -2}
      feelings: {anna: anxious}
      pains:
        - {id: long_form, text: A form of 14 fields}
        - {id: hidden_fees, text: Hidden fees}
      opportunities:
        - {text: One-page checkout, fixes: [long_form]}
      kpis: [{name: Cart abandonment, target: 60, actual: 74, unit: "%", better: lower}]
leads:
  stages:
    - {id: NEW, name: New lead, count: 100}
    - {id: OK, name: Qualified, meaning: success, count: 40}
deals:
  - id: a
    name: Product A
    stages:
      - id: NEW
        name: New deal
        automations:
          - {action: email, text: Old reminder}
      - {id: WON, name: Won, meaning: success}
site:
  pages:
    - {id: home, title: Home page, url: /}
    - {id: sale, title: Sale page, url: /sale/}
ppc:
  - id: search
    name: Search ads
    groups:
      - {id: shoes, name: Shoes group, landing: home, keywords: [running shoes]}
"""


def changed(text: str, *edits: tuple[str, str]) -> str:
    for before, after in edits:
        assert before in text, before
        text = text.replace(before, after, 1)
    return text


NEW = changed(
    OLD,
    ("  - {id: anna, name: Anna}", "  - {id: anna, name: Anna, role: Runner}"),
    (
        "      emotions: {anna: 1}\n",
        "      emotions: {anna: 1}\n      pains: [{id: no_filter, text: No size filter}]\n",
    ),
    ("    - id: compare\n      name: Compare\n      emotions: {anna: 0}\n", ""),
    ("      owner: sales", "      owner: web"),
    ("emotions: {anna: -2}", "emotions: {anna: 0}"),
    ("feelings: {anna: anxious}", "feelings: {anna: calm}"),
    ("        - {id: hidden_fees, text: Hidden fees}\n", ""),
    ("A form of 14 fields", "A form of 6 fields"),
    ("actual: 74", "actual: 65"),
    (
        "leads:\n",
        "    - id: delivery\n      name: Delivery\n      emotions: {anna: 2}\nleads:\n",
    ),
    ("count: 100", "count: 120"),
    ("          - {action: email, text: Old reminder}", "          - {action: sms, text: New SMS}"),
    ("    - {id: sale, title: Sale page, url: /sale/}\n", ""),
    ("keywords: [running shoes]", "keywords: [running shoes, trail shoes]"),
)


# --- reading the outputs ----------------------------------------------------------------------------------------


@dataclass
class Node:
    """A node of an SVG drawn by Graphviz: its lines of text, struck ones, tooltip and pen."""

    texts: list[str]
    struck: list[str]
    tooltip: str | None
    strokes: set[str]
    dashed: bool

    @property
    def tag(self) -> str:
        return self.texts[0] if self.texts else ""


def svg_nodes(svg: str, kind: str = "node") -> list[Node]:
    root = ET.fromstring(svg)
    nodes = []
    for group in root.iter(f"{SVG}g"):
        if group.get("class") != kind:
            continue
        texts = list(group.iter(f"{SVG}text"))
        links = [a.get(f"{XLINK}title") for a in group.iter(f"{SVG}a") if a.get(f"{XLINK}href") is None]
        nodes.append(
            Node(
                ["".join(t.itertext()) for t in texts],
                ["".join(t.itertext()) for t in texts if t.get("text-decoration") == "line-through"],
                links[0] if links else None,
                {e.get("stroke", "") for e in group.iter() if e.get("stroke")},
                any(e.get("stroke-dasharray") for e in group.iter()),
            )
        )
    return nodes


def marked(nodes: list[Node]) -> dict[str, list[list[str]]]:
    """The texts of the nodes that carry a mark, by the mark's tag (their first line)."""
    found: dict[str, list[list[str]]] = {}
    for node in nodes:
        if node.tag[:2] in {"+ ", "~ ", "− "} and node.tooltip:
            found.setdefault(node.tag, []).append(node.texts[1:])
    return found


class Page(HTMLParser):
    """The parts of a report a reader sees: texts by the classes of the elements they are in."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str]] = []
        self.texts: list[tuple[tuple[tuple[str, str], ...], str]] = []
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += attrs
        if tag not in {"meta", "br", "col", "input", "link", "hr", "img"}:  # elements without an end
            self.stack.append((tag, dict(attrs).get("class") or ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)  # `<path .../>`: nothing inside
        self.attributes += attrs

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.texts.append((tuple(self.stack), data.strip()))

    def within(self, *elements: str) -> list[str]:
        """Texts inside all of `elements`, each written `tag` or `tag.class`, in the order of the page."""

        def inside(stack: tuple[tuple[str, str], ...], element: str) -> bool:
            tag, _, css_class = element.partition(".")
            return any(t == tag and (not css_class or css_class in c.split()) for t, c in stack)

        return [text for stack, text in self.texts if all(inside(stack, element) for element in elements)]


def page(html: str) -> Page:
    parsed = Page()
    parsed.feed(html)
    return parsed


@pytest.fixture
def maps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """`old.yaml` and `shop.yaml` in the current folder."""
    monkeypatch.chdir(tmp_path)
    Path("old.yaml").write_text(OLD, encoding="utf-8")
    Path("shop.yaml").write_text(NEW, encoding="utf-8")
    return Path("old.yaml"), Path("shop.yaml")


@pytest.fixture
def drawn(cjm: Callable[..., Run], maps: tuple[Path, Path], tmp_path: Path) -> tuple[Run, Path]:
    old, new = maps
    run = cjm("diff", old, new, "--render", "-o", "out", "-f", "svg,html")
    assert run.exit_code == 0, run.stdout + run.stderr
    return run, Path("out")


# --- the files ------------------------------------------------------------------------------------------------------


def test_the_files_are_named_after_the_new_map_and_the_changes_are_listed_too(drawn: tuple[Run, Path]) -> None:
    run, out = drawn
    assert sorted(p.name for p in out.iterdir()) == ["shop.diff.flow.svg", "shop.diff.html", "shop.diff.journey.svg"]
    assert (
        '  - journey.stages[compare]: "Compare"' in run.stdout.splitlines()
    )  # the list of changes, as without --render
    assert run.stderr.splitlines()[-3:] == [f"wrote {out / name}" for name in sorted(p.name for p in out.iterdir())]


def test_the_same_maps_give_the_same_bytes(cjm: Callable[..., Run], maps: tuple[Path, Path], tmp_path: Path) -> None:
    old, new = maps
    for folder in ("a", "b"):
        assert cjm("diff", old, new, "--render", "-o", tmp_path / folder, "-f", "svg,png,html").exit_code == 0
    first = {p.name: p.read_bytes() for p in (tmp_path / "a").iterdir()}
    assert len(first) == 5
    assert first == {p.name: p.read_bytes() for p in (tmp_path / "b").iterdir()}


# --- the journey grid -----------------------------------------------------------------------------------------------


def test_grid_items_added_changed_and_removed(drawn: tuple[Run, Path]) -> None:
    nodes = svg_nodes((drawn[1] / "shop.diff.journey.svg").read_text(encoding="utf-8"))
    marks = marked(nodes)
    assert ["No size filter"] in marks["+ added"]  # the new pain
    assert ["3", "Delivery"] in marks["+ added"]  # the new stage's head
    assert ["Web team"] in marks["+ added"] or ["Web team", "was: Sales"] in marks["~ changed"]
    assert marks["~ changed"] == [
        ["A form of 6 fields", "was: A form of 14 fields"],
        ["Web team", "was: Sales"],
        ["Cart abandonment", "65 % · target 60 %", "actual was: 74"],
    ]
    ghosts = [node for node in nodes if node.tag == "− removed"]
    assert [node.struck for node in ghosts] == [["Compare"], ["Hidden fees"]]
    assert all(node.dashed and "#d55e00" in node.strokes for node in ghosts)
    # colour is not the only sign: every marked card has its tag, and its tooltip says the same
    tips = {node.texts[1]: node.tooltip for node in nodes if node.tag == "~ changed"}
    assert tips["A form of 6 fields"] == "~ changed · was: A form of 14 fields"


def test_a_removed_stage_is_a_ghost_column_where_it_was(drawn: tuple[Run, Path]) -> None:
    svg = (drawn[1] / "shop.diff.journey.svg").read_text(encoding="utf-8")
    root = ET.fromstring(svg)
    heads = []
    for text in root.iter(f"{SVG}text"):
        if text.get("font-size") == "11.00" and text.get("font-weight") == "bold":
            heads.append((float(text.get("x", "0")), "".join(text.itertext()), text.get("text-decoration")))
    heads = [h for h in heads if h[1] in {"Search", "Compare", "Checkout", "Delivery"}]
    assert [(name, decoration) for _x, name, decoration in sorted(heads)] == [
        ("Search", None),
        ("Compare", "line-through"),
        ("Checkout", None),
        ("Delivery", None),
    ]
    boxes = [n.texts for n in svg_nodes(svg) if {"Search", "Compare", "Checkout", "Delivery"} & set(n.texts)]
    # the ghost has no number; the added stage is marked above its number
    assert boxes == [["1", "Search"], ["− removed", "Compare"], ["2", "Checkout"], ["+ added", "3", "Delivery"]]


def test_emotion_changes_ring_the_point_and_say_what_it_was(drawn: tuple[Run, Path]) -> None:
    svg = (drawn[1] / "shop.diff.journey.svg").read_text(encoding="utf-8")
    texts = ["".join(t.itertext()) for t in ET.fromstring(svg).iter(f"{SVG}text")]
    assert "~ Anna: was: −2; was: anxious" in texts
    rings = [n for n in svg_nodes(svg) if n.tooltip and n.tooltip.startswith("~ changed · was: −2")]
    assert len(rings) == 1 and rings[0].strokes == {"#e69f00"}


def test_the_legend_says_what_was_compared_and_counts(drawn: tuple[Run, Path]) -> None:
    svg = (drawn[1] / "shop.diff.journey.svg").read_text(encoding="utf-8")
    texts = ["".join(t.itertext()) for t in ET.fromstring(svg).iter(f"{SVG}text")]
    assert "Changes: old.yaml → shop.yaml" in texts
    assert "+ added: 4" in texts and "~ changed: 7" in texts and "− removed: 4" in texts


# --- the flow -------------------------------------------------------------------------------------------------------


def test_flow_stages_automations_pages_and_campaigns(drawn: tuple[Run, Path]) -> None:
    svg = (drawn[1] / "shop.diff.flow.svg").read_text(encoding="utf-8")
    nodes = svg_nodes(svg)
    marks = marked(nodes)
    assert ["NEW", "New lead", "120", "count was: 100"] in marks["~ changed"]
    # an automation is a note inside its stage: the one added and the ghost of the one removed, in "New deal"
    stage = next(node for node in nodes if "New deal" in node.texts)
    added = stage.texts.index("+ added")
    assert stage.texts[added + 1 : added + 3] == ["SMS", "New SMS"]
    removed = stage.texts.index("− removed")
    assert stage.texts[removed + 1 : removed + 3] == ["E-mail", "Old reminder"]
    assert stage.struck == ["E-mail", "Old reminder"] and stage.dashed
    # an ad group is a note in the node of the campaigns, marked with what changed in it
    campaigns = next(node for node in nodes if "Shoes group" in node.texts)
    group = campaigns.texts[campaigns.texts.index("Shoes group") - 1 :]
    assert group[0] == "~ changed" and group[-1] == '+ keywords "trail shoes"'
    texts = ["".join(t.itertext()) for t in ET.fromstring(svg).iter(f"{SVG}text")]
    # the removed page has no place in the new flow: the legend lists it, struck through
    start = texts.index("Removed, not in the pictures")
    assert texts[start + 1 : start + 3] == ["− ", "Page: Sale page"]
    assert not [n for n in nodes if "Sale page" in n.texts]


# --- the report -----------------------------------------------------------------------------------------------------


def test_the_report_says_what_was_compared_and_lists_every_change(drawn: tuple[Run, Path]) -> None:
    html = (drawn[1] / "shop.diff.html").read_text(encoding="utf-8")
    parsed = page(html)
    assert parsed.within("p.compared") == ["old.yaml", "→", "shop.yaml"]
    assert parsed.within("li.chip") == ["+ added: 4", "~ changed: 7", "− removed: 4"]
    assert parsed.within("ul.removed-list") == ["−", "Page: Sale page"]
    rows = parsed.within("table.change-table")
    assert rows.count("~ changed") == 7 and rows.count("+ added") == 4 and rows.count("− removed") == 4
    assert "journey.stages[checkout].pains[long_form].text" in rows
    # the grid: marked cards with their tags and notes; ghosts struck through (del)
    assert parsed.within("table.grid", "del") == ["Compare", "Hidden fees"]
    assert parsed.within("div.mark-changed") == [
        "~ changed",
        "A form of 6 fields",
        "was: A form of 14 fields",
        "~ changed",
        "Web team",
        "was: Sales",
        "~ changed",
        "Cart abandonment",
        "65 % · target 60 %",
        "actual was: 74",
    ]
    assert parsed.within("article.mark-changed") == ["Anna", "~ changed", "role was: —", "Runner"]
    assert parsed.within("th.mark-removed") == ["− removed", "Compare"]
    assert "~ Anna: was: −2; was: anxious" in parsed.within("span.diff-note")
    # the flow picture with its marks is in the report
    assert "+ added" in parsed.within("section.flow")


def test_the_report_loads_nothing_and_runs_nothing(drawn: tuple[Run, Path]) -> None:
    html = (drawn[1] / "shop.diff.html").read_text(encoding="utf-8")
    parsed = page(html)
    assert "script" not in parsed.tags and "img" not in parsed.tags
    assert not [name for name, _value in parsed.attributes if name.startswith("on")]
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html)
    assert policy and policy[1].startswith("default-src &#39;none&#39;; style-src &#39;sha256-")
    style = html.split("<style>", 1)[1].split("</style>", 1)[0]
    digest = base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode("ascii")
    assert f"sha256-{digest}" in policy[1]  # the style block is the one the policy allows


# --- no differences ---------------------------------------------------------------------------------------------------


def test_the_same_map_is_drawn_without_marks_and_says_so(
    cjm: Callable[..., Run], maps: tuple[Path, Path], tmp_path: Path
) -> None:
    _old, new = maps
    run = cjm("diff", new, new, "--render", "-o", tmp_path / "out")
    assert (run.exit_code, run.stdout) == (0, "")
    for name in ("shop.diff.journey.svg", "shop.diff.flow.svg"):
        svg = (tmp_path / "out" / name).read_text(encoding="utf-8")
        nodes = svg_nodes(svg) + svg_nodes(svg, "cluster")
        assert not marked(nodes) and not [n for n in nodes if n.tooltip or n.struck]
        texts = ["".join(t.itertext()) for t in ET.fromstring(svg).iter(f"{SVG}text")]
        assert "no differences: the map is drawn without marks" in texts
    parsed = page((tmp_path / "out" / "shop.diff.html").read_text(encoding="utf-8"))
    assert parsed.within("p.no-changes") == ["no differences: the map is drawn without marks"]
    assert not parsed.within("table.change-table") and not parsed.within("table.grid", "del")


# --- Russian --------------------------------------------------------------------------------------------------------

RU_OLD = """\
cjm: 1
title: Магазин
lang: ru
personas:
  - {id: anna, name: Анна}
journey:
  stages:
    - id: buy
      name: Покупка
      emotions: {anna: -1}
      pains: [{id: form, text: Длинная форма}, {id: fees, text: Скрытые платежи}]
deals:
  - id: a
    name: Продукт А
    stages:
      - {id: NEW, name: Новая, count: 10}
      - {id: WON, name: Успешна, meaning: success, count: 4}
"""
RU_NEW = changed(
    RU_OLD,
    ("emotions: {anna: -1}", "emotions: {anna: 1}"),
    (", {id: fees, text: Скрытые платежи}", ""),
    ("Длинная форма", "Форма из 3 полей"),
    (
        "{id: NEW, name: Новая, count: 10}",
        "{id: NEW, name: Новая, count: 12, automations: [{action: sms, text: Привет}]}",
    ),
)


def test_russian_maps_are_marked_in_russian(cjm: Callable[..., Run], tmp_path: Path) -> None:
    old, new = tmp_path / "было.yaml", tmp_path / "карта.yaml"
    old.write_text(RU_OLD, encoding="utf-8")
    new.write_text(RU_NEW, encoding="utf-8")
    run = cjm("diff", old, new, "--render", "-o", tmp_path / "вывод")
    assert run.exit_code == 0, run.stderr
    journey = svg_nodes((tmp_path / "вывод" / "карта.diff.journey.svg").read_text(encoding="utf-8"))
    assert marked(journey) == {
        "~ изменено": [["Форма из 3 полей", "было: Длинная форма"]],
        "− удалено": [["Скрытые платежи"]],
    }
    assert [n.struck for n in journey if n.tag == "− удалено"] == [["Скрытые платежи"]]
    flow = svg_nodes((tmp_path / "вывод" / "карта.diff.flow.svg").read_text(encoding="utf-8"))
    # the automation added is a note inside its stage, which changed too
    assert marked(flow) == {
        "~ изменено": [["NEW", "Новая", "12", "количество: было 10", "+ добавлено", "SMS", "Привет"]]
    }
    parsed = page((tmp_path / "вывод" / "карта.diff.html").read_text(encoding="utf-8"))
    assert parsed.within("li.chip") == ["+ добавлено: 1", "~ изменено: 3", "− удалено: 1"]
    assert parsed.within("h2")[0] == "Изменения"
    assert "~ Анна: было: −1" in parsed.within("span.diff-note")


# --- a side from git ------------------------------------------------------------------------------------------------


def test_sides_from_git_name_the_files_after_the_path(
    cjm: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    (root / "maps").mkdir(parents=True)
    git(root, "init", "-q")
    (root / "maps" / "shop.yaml").write_text(OLD, encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first")
    (root / "maps" / "shop.yaml").write_text(NEW, encoding="utf-8")
    git(root, "commit", "-q", "-am", "second")
    monkeypatch.chdir(root)
    run = cjm("diff", "HEAD~1:maps/shop.yaml", "HEAD:maps/shop.yaml", "--render", "-f", "html")
    assert run.exit_code == 0, run.stderr
    assert sorted(p.name for p in root.iterdir() if p.is_file()) == ["shop.diff.html"]  # the current folder
    parsed = page((root / "shop.diff.html").read_text(encoding="utf-8"))
    assert parsed.within("p.compared") == ["HEAD~1:maps/shop.yaml", "→", "HEAD:maps/shop.yaml"]
    assert parsed.within("table.grid", "del") == ["Compare", "Hidden fees"]


# --- never a half-done job ------------------------------------------------------------------------------------------


def fake_dot(folder: Path, script: str) -> dict[str, str]:
    """A PATH whose `dot` is the given shell script: for what real Graphviz cannot be made to do on demand."""
    folder.mkdir()
    dot = folder / "dot"
    dot.write_text("#!/bin/sh\n" + textwrap.dedent(script), encoding="utf-8")
    dot.chmod(0o755)
    return {"PATH": f"{folder}{os.pathsep}/usr/bin:/bin"}


def test_a_picture_that_fails_writes_nothing_and_keeps_the_previous_files(
    cjm: Callable[..., Run], maps: tuple[Path, Path], tmp_path: Path
) -> None:
    old, new = maps
    out = tmp_path / "out"
    assert cjm("diff", old, new, "--render", "-o", out).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real = subprocess.run(["sh", "-c", "command -v dot"], capture_output=True, text=True, check=True).stdout.strip()
    calls = tmp_path / "calls"
    # the flow is drawn, then Graphviz fails on the grid: no file may change, none may be added
    env = fake_dot(
        tmp_path / "bin",
        f"""\
        echo x >> {calls}
        if [ "$(wc -l < {calls})" -gt 1 ]; then echo 'Error: out of memory' >&2; exit 1; fi
        exec {real} "$@"
        """,
    )
    new.write_text(changed(NEW, ("Delivery", "Shipping")), encoding="utf-8")
    run = cjm("diff", old, new, "--render", "-o", out, "-f", "svg,png,html", env=env)
    assert run.exit_code == 1
    assert "error render-failed Graphviz failed: Error: out of memory" in run.stderr
    assert "nothing drawn: no file was written" in run.stderr and "wrote" not in run.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_folder_in_the_way_of_one_file_stops_them_all(
    cjm: Callable[..., Run], maps: tuple[Path, Path], tmp_path: Path
) -> None:
    old, new = maps
    (tmp_path / "out" / "shop.diff.html").mkdir(parents=True)
    run = cjm("diff", old, new, "--render", "-o", "out")
    assert run.exit_code == 2 and "shop.diff.html exists and is not a regular file; nothing was written" in run.stderr
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["shop.diff.html"]


def test_the_map_s_own_renders_are_never_replaced(
    cjm: Callable[..., Run], maps: tuple[Path, Path], tmp_path: Path
) -> None:
    old, new = maps
    assert cjm("render", new, "-f", "svg,html").exit_code == 0
    renders = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.suffix in {".svg", ".html"}}
    assert sorted(renders) == ["shop.flow.svg", "shop.html", "shop.journey.svg"]
    assert cjm("diff", old, new, "--render", "-o", tmp_path).exit_code == 0
    assert {name: (tmp_path / name).read_bytes() for name in renders} == renders
    # a map named like the drawn changes would have its renders replaced: refused
    (tmp_path / "shop.diff.yaml").write_text(OLD, encoding="utf-8")
    run = cjm("diff", old, new, "--render", "-o", tmp_path)
    assert run.exit_code == 2 and "shop.diff.yaml is a map whose own renders are named shop.diff.*" in run.stderr


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["-f", "svg"], "--format svg goes with --render"),
        (["-o", "out"], "-o goes with --render"),
        (["--view", "flow"], "--view goes with --render"),
        (["-f", "text,json"], "--format: name one of text, json, markdown, not text and json"),
        (["-f", "gif", "--render"], "--format: unknown gif"),
        (["--render", "--view", "grid"], "--view: unknown grid (choose from flow, journey)"),
    ],
)
def test_options_that_do_not_go_together_are_usage_errors(
    cjm: Callable[..., Run], maps: tuple[Path, Path], arguments: list[str], message: str
) -> None:
    old, new = maps
    run = cjm("diff", old, new, *arguments)
    assert (run.exit_code, run.stdout) == (2, "")
    assert message in run.stderr


def test_a_list_format_and_exit_code_go_with_render(
    cjm: Callable[..., Run], maps: tuple[Path, Path], tmp_path: Path
) -> None:
    old, new = maps
    run = cjm("diff", old, new, "--render", "-f", "markdown,svg", "--view", "journey", "-o", tmp_path, "--exit-code")
    assert run.exit_code == 1  # the maps differ
    assert run.stdout.startswith("## Map changes")
    assert sorted(p.name for p in tmp_path.glob("*.diff.*")) == ["shop.diff.journey.svg"]


# --- hostile text ---------------------------------------------------------------------------------------------------

PAYLOAD = '<script>alert(1)</script> \\N \\G "]; x [URL="javascript:alert(2)"] &lt;b&gt; {{ 7*7 }}'


def test_hostile_text_in_notes_and_tooltips_stays_text(cjm: Callable[..., Run], tmp_path: Path) -> None:
    quoted = json.dumps(PAYLOAD)
    old = changed(OLD, ("{id: long_form, text: A form of 14 fields}", f"{{id: long_form, text: {quoted}}}"))
    new = changed(NEW, ("keywords: [running shoes, trail shoes]", f"keywords: [running shoes, {quoted}]"))
    (tmp_path / "old.yaml").write_text(old, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(new, encoding="utf-8")
    run = cjm("diff", tmp_path / "old.yaml", tmp_path / "new.yaml", "--render", "-o", tmp_path / "out")
    assert run.exit_code == 0, run.stderr
    for name in ("new.diff.journey.svg", "new.diff.flow.svg"):
        root = ET.fromstring((tmp_path / "out" / name).read_text(encoding="utf-8"))  # well-formed
        tags = {element.tag.split("}")[-1] for element in root.iter()}
        assert tags <= {"svg", "g", "title", "polygon", "path", "text", "ellipse", "polyline", "a"}, tags
        for element in root.iter():
            for attribute, value in element.attrib.items():
                assert not attribute.lower().startswith("on")
                assert not (attribute.endswith("href") and "javascript:" in value.lower())
    journey = svg_nodes((tmp_path / "out" / "new.diff.journey.svg").read_text(encoding="utf-8"))
    card = next(n for n in journey if n.tag == "~ changed" and n.texts[1] == "A form of 6 fields")
    assert card.tooltip == f"~ changed · was: {PAYLOAD}"  # backslashes, quotes and entities as written
    flow_svg = (tmp_path / "out" / "new.diff.flow.svg").read_text(encoding="utf-8")
    # the ad group's note says what changed, wrapped over its lines: the payload's characters as written (a
    # note in a node has no tooltip of its own: Graphviz shows a cell's title only on a link)
    campaigns = next(node for node in svg_nodes(flow_svg) if "Shoes group" in node.texts)
    said = "".join(campaigns.texts).replace(" ", "")
    assert f"+keywords{json.dumps(PAYLOAD, ensure_ascii=False)}".replace(" ", "")[:40] in said  # cut after 2 lines
    html = (tmp_path / "out" / "new.diff.html").read_text(encoding="utf-8")
    parsed = page(html)
    assert "script" not in parsed.tags and ">49<" not in html
    assert f"was: {PAYLOAD}" in parsed.within("span.was")
