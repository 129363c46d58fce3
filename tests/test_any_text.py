"""Whatever `validate` accepts, `render` draws, with every text as it was written: control characters, backslashes
(which Graphviz reads as `\\N`, `\\G`... in labels), right-to-left and zero-width characters, markup and entities.

The property test draws maps whose every drawn text is arbitrary Unicode, written as YAML double-quoted strings
(so that control characters arrive as escapes, the way an attacker or a copy-paste writes them), checks them
with the real pipeline and draws them with the real Graphviz. It is bounded (`FUZZ_EXAMPLES`, 100 by default, in
well under a minute); set `CJM_FUZZ_EXAMPLES` to run more, from a random start.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import typing
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape
from pydantic import BaseModel

from cjm_cli.analysis.diff import Comparison, diff_maps
from cjm_cli.analysis.portfolio import from_data, summarise, to_data
from cjm_cli.core.model import ID_PATTERN, JourneyMap
from cjm_cli.core.model.base import Printable
from cjm_cli.core.pipeline import check_source
from cjm_cli.core.read import decode
from cjm_cli.core.rules import NO_RULES
from cjm_cli.core.text import CONTROL_CHARACTERS
from cjm_cli.render import marks
from cjm_cli.render.diff import draw_diff
from cjm_cli.render.graphviz_run import find_dot
from cjm_cli.render.index import index_html
from cjm_cli.render.outputs import RenderOptions, render_map
from cjm_cli.views.diff_marks import diff_view
from cjm_cli.views.portfolio import IndexEntry, portfolio
from cjm_cli.views.shapes import MARKERS, Mark
from conftest import Run

FUZZ_EXAMPLES = int(os.environ.get("CJM_FUZZ_EXAMPLES", "100"))
DERANDOMIZE = "CJM_FUZZ_EXAMPLES" not in os.environ  # the suite's verdict is the same on every run
XLINK_TITLE = "{http://www.w3.org/1999/xlink}title"
SVG_TEXT = "{http://www.w3.org/2000/svg}text"

# Pieces that broke or could break a picture, mixed into arbitrary text.
TRICKY = [
    "C:\\Net\\Gear",
    "\\N",
    "\\G",
    "\\E",
    "\\H",
    "\\T",
    "\\L",
    "\\\\",
    "\\",
    "\\n\\l\\r",
    "\u202eRTL",
    "\u2067x\u2069",
    "\u200b",
    "\u200d",
    "\ufeff",
    "&lt;",
    "&#92;N",
    "&amp;",
    "<B>b</B>",
    "<IMG SRC='/etc/passwd'/>",
    '"',
    "'",
    "]",
    "}",
    "\t",
    "\n",
    "\r\n",
    "\ue000",
    "\U0010ffff",
    "e\u0301",
    "Шаг",
]
# What no text may hold; one of them goes into some of the maps drawn.
CONTROLS = ["\x1b[31m", "\x00", "\x01", "\x08", "\x0b", "\x7f", "\x85", "\x9b", "\u2028", "\ufffe", "\uffff"]

_pieces = st.one_of(
    st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=6), st.sampled_from(TRICKY)
)
TEXTS = st.lists(_pieces, min_size=1, max_size=4).map(lambda parts: "".join(parts)[:18])


def squeeze(text: str) -> str:
    """Text without its white space: pictures wrap lines and drop tabs."""
    return re.sub(r"\s+", "", text)


def as_yaml(data: Any) -> str:
    """A map as YAML (JSON is YAML 1.2), every character a map file may not hold written as an escape."""
    dumped = json.dumps(data, ensure_ascii=False, indent=1)
    return CONTROL_CHARACTERS.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


@st.composite
def maps(draw: st.DrawFn, controls: bool = True) -> tuple[dict[str, Any], list[str]]:
    """A map with both views, and the texts it draws in its pictures; with `controls`, one map in four has a
    control character in one of its texts."""
    drawn: list[str] = []
    poisoned = draw(st.integers(0, 30)) if controls and draw(st.integers(0, 3)) == 0 else -1

    def text() -> str:
        value = draw(TEXTS)
        if len(drawn) == poisoned:
            at = draw(st.integers(0, len(value)))
            value = value[:at] + draw(st.sampled_from(CONTROLS)) + value[at:]
        drawn.append(value)
        return value

    personas = [{"id": f"p{n}", "name": text()} for n in range(draw(st.integers(0, 2)))]
    stages = []
    for n in range(draw(st.integers(1, 3))):
        stage: dict[str, Any] = {
            "id": f"s{n}",
            "name": text(),
            "touchpoints": [{"name": text()}],
            "actions": [text()],
            "thoughts": [text()],
            "pains": [{"id": f"x{n}", "text": text()}],
            "opportunities": [{"text": text(), "fixes": [f"x{n}"]}],
            "kpis": [{"name": text(), "target": 10, "actual": 5}],
        }
        if personas:
            stage["emotions"] = {p["id"]: draw(st.integers(-2, 2)) for p in personas}
        stages.append(stage)
    data = {
        "cjm": 1,
        "title": text(),
        "personas": personas,
        "channels": [{"id": "c1", "name": text(), "kind": "messenger", "crm": True, "feeds": "leads"}],
        "leads": {
            "stages": [
                {"id": "NEW", "name": text(), "count": 10},
                {"id": "OK", "name": text(), "meaning": "success", "count": 5},
            ]
        },
        "deals": [
            {
                "id": "p",
                "name": text(),
                "stages": [
                    {"id": "NEW", "name": text(), "automations": [{"action": "email", "text": text()}]},
                    {"id": "WON", "name": text(), "meaning": "success"},
                ],
            }
        ],
        "site": {"url": "https://example.com", "pages": [{"id": "pg", "title": text(), "url": "/a"}]},
        "ppc": [{"id": "camp", "name": text(), "groups": [{"id": "g", "name": text(), "landing": "pg"}]}],
        "journey": {"stages": stages},
    }
    return data, drawn


@pytest.fixture(scope="module")
def dot() -> Any:
    return find_dot(timeout=60)


@settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    derandomize=DERANDOMIZE,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
@given(maps())
def test_whatever_validate_accepts_render_draws_as_written(
    dot: Any, drawn_map: tuple[dict[str, Any], list[str]]
) -> None:
    """Protects against a valid map that cannot be drawn (a control character written as a YAML escape made
    Graphviz fail) and against backslashes rewritten in pictures (`C:\\Net` drawn as `C:n4et`)."""
    data, texts = drawn_map
    checked = check_source(decode("map.yaml", as_yaml(data).encode("utf-8")), NO_RULES)
    errors = [p for p in checked.problems if p.severity == "error"]
    if any(CONTROL_CHARACTERS.search(t) for t in texts):
        assert errors and {p.code for p in errors} == {"control-character"}, errors
        assert all(p.position.line > 1 for p in errors)  # located at the text, not at the top of the file
        return
    assert not errors, errors
    assert checked.journey_map is not None
    rendered = render_map(checked.journey_map, "map.yaml", "map", RenderOptions(formats=("svg", "html")), dot)
    assert rendered.ok, rendered.problems
    pictures = ""
    for name in ("map.flow.svg", "map.journey.svg"):
        root = ET.fromstring(rendered.outputs[name])
        pictures += "".join("".join(t.itertext()) for t in root.iter(SVG_TEXT))
    shown = squeeze(pictures)
    missing = [t for t in texts if squeeze(t) not in shown]
    assert not missing, missing
    assert rendered.outputs["map.html"]
    # and the portfolio index lists it, its title as written, its summary as a stamp keeps it
    summary = summarise(checked.journey_map, "map.yaml")
    assert from_data(json.loads(json.dumps(to_data(summary), sort_keys=True))) == summary
    page = index_html(portfolio([IndexEntry("map.yaml", summary, (), "map.html")], None))
    assert str(escape(checked.journey_map.title)) in page


@settings(
    max_examples=max(FUZZ_EXAMPLES // 4, 10),
    deadline=None,
    derandomize=DERANDOMIZE,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
@given(maps(controls=False), maps(controls=False))
def test_any_two_valid_maps_draw_their_differences(
    dot: Any, old_map: tuple[dict[str, Any], list[str]], new_map: tuple[dict[str, Any], list[str]]
) -> None:
    """Protects against the same failures in `cjm diff --render`, whose marks add notes to labels and the
    old texts to tooltips (DOT quoted strings, read as escStrings too)."""
    old, new = (
        check_source(decode(name, as_yaml(m[0]).encode("utf-8")), NO_RULES)
        for name, m in (("old", old_map), ("new", new_map))
    )
    assert old.ok and new.ok and old.journey_map is not None and new.journey_map is not None
    comparison = Comparison(old, new, diff_maps(old.journey_map, new.journey_map))
    rendered = draw_diff(comparison, "new", RenderOptions(formats=("svg", "html")), dot)
    assert rendered.ok, rendered.problems
    view = diff_view(old.journey_map, new.journey_map, comparison.changes, "old", "new")
    tooltips = {squeeze(marks.tooltip(mark)) for mark in _marks_in(view.marks)}
    shown = ""
    for name in ("new.diff.flow.svg", "new.diff.journey.svg"):
        root = ET.fromstring(rendered.outputs[name])
        shown += squeeze("".join("".join(t.itertext()) for t in root.iter(SVG_TEXT)))
        drawn = [element.get(XLINK_TITLE, "") for element in root.iter()]
        assert all(squeeze(t) in tooltips for t in drawn if t.startswith(tuple(MARKERS.values()))), drawn
    missing = [t for t in new_map[1] if squeeze(t) not in shown]
    assert not missing, missing


def _marks_in(value: Any) -> list[Mark]:
    """Every mark a diff's marks hold, wherever they are kept."""
    if isinstance(value, Mark):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [m for f in dataclasses.fields(value) for m in _marks_in(getattr(value, f.name))]
    if isinstance(value, Mapping):
        return [m for v in value.values() for m in _marks_in(v)]
    if isinstance(value, tuple | list):
        return [m for v in value for m in _marks_in(v)]
    return []


BACKSLASHES = "Open C:\\Net\\Gear \\N\\G\\E\\H\\T\\L \\\\ \\n end\\"


def test_backslashes_are_drawn_as_written(cjm: Callable[..., Run], write_map: Callable[..., Path]) -> None:
    """Protects against Graphviz's escString rules rewriting user text in every picture: `\\N`, `\\G`, `\\E`,
    `\\H`, `\\T`, `\\L` and `\\\\` in a label were replaced by node and graph names."""
    quoted = json.dumps(BACKSLASHES)
    path = write_map(
        f"""\
        cjm: 1
        title: {quoted}
        leads:
          stages:
            - {{id: NEW, name: {quoted}}}
            - {{id: OK, name: Ok, meaning: success}}
        journey:
          stages:
            - {{id: a, name: {quoted}, actions: [{quoted}]}}
        """
    )
    run = cjm("render", path, "-f", "svg", "-o", path.parent / "out")
    assert run.exit_code == 0, run.stdout + run.stderr
    for view, times in (("flow", 2), ("journey", 3)):
        root = ET.parse(path.parent / "out" / f"map.{view}.svg").getroot()
        shown = squeeze("".join("".join(t.itertext()) for t in root.iter(SVG_TEXT)))
        assert shown.count(squeeze(BACKSLASHES)) == times, shown


@pytest.mark.parametrize("escape", ["\\e[31m", "\\x01", "\\x08", "\\0", "\\x7f", "\\x85", "\\u2028", "\\uFFFE"])
def test_a_control_character_written_as_an_escape_is_a_located_problem(
    cjm: Callable[..., Run], write_map: Callable[..., Path], escape: str
) -> None:
    """Protects against a valid map that cannot be drawn: `title: "Shop \\e[31mred"` passed validate, then
    render failed with "Graphviz failed: in label of node n4" at 1:1."""
    path = write_map(f'cjm: 1\njourney:\n  stages:\n    - {{id: a, name: "Shop {escape}red"}}\ntitle: Shop\n')
    validated = cjm("validate", path)
    assert validated.exit_code == 1
    assert f"{path}:4:21: error control-character control character U+" in validated.stdout
    assert "hint: remove it" in validated.stdout
    rendered = cjm("render", path, "-o", path.parent / "out")
    assert rendered.exit_code == 1
    assert "render-failed" not in rendered.stdout
    assert not (path.parent / "out").exists()


def _texts_without_the_check(annotation: Any, metadata: list[Any], where: str, seen: set[type]) -> list[str]:
    """Every place below `annotation` where the model takes a string without `Printable` (or an id's pattern)."""
    if annotation is str:
        checked = Printable in metadata or ID_PATTERN in repr(metadata)
        return [] if checked else [where]
    if typing.get_origin(annotation) is typing.Annotated:
        base, *extra = typing.get_args(annotation)
        return _texts_without_the_check(base, [*metadata, *extra], where, seen)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in seen:
            return []
        seen.add(annotation)
        return [
            found
            for name, field in annotation.model_fields.items()
            for found in _texts_without_the_check(
                field.annotation, field.metadata, f"{annotation.__name__}.{name}", seen
            )
        ]
    if typing.get_origin(annotation) is typing.Literal:
        return []
    return [found for a in typing.get_args(annotation) for found in _texts_without_the_check(a, [], where, seen)]


def test_every_text_of_the_format_refuses_control_characters() -> None:
    """Protects against a text field added later without the check: any string the map can hold, in any
    block, carries `Printable` (ids are held to their pattern)."""
    assert _texts_without_the_check(JourneyMap, [], "JourneyMap", set()) == []
