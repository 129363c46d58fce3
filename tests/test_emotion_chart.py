"""The emotion chart of the journey grid, the compare picture and the report: persona curves told apart without
colour (a marker and a line pattern each), equal scores side by side and never on top of each other, each
feeling under its point, the scale's levels labelled, on the map's own scale; and a blueprint line that does
not strike through its own name. Read from the real SVG Graphviz draws and the real report."""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cjm_cli.core.model import JourneyMap
from cjm_cli.render.journey import journey_dot
from cjm_cli.views import theme
from cjm_cli.views.grid import build_grid
from conftest import Run
from test_diff_render import page

SVG = "{http://www.w3.org/2000/svg}"

# Four roles of a buying centre who feel exactly the same at every stage.
EQUAL = """\
cjm: 1
title: Закупочный центр
lang: ru
personas:
  - {id: eng, name: Главный инженер}
  - {id: dir, name: Директор}
  - {id: buy, name: Снабженец}
  - {id: fin, name: Финансист}
journey:
  stages:
    - id: need
      name: Потребность
      emotions: {eng: 0, dir: 0, buy: 0, fin: 0}
      feelings: {eng: тревога, dir: спокойствие, buy: интерес, fin: сомнение}
    - id: search
      name: Поиск
      emotions: {eng: -1, dir: -1, buy: -1, fin: -1}
    - id: deal
      name: Договор
      emotions: {eng: -1, dir: -1, buy: -1, fin: -1}
    - id: use
      name: Эксплуатация
      emotions: {eng: 2, dir: 2, buy: 2, fin: 2}
      feelings: {eng: удовлетворение, dir: доверие, buy: облегчение, fin: уверенность}
"""


@dataclass(frozen=True)
class Marker:
    colour: str
    shape: str
    """`ellipse`, or a polygon told by its corners: how many, at how many x, how many above its centre."""
    x: float
    y: float
    width: float


def markers(svg: str, chart_only: bool = True) -> list[Marker]:
    """The personas' markers: small shapes filled with a persona's colour (or ringed in it, when hollow); on the
    chart only, or also in the legend (left of the chart)."""
    found = []
    for group in ET.fromstring(svg).iter(f"{SVG}g"):
        if group.get("class") != "node":
            continue
        for shape in group:
            colour = shape.get("fill") if shape.get("fill") in theme.PERSONA_COLOURS else shape.get("stroke")
            if colour not in theme.PERSONA_COLOURS:
                continue
            if shape.tag == f"{SVG}ellipse":
                x, y, width = float(shape.get("cx", 0)), float(shape.get("cy", 0)), 2 * float(shape.get("rx", 0))
                found.append(Marker(colour, "ellipse", x, y, width))
            elif shape.tag == f"{SVG}polygon":
                corners = [tuple(map(float, p.split(","))) for p in (shape.get("points") or "").split()][:-1]
                xs, ys = [c[0] for c in corners], [c[1] for c in corners]
                middle = (min(ys) + max(ys)) / 2
                kind = f"{len(corners)}/{len({round(x) for x in xs})}/{sum(y < middle for y in ys)}"
                found.append(Marker(colour, kind, (min(xs) + max(xs)) / 2, middle, max(xs) - min(xs)))
    return [m for m in found if m.width < 20 and (m.x > 200 or not chart_only)]


def lines(svg: str) -> dict[str, list[tuple[str, int, float]]]:
    """Each persona's lines, by colour: (its dash pattern, how many parallel strokes, the y where it starts)."""
    found: dict[str, list[tuple[str, int, float]]] = {}
    for group in ET.fromstring(svg).iter(f"{SVG}g"):
        if group.get("class") != "edge":
            continue
        paths = [p for p in group.iter(f"{SVG}path") if p.get("stroke") != "transparent"]
        colour = paths[0].get("stroke", "") if paths else ""
        if colour in theme.PERSONA_COLOURS:
            start = re.match(r"M([-\d.]+),([-\d.]+)", paths[0].get("d", ""))
            assert start is not None
            found.setdefault(colour, []).append((paths[0].get("stroke-dasharray", ""), len(paths), float(start[2])))
    return found


def texts(svg: str) -> list[tuple[str, float, float, str]]:
    """Every text of the picture: what it says, its x and y, its colour."""
    return [
        ("".join(t.itertext()), float(t.get("x", 0)), float(t.get("y", 0)), t.get("fill", ""))
        for t in ET.fromstring(svg).iter(f"{SVG}text")
    ]


@pytest.fixture
def drawn(cjm: Callable[..., Run], tmp_path: Path) -> Callable[[str], str]:
    """The journey grid of a map, drawn by `cjm render` as SVG."""

    def draw(text: str) -> str:
        (tmp_path / "map.yaml").write_text(text, encoding="utf-8")
        run = cjm("render", tmp_path / "map.yaml", "-f", "svg,html", "--view", "journey")
        assert run.exit_code == 0, run.stdout + run.stderr
        return (tmp_path / "map.journey.svg").read_text(encoding="utf-8")

    return draw


def test_equal_scores_stand_side_by_side_each_with_its_own_marker(drawn: Callable[[str], str]) -> None:
    found = markers(drawn(EQUAL))
    colours = theme.PERSONA_COLOURS[:4]
    shapes = {colour: {m.shape for m in found if m.colour == colour} for colour in colours}
    assert all(len(s) == 1 for s in shapes.values()), shapes
    assert len({next(iter(s)) for s in shapes.values()}) == 4, "four personas, four marker shapes"
    # at every stage the four points are on one level, side by side, none covering another
    assert len(found) == 16
    by_stage: list[list[Marker]] = []
    for marker in sorted(found, key=lambda m: m.x):
        if by_stage and marker.x - by_stage[-1][0].x < 100:
            by_stage[-1].append(marker)
        else:
            by_stage.append([marker])
    assert [len(stage) for stage in by_stage] == [4, 4, 4, 4]
    for stage in by_stage:
        # on one level (a triangle's outline is not centred on its point by a pixel or two)
        assert max(m.y for m in stage) - min(m.y for m in stage) < 2.5, "equal scores on one level"
        assert [m.colour for m in stage] == list(colours), "in the order of the personas"
        for left, right in itertools.pairwise(stage):
            assert right.x - left.x >= (left.width + right.width) / 2, (left, right)


def test_equal_lines_run_apart_each_in_its_own_pattern(drawn: Callable[[str], str]) -> None:
    found = lines(drawn(EQUAL))
    colours = theme.PERSONA_COLOURS[:4]
    assert set(colours) <= set(found)
    patterns = {colour: {(dashes, strokes) for dashes, strokes, _ in found[colour]} for colour in colours}
    assert all(len(p) == 1 for p in patterns.values()), patterns
    assert len({next(iter(p)) for p in patterns.values()}) == 4, "four personas, four line patterns"
    # the lines of equal scores start at different heights: a bundle of strands, not one line over another
    starts = [sorted(y for _, _, y in found[colour]) for colour in colours]
    for segment in range(len(starts[0])):
        ys = [persona[segment] for persona in starts]
        assert len({round(y, 1) for y in ys}) == 4, ys


def test_each_feeling_is_written_under_its_own_point(drawn: Callable[[str], str]) -> None:
    svg = drawn(EQUAL)
    points = markers(svg)
    written = texts(svg)
    glyphs = {theme.MARKER_GLYPHS[m] for m in theme.PERSONA_MARKERS}
    for feeling in ("тревога", "спокойствие", "удовлетворение", "уверенность"):
        [(_, x, y, _)] = [t for t in written if t[0] == feeling]
        # the persona's marker glyph leads the feeling, in the persona's colour
        [glyph] = [t for t in written if t[0].strip() in glyphs and abs(t[2] - y) < 1 and t[1] < x]
        colour = glyph[3]
        assert colour in theme.PERSONA_COLOURS[:4]
        [point] = [p for p in points if p.colour == colour and abs(p.x - x) < 100 and p.y < y]
        assert 0 < y - point.y < 60, f"{feeling} is {y - point.y:.0f} pt under its point"
    # on the lane's title: each persona's marker and line beside its name, the names in the text colour
    names = [t for t in written if t[0] in {"Главный инженер", "Директор", "Снабженец", "Финансист"}]
    assert len(names) == 4 and {t[3] for t in names} == {theme.TEXT}


def test_the_chart_labels_its_levels_on_the_maps_scale(drawn: Callable[[str], str]) -> None:
    ten = EQUAL.replace("journey:\n", "journey:\n  emotion_scale: {min: 1, max: 10}\n").replace("-1", "3")
    ten = ten.replace(": 0,", ": 5,").replace(": 0}", ": 5}").replace(": 2,", ": 10,").replace(": 2}", ": 10}")
    svg = drawn(ten)
    levels = {t[0]: t[2] for t in texts(svg) if re.fullmatch(r"\d+", t[0]) and t[3] == theme.MUTED}
    assert sorted(levels, key=int) == [str(n) for n in range(1, 11)]
    assert [levels[str(n)] for n in range(10, 0, -1)] == sorted(levels.values()), "10 at the top, 1 at the bottom"
    at_ten = [m.y for m in markers(svg) if abs(m.y - levels["10"]) < 8]
    assert len(at_ten) == 4, "the scores of 10 are on the level labelled 10"
    signed = texts(drawn(EQUAL))
    assert [t[0] for t in signed if t[0] in {"+2", "+1", "0", "−1", "−2"}] == ["+2", "+1", "0", "−1", "−2"]


def test_the_reports_chart_labels_its_levels_and_gives_each_persona_its_marker(
    drawn: Callable[[str], str], tmp_path: Path
) -> None:
    drawn(EQUAL)
    parsed = page((tmp_path / "map.html").read_text(encoding="utf-8"))
    assert parsed.within("svg.emotion-chart", "text.scale-label") == ["+2", "+1", "0", "−1", "−2"]
    html = (tmp_path / "map.html").read_text(encoding="utf-8")
    chart = html[html.index('<svg class="emotion-chart"') : html.index("</svg>\n        </td>")]
    shapes = re.findall(r'<path class="point" transform="translate\(([-\d.]+) 0\)" d="([^"]+)"', chart)
    assert len(shapes) == 16
    assert len({d for _, d in shapes}) == 4 and len({dx for dx, _ in shapes}) == 4, "four markers, side by side"
    strands = re.findall(
        r'<g class="strands (\S+) p\d" data-p="\d" transform="translate\(([-\d.]+) ([-\d.]+)\)">', chart
    )
    assert len({line for line, _, _ in strands}) == 4 and len({dy for _, _, dy in strands}) == 4


def test_a_blueprint_line_is_drawn_under_its_name(cjm: Callable[..., Run], tmp_path: Path) -> None:
    path = tmp_path / "blueprint.yaml"
    path.write_text(
        "cjm: 1\ntitle: B\nlang: ru\ntype: blueprint\njourney:\n  stages:\n"
        "    - {id: a, name: A, frontstage: [Звонок], backstage: [Расчёт], support: [CRM]}\n",
        encoding="utf-8",
    )
    assert cjm("render", path, "-f", "svg", "--view", "journey").exit_code == 0
    root = ET.fromstring((tmp_path / "blueprint.journey.svg").read_text(encoding="utf-8"))
    groups = [g for g in root.iter(f"{SVG}g") if g.get("class") in ("node", "edge")]
    for name in ("линия видимости", "линия внутреннего взаимодействия"):
        [label] = [g for g in groups if name in ["".join(t.itertext()) for t in g.iter(f"{SVG}text")]]
        [text] = [t for t in label.iter(f"{SVG}text") if "".join(t.itertext()) == name]
        lines = [
            g
            for g in groups
            if g.get("class") == "edge" and any(p.get("stroke") == theme.VISIBILITY_LINE for p in g.iter(f"{SVG}path"))
        ]
        y = float(text.get("y", 0))
        [line] = [g for g in lines if abs(_start_y(g) - y) < 12]
        assert groups.index(line) < groups.index(label), "the name is drawn over its line"
        [ground] = [p for p in label.iter(f"{SVG}polygon") if p.get("fill") == theme.BACKGROUND]
        xs = [float(point.split(",")[0]) for point in (ground.get("points") or "").split()]
        left = float(text.get("x", 0))
        assert min(xs) < left and max(xs) > left + len(name) * 5, "a white ground under the whole name"


def _start_y(edge: ET.Element) -> float:
    path = next(edge.iter(f"{SVG}path"))
    found = re.match(r"M([-\d.]+),([-\d.]+)", path.get("d", ""))
    assert found is not None
    return float(found[2])


# --- any map: points and feelings never hide each other ---------------------------------------------------------

_WORDS = st.text(alphabet="абвгдеёжз xyz", min_size=1, max_size=40).filter(lambda s: s.strip() != "")


@st.composite
def emotion_maps(draw: st.DrawFn) -> dict[str, Any]:
    low = draw(st.integers(-5, 1))
    high = low + draw(st.integers(1, 12))
    count = draw(st.integers(1, 6))
    stages = []
    for i in range(draw(st.integers(1, 4))):
        scores = draw(st.lists(st.one_of(st.none(), st.integers(low, high)), min_size=count, max_size=count))
        feelings = draw(st.lists(st.one_of(st.none(), _WORDS), min_size=count, max_size=count))
        stages.append(
            {
                "id": f"s{i}",
                "name": f"Stage {i}",
                "emotions": {f"p{n}": s for n, s in enumerate(scores) if s is not None},
                "feelings": {f"p{n}": f for n, f in enumerate(feelings) if f is not None},
            }
        )
    return {
        "cjm": 1,
        "title": "Any",
        "personas": [{"id": f"p{n}", "name": f"P{n}"} for n in range(count)],
        "journey": {"emotion_scale": {"min": low, "max": high}, "stages": stages},
    }


@settings(max_examples=40, deadline=None)
@given(emotion_maps())
def test_no_point_hides_another_and_no_feeling_hides_a_point(data: dict[str, Any]) -> None:
    grid = build_grid(JourneyMap.model_validate(data))
    assert grid is not None
    laid = json.loads(
        subprocess.run(
            ["dot", "-Kneato", "-n2", "-Tjson"],
            input=journey_dot(grid, "Any", ""),
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout
    )
    shapes = set(theme.PERSONA_MARKERS)
    nodes = laid.get("objects", [])
    # the chart's markers (not the legend's, left of the chart), and every label with a white ground over it
    points = [_box(n) for n in nodes if n.get("shape") in shapes and _box(n)[0] > 200]
    labels = [_box(n) for n in nodes if n.get("fillcolor") == "#ffffffe6" and n.get("shape") == "box"]
    scale = data["journey"]["emotion_scale"]
    assert len(points) == sum(len(s["emotions"]) for s in data["journey"]["stages"])
    for a, b in _pairs(points):
        assert not _overlap(a, b, 0), (a, b)
    for label in labels:
        for point in points:
            assert not _overlap(label, point, 0), (label, point)
    for a, b in _pairs(labels):
        assert not _overlap(a, b, 0), (a, b)
    assert scale["max"] > scale["min"]


def _box(node: dict[str, Any]) -> tuple[float, float, float, float]:
    x, y = map(float, node["pos"].split(","))
    half_w, half_h = float(node["width"]) * 36, float(node["height"]) * 36
    return x - half_w, y - half_h, x + half_w, y + half_h


def _pairs(boxes: list[tuple[float, float, float, float]]) -> list[tuple[Any, Any]]:
    return [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :]]


def _overlap(a: tuple[float, ...], b: tuple[float, ...], slack: float) -> bool:
    """Whether two boxes overlap by more than `slack` points."""
    return a[0] < b[2] - slack and b[0] < a[2] - slack and a[1] < b[3] - slack and b[1] < a[3] - slack
