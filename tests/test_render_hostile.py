"""Hostile text in every field a renderer shows: nothing of it may become markup, a graph element, a link or
a file read, in the DOT source, the SVG, the PNG's graph or the HTML report."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html import unescape
from pathlib import Path

import pytest

from conftest import Run

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "</title><script>alert(2)</script>",
    '"]; injected [URL="javascript:alert(3)"]; x [label="',
    "<<B>bold</B>>",
    '<IMG SRC="/etc/passwd"/>',
    "{{ 7*7 }} {% raw %}",
    "\\N \\G \\L \\",
    "]]> --> <!-- ",
    "</script><script>alert(4)</script>",
    "\u202eRTL override",
]


def hostile_map() -> str:
    """A map whose every drawn text is a payload; `yaml` quoting via JSON keeps them exact."""

    def q(n: int) -> str:
        return json.dumps(PAYLOADS[n % len(PAYLOADS)])

    return f"""\
cjm: 1
title: {q(0)}
description: {q(1)}
lang: en
personas:
  - {{id: p1, name: {q(2)}, role: {q(3)}, goals: [{q(4)}], needs: [{q(5)}], pains: [{q(6)}]}}
departments:
  - {{id: d1, name: {q(7)}}}
crm: {{name: {q(2)}, description: {q(7)}}}
channels:
  - {{id: c1, name: {q(8)}, kind: messenger, crm: true, feeds: leads}}
  - {{id: c2, name: {q(9)}, kind: marketplace, crm: false, feeds: leads}}
leads:
  period: {q(10)}
  stages:
    - {{id: NEW, name: {q(11)}, count: 10}}
    - {{id: OK, name: {q(0)}, meaning: success, count: 5}}
    - {{id: JUNK, name: {q(1)}, meaning: failure, count: 5}}
deals:
  - id: p
    name: {q(2)}
    description: {q(3)}
    currency: {json.dumps("<b>")}
    stages:
      - id: NEW
        name: {q(4)}
        automations: [{{action: email, text: {q(5)}, trigger: {q(6)}, delay: {json.dumps("<5d>")}, page: pg}}]
      - {{id: WON, name: {q(7)}, meaning: success}}
site:
  url: https://example.com
  pages:
    - {{id: pg, title: {q(8)}, url: /a, deal_stages: [p.NEW], lead_stages: [NEW], stages: [s1]}}
ppc:
  - id: camp
    name: {q(9)}
    platform: {q(10)}
    groups:
      - id: g
        name: {q(11)}
        keywords: [{q(0)}, {q(1)}]
        ads: [{{title: {q(2)}, text: {q(3)}, landing: pg}}]
        landing: https://example.com/x
journey:
  stages:
    - id: s1
      name: {q(4)}
      description: {q(5)}
      owner: d1
      touchpoints: [{{channel: c1}}, {{name: {q(6)}}}]
      actions: [{q(7)}, {{text: {q(8)}, persona: p1}}]
      thoughts: [{q(9)}]
      emotions: {{p1: -2}}
      feelings: {{p1: {q(10)}}}
      pains: [{{id: x, text: {q(11)}}}]
      opportunities: [{{text: {q(0)}, fixes: [x], owner: d1}}]
      kpis: [{{name: {q(1)}, target: 1, actual: 2, unit: {json.dumps("<u>")}, period: {q(2)}}}]
      frontstage: [{{text: {q(3)}, owner: d1}}]
      backstage: [{q(4)}]
      support: [{q(5)}]
"""


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from cjm_cli.cli import app

    folder = tmp_path_factory.mktemp("hostile")
    path = folder / "map.yaml"
    path.write_text(hostile_map(), encoding="utf-8")
    result = CliRunner().invoke(app, ["render", str(path), "-o", str(folder / "out")])
    assert result.exit_code == 0, result.stdout + result.stderr
    return folder / "out"


def test_every_output_was_made(rendered: Path) -> None:
    assert sorted(p.name for p in rendered.iterdir()) == [
        "map.flow.png",
        "map.flow.svg",
        "map.html",
        "map.journey.png",
        "map.journey.svg",
        "map.stamp.json",
    ]


@pytest.mark.parametrize("name", ["map.flow.svg", "map.journey.svg"])
def test_svg_holds_the_payloads_as_text_only(rendered: Path, name: str) -> None:
    svg = (rendered / name).read_text(encoding="utf-8")
    root = ET.fromstring(svg)  # still well-formed XML
    tags = {element.tag.split("}")[-1] for element in root.iter()}
    assert tags <= {"svg", "g", "title", "polygon", "path", "text", "ellipse", "polyline", "a"}, tags
    assert "image" not in tags and "script" not in tags
    for element in root.iter():
        for attribute, value in element.attrib.items():
            assert not attribute.lower().startswith("on"), attribute
            assert "javascript:" not in value.lower()
    links = {v for e in root.iter() for k, v in e.attrib.items() if k.endswith("href")}
    assert links <= {"https://example.com/a"}
    drawn = "".join("".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "<script>alert(1)</script>" in drawn  # shown, as text


def test_flow_dot_has_only_generated_nodes(rendered: Path) -> None:
    svg = (rendered / "map.flow.svg").read_text(encoding="utf-8")
    titles = re.findall(r'<g id="node\d+" class="node">\s*<title>([^<]*)</title>', svg)
    assert titles and all(re.fullmatch(r"[a-z]+[0-9a-z]*", t) for t in titles), titles
    assert "injected" not in titles and "x" not in titles


def test_html_report_escapes_everything(rendered: Path) -> None:
    html = (rendered / "map.html").read_text(encoding="utf-8")
    lowered = html.lower()
    assert "<script" not in lowered
    assert "<img" not in lowered
    assert "onerror=" not in lowered.replace("onerror=alert(1)&gt;", "")  # only as escaped text
    assert "<svg onload" not in lowered
    assert "javascript:" not in lowered.replace("javascript:alert(3)&#34;]", "").replace(
        "javascript:alert(3)&quot;]", ""
    )
    assert "{{ 7*7 }}" in html and ">49<" not in html  # never evaluated
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    head = html.split("</head>")[0]
    assert head.count("<title>") == 1 and "<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>" in head
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html)
    assert policy and unescape(policy[1]).startswith("default-src 'none'; style-src 'sha256-")


def test_links_outside_the_allowed_schemes_are_rejected(
    cjm: Callable[..., Run], write_map: Callable[..., Path]
) -> None:
    for url in ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "data:text/html,x", "vbscript:x"]:
        path = write_map(f"cjm: 1\ntitle: T\nsite: {{pages: [{{id: a, title: A, url: {json.dumps(url)}}}]}}\n")
        result = cjm("render", path)
        assert result.exit_code == 1, url
        assert "a link must" in result.stdout
        assert not list(path.parent.glob("map.*.svg"))


def test_a_map_file_name_holding_terminal_escapes_is_shown_escaped(cjm: Callable[..., Run], tmp_path: Path) -> None:
    """Protects against a map file name holding ESC/OSC sequences (a window title, a cursor move) printed raw
    in `cjm render`'s `wrote`, `missing` and `stale` lines, as validate, watch and diff already escape it."""
    maps = tmp_path / "maps"
    maps.mkdir()
    name = "shop\x1b]0;owned\x07\x1b[2J"
    (maps / f"{name}.yaml").write_text("cjm: 1\ntitle: T\njourney: {stages: [{id: a, name: A}]}\n", encoding="utf-8")
    checked = cjm("render", maps, "-f", "svg", "--check")
    written = cjm("render", maps, "-f", "svg")
    (maps / f"{name}.journey.svg").write_text("<svg/>", encoding="utf-8")
    stale = cjm("render", maps, "-f", "svg", "--check")
    for run, line in ((checked, "missing"), (written, "wrote"), (stale, "stale")):
        shown = run.stdout + run.stderr
        assert "\x1b" not in shown and "\x07" not in shown, line
        assert f"{line} {maps}/shop\\x1b]0;owned\\x07\\x1b[2J.journey.svg" in shown
