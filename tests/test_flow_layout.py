"""The flow as Graphviz lays it out, read back from the SVG: every automation is drawn inside its own
stage, the site's pages and the ad groups keep the order written, and the CRM is the named frame around
the leads and the deals."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjm_cli.api import check_file
from cjm_cli.core.model import JourneyMap
from cjm_cli.views import theme
from cjm_cli.views.flow import build_flow
from conftest import EXAMPLES, Run

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
FLOW_EXAMPLES = [
    path for path in sorted(EXAMPLES.glob("*.yaml")) if (found := check_file(str(path)).journey_map) and found.deals
]


def _flow_svg(cjm: Callable[..., Run], source: Path, out: Path) -> ET.Element:
    result = cjm("render", source, "-o", out, "-f", "svg", "--view", "flow")
    assert result.exit_code == 0, result.stdout + result.stderr
    return ET.parse(out / f"{source.stem}.flow.svg").getroot()


def _groups(svg: ET.Element, kind: str) -> dict[str, ET.Element]:
    """The `node` or `cluster` groups of the SVG by their title (the key the DOT gave them)."""
    found = {}
    for group in svg.iter(f"{SVG}g"):
        if group.get("class") == kind:
            title = group.find(f"{SVG}title")
            assert title is not None and title.text is not None
            found[title.text] = group
    return found


def _xs(shape: ET.Element) -> list[float]:
    """The x coordinates of a path's or polygon's points."""
    points = shape.get("d") or shape.get("points") or ""
    return [float(x) for x, _y in re.findall(r"(-?[\d.]+),(-?[\d.]+)", points)]


def _box(group: ET.Element) -> tuple[float, float, float, float]:
    """The left, top, right and bottom of every shape of a group."""
    xs, ys = [], []
    for shape in [*group.iter(f"{SVG}path"), *group.iter(f"{SVG}polygon")]:
        points = re.findall(r"(-?[\d.]+),(-?[\d.]+)", shape.get("d") or shape.get("points") or "")
        xs += [float(x) for x, _y in points]
        ys += [float(y) for _x, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def _assert_automations_inside_their_stages(journey_map: JourneyMap, svg: ET.Element) -> int:
    """Every automation of every stage is a note inside that stage's node, within its width; the count."""
    nodes = _groups(svg, "node")
    seen = 0
    flow = build_flow(journey_map)
    assert flow is not None
    for funnel in flow.funnels:
        for stage in (*funnel.chain, *funnel.failures):
            node = nodes[stage.key]
            outline = next(iter([*node.iter(f"{SVG}path"), *node.iter(f"{SVG}polygon")]))
            left, right = min(_xs(outline)), max(_xs(outline))
            notes = [p for p in node.iter(f"{SVG}path") if p.get("fill") == theme.AUTOMATION.fill]
            assert len(notes) == len(stage.automations), f"{stage.name}: {len(notes)} notes"
            for note in notes:
                assert left <= min(_xs(note)) and max(_xs(note)) <= right, f"a note sticks out of {stage.name}"
            words = "".join("".join(t.text or "" for t in node.iter(f"{SVG}text")).split())
            for automation in stage.automations:  # long texts are wrapped (and cut after a few lines)
                assert "".join(automation.action.split()) in words, f"{automation.action} is not in {stage.name}"
                start = "".join(automation.text.split())[:12]
                assert start in words, f"{automation.text} is not drawn in {stage.name}"
            seen += len(stage.automations)
    return seen


@pytest.mark.parametrize("example", FLOW_EXAMPLES, ids=lambda path: path.stem)
def test_every_automation_is_drawn_inside_its_stage(example: Path, cjm: Callable[..., Run], tmp_path: Path) -> None:
    journey_map = check_file(str(example)).journey_map
    assert journey_map is not None
    drawn = _assert_automations_inside_their_stages(journey_map, _flow_svg(cjm, example, tmp_path))
    assert drawn == sum(len(s.automations) for p in journey_map.deals for s in p.stages)


_NAMES = st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщэюяABCDEF ", min_size=1, max_size=30).filter(str.strip)
_AUTOMATION = st.fixed_dictionaries(
    {"action": st.sampled_from(["email", "sms", "task", "document", "call"]), "text": _NAMES},
    optional={"delay": st.sampled_from(["1d", "5d", "2h", "1w"])},
)


@st.composite
def _sales_systems(draw: st.DrawFn) -> str:
    """A map of one to three pipelines of two to eight stages, each with none to three automations."""
    lines = ["cjm: 1", "title: Сгенерированная система продаж", "lang: ru", "deals:"]
    for p in range(draw(st.integers(1, 3))):
        lines += [f"  - id: p{p}", f"    name: Воронка {p}", "    stages:"]
        count = draw(st.integers(2, 8))
        for s in range(count):
            meaning = "success" if s == count - 1 else "progress"
            lines += [f"      - id: S{s}", f"        name: {draw(_NAMES)!r}", f"        meaning: {meaning}"]
            automations = draw(st.lists(_AUTOMATION, max_size=3))
            if automations:
                lines.append("        automations:")
                for automation in automations:
                    fields = ", ".join(f"{key}: {value!r}" for key, value in automation.items())
                    lines.append(f"          - {{{fields}}}")
    return "\n".join(lines) + "\n"


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_sales_systems())
def test_generated_maps_draw_automations_inside_their_stages(
    text: str, cjm: Callable[..., Run], tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("generated")
    source = folder / "map.yaml"
    source.write_text(text, encoding="utf-8")
    checked = check_file(str(source))
    assert checked.journey_map is not None, [p.message for p in checked.problems]
    _assert_automations_inside_their_stages(checked.journey_map, _flow_svg(cjm, source, folder))


def _reading_order(anchors: list[ET.Element]) -> list[str]:
    """The titles of linked cells, in reading order: by row (top first), then left to right."""

    def where(anchor: ET.Element) -> tuple[float, float]:
        first = next(anchor.iter(f"{SVG}text"))
        return round(float(first.get("y", 0))), float(first.get("x", 0))

    return [anchor.get(f"{XLINK}title", "") for anchor in sorted(anchors, key=where)]


def test_pages_and_ad_groups_keep_the_order_written(cjm: Callable[..., Run], tmp_path: Path) -> None:
    source = EXAMPLES / "sales-system.yaml"
    journey_map = check_file(str(source)).journey_map
    assert journey_map is not None and journey_map.site is not None
    nodes = _groups(_flow_svg(cjm, source, tmp_path), "node")
    pages = [a for a in nodes["site"].iter(f"{SVG}a") if a.get(f"{XLINK}title")]
    assert _reading_order(pages) == [page.title for page in journey_map.site.pages]
    ppc = nodes["ppc"]
    drawn = " ".join(t.text or "" for t in ppc.iter(f"{SVG}text"))
    groups = [group.name for campaign in journey_map.ppc for group in campaign.groups]
    positions = [drawn.find(name) for name in groups]
    assert -1 not in positions and positions == sorted(positions), groups


def test_the_crm_is_the_named_frame_around_leads_and_deals(
    cjm: Callable[..., Run], write_map: Callable[..., Path]
) -> None:
    body = """\
cjm: 1
lang: ru
title: Магазин
leads:
  stages:
    - {id: NEW, name: Новый}
    - {id: DONE, name: Обработан, meaning: success}
deals:
  - id: main
    name: Продажа
    stages:
      - {id: NEW, name: Новая}
      - {id: WON, name: Успешна, meaning: success}
"""
    for crm, title in (("crm: {name: Битрикс24}\n", "Битрикс24"), ("", "CRM")):
        source = write_map(body + crm, name=f"shop{len(crm)}.yaml")
        svg = _flow_svg(cjm, source, source.parent / f"out{len(crm)}")
        clusters = _groups(svg, "cluster")
        frame = clusters["cluster_crm"]
        assert title in [t.text for t in frame.iter(f"{SVG}text")]
        left, top, right, bottom = _box(frame)
        for inner in ("cluster_leads", *(key for key in clusters if key.startswith("cluster_") and key[8:] != "crm")):
            i_left, i_top, i_right, i_bottom = _box(clusters[inner])
            assert left <= i_left and top <= i_top and i_right <= right and i_bottom <= bottom, inner
